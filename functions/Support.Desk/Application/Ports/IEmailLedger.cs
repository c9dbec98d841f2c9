using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>Every message's send, recorded before and after the provider is called.</summary>
public interface IEmailLedger
{
    Task<EmailLedgerEntry?> FindAsync(string messageId, CancellationToken cancellationToken);

    Task RecordAsync(EmailLedgerEntry entry, CancellationToken cancellationToken);
}

public sealed record EmailLedgerEntry(string MessageId, EmailLedgerState State, DateTimeOffset FirstAttemptAt, int Attempts, string Provider);

public enum EmailLedgerState
{
    /// <summary>An attempt began; whether the provider accepted it is not known yet.</summary>
    Sending,
    Sent,
}
