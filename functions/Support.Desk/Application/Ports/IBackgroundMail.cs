namespace Support.Desk.Application.Ports;

/// <summary>
/// Emails a request asks for but must not wait for (a sign-in link, a subscription confirmation): sent in the
/// background through the ledger, so the request's answer takes the same time whether or not an email goes out.
/// </summary>
public interface IBackgroundMail
{
    /// <summary>Queues the message; false when the queue is full (the caller says to try again).</summary>
    bool TryEnqueue(EmailMessage message);
}
