using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>Hands messages to an email provider. Sending the same message ID twice must not send twice.</summary>
public interface IEmailSender
{
    Task<EmailSendOutcome> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

public sealed record EmailMessage(
    string MessageId,
    string To,
    IReadOnlyList<string> Cc,
    string Subject,
    string TextBody,
    string HtmlBody)
{
    /// <summary>When the first attempt to send this message began (set by the send ledger; providers use it for idempotent retries).</summary>
    public DateTimeOffset? FirstAttemptAt { get; init; }

    /// <summary>
    /// The message ID of the conversation's first message (a ticket's confirmation): every provider sets
    /// <c>In-Reply-To</c> and <c>References</c> to it, so mail clients keep a ticket's messages together.
    /// </summary>
    public string? ThreadRootId { get; init; }

    /// <summary>Where replies go (a ticket's reply address, which carries the ticket ID and its tag), when replies are taken.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>Extra headers every provider sets (e.g. <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c> on status emails).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

public enum EmailSendOutcome
{
    Sent,

    /// <summary>A message with this ID was already handed over: nothing was sent again.</summary>
    AlreadySent,
}

/// <summary>
/// A send that did not go through. <see cref="Permanent"/> failures (a rejected address, a bad request) are
/// not retried; others are, no sooner than <see cref="RetryAfter"/> when the provider said so.
/// </summary>
public sealed class EmailDeliveryException(string message, bool permanent, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
