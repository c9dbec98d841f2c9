using Support.Desk.Application.Ports;

namespace Support.Desk.Application.Email;

/// <summary>
/// Wraps the configured provider with the send ledger: a message recorded as sent is never handed over
/// again, and a retried message carries the time of its first attempt, which providers with idempotent
/// requests (ACS repeatability) use to make the retry a no-op on their side.
/// </summary>
/// <remarks>
/// If the process dies after the provider accepted a message but before "sent" is recorded, the retry asks
/// the provider again: ACS recognises the repeated request (and its operation); SendGrid has no such
/// check, so there, and only there, that narrow window can deliver a message twice.
/// </remarks>
public sealed class LedgerEmailSender(IEmailSender provider, string providerName, IEmailLedger ledger, TimeProvider clock) : IEmailSender
{
    public async Task<EmailSendOutcome> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sending = new EmailLedgerEntry(message.MessageId, EmailLedgerState.Sending, clock.GetUtcNow(), 1, providerName);
        if (await ledger.TryAddAsync(sending, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            if (earlier.State == EmailLedgerState.Sent)
            {
                return EmailSendOutcome.AlreadySent;
            }

            // A retry: it keeps the first attempt's time, which the provider's idempotency check compares.
            sending = earlier with { Attempts = earlier.Attempts + 1, Provider = providerName };
            await ledger.RecordAsync(sending, cancellationToken).ConfigureAwait(false);
        }

        EmailSendOutcome outcome = await provider.SendAsync(message with { FirstAttemptAt = sending.FirstAttemptAt }, cancellationToken).ConfigureAwait(false);
        await ledger.RecordAsync(sending with { State = EmailLedgerState.Sent }, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
