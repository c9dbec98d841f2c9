using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>Every message's send, recorded before and after the provider is called.</summary>
public interface IEmailLedger
{
    Task<EmailLedgerEntry?> FindAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a message's first attempt unless the message has an entry already: returns null when this call
    /// recorded it, else the existing entry (an attempt that did not finish, or a message already sent). One round
    /// trip for the common case, where looking first and then writing would take two.
    /// </summary>
    Task<EmailLedgerEntry?> TryAddAsync(EmailLedgerEntry entry, CancellationToken cancellationToken);

    Task RecordAsync(EmailLedgerEntry entry, CancellationToken cancellationToken);
}

/// <summary>A message's sending: its state, when its first attempt began, how many there were, and through which provider.</summary>
public sealed record EmailLedgerEntry(string MessageId, EmailLedgerState State, DateTimeOffset FirstAttemptAt, int Attempts, string Provider);

public enum EmailLedgerState
{
    /// <summary>An attempt began; whether the provider accepted it is not known yet.</summary>
    Sending,
    Sent,
}
