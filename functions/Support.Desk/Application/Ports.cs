using Support.Desk.Domain;

namespace Support.Desk.Application;

/// <summary>A ticket together with its timeline, in time order.</summary>
public sealed record TicketRecord(Ticket Ticket, IReadOnlyList<TicketEvent> Timeline);

public enum CreateTicketOutcome
{
    Created,
    AlreadyExists,
}

/// <summary>A ticket with the version it was read at, for optimistic concurrency.</summary>
public sealed record VersionedTicket(Ticket Ticket, string Version);

/// <summary>Durable storage of tickets and their timelines.</summary>
public interface ITicketStore
{
    /// <summary>Stores a new ticket and its first timeline events atomically (one round trip where the store allows).</summary>
    Task<CreateTicketOutcome> CreateAsync(Ticket ticket, IReadOnlyList<TicketEvent> initialEvents, CancellationToken cancellationToken);

    Task<VersionedTicket?> LoadAsync(string ticketId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the ticket if it is still at <paramref name="version"/> and adds the events, atomically.
    /// Returns the new version, or null when someone else changed it first: reload and try again.
    /// </summary>
    Task<string?> TryUpdateAsync(Ticket ticket, string version, IReadOnlyList<TicketEvent> events, CancellationToken cancellationToken);

    Task<TicketEvent?> FindEventAsync(string ticketId, string eventId, CancellationToken cancellationToken);

    Task<TicketRecord?> FindRecordAsync(string ticketId, CancellationToken cancellationToken);

    /// <summary>Adds an event; writing the same event ID twice keeps one entry.</summary>
    Task AppendEventAsync(string ticketId, TicketEvent ticketEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Tickets acknowledged but whose workflow has not yet reported that it started. Written alongside the
/// ticket, cleared by the workflow; what is left over is repaired by <see cref="IntakeReconciler"/>.
/// </summary>
public interface IIntakeJournal
{
    Task RecordPendingAsync(string ticketId, DateTimeOffset acceptedAt, CancellationToken cancellationToken);

    Task ClearAsync(string ticketId, CancellationToken cancellationToken);

    IAsyncEnumerable<PendingIntake> ListPendingSinceBeforeAsync(DateTimeOffset acceptedBefore, CancellationToken cancellationToken);
}

public sealed record PendingIntake(string TicketId, DateTimeOffset AcceptedAt);

/// <summary>Starts and inspects ticket workflows (the durable orchestration whose instance ID is the ticket ID).</summary>
public interface ITicketWorkflows
{
    /// <summary>Starts the workflow; returns false when an instance with that ID already exists.</summary>
    Task<bool> StartAsync(TicketWorkflowInput input, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string ticketId, CancellationToken cancellationToken);

    /// <summary>Tells the ticket's workflow that the ticket changed, so it re-plans its timers.</summary>
    Task NotifyChangedAsync(string ticketId, CancellationToken cancellationToken);
}

/// <summary>The customer directory: tenant name to plan, region, time zone.</summary>
public interface ICustomerDirectory
{
    Customer? Find(string tenant);
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
}

public enum EmailSendOutcome
{
    Sent,

    /// <summary>A message with this ID was already handed over: nothing was sent again.</summary>
    AlreadySent,
}

/// <summary>Hands messages to an email provider. Sending the same message ID twice must not send twice.</summary>
public interface IEmailSender
{
    Task<EmailSendOutcome> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

public enum EmailLedgerState
{
    /// <summary>An attempt began; whether the provider accepted it is not known yet.</summary>
    Sending,
    Sent,
}

public sealed record EmailLedgerEntry(string MessageId, EmailLedgerState State, DateTimeOffset FirstAttemptAt, int Attempts, string Provider);

/// <summary>Every message's send, recorded before and after the provider is called.</summary>
public interface IEmailLedger
{
    Task<EmailLedgerEntry?> FindAsync(string messageId, CancellationToken cancellationToken);

    Task RecordAsync(EmailLedgerEntry entry, CancellationToken cancellationToken);
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

/// <summary>
/// The ticket workflow's input: the ticket ID, and whether its start was already acknowledged (carried
/// over when the workflow continues as new to keep its history short).
/// </summary>
public sealed record TicketWorkflowInput(string TicketId, bool Acknowledged = false);

/// <summary>What the workflow does next: finish (closed, nothing left to send) or wake at <see cref="NextAt"/> (or on a change).</summary>
public sealed record TicketSchedule(bool Finished, DateTimeOffset? NextAt);
