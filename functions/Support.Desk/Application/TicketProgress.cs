using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Support.Desk.Application.Status;
using Support.Desk.Domain;

namespace Support.Desk.Application;

/// <summary>
/// What the ticket workflow does each time it wakes: commit the notices that have fallen due (recorded and
/// queued in the outbox in one write), deliver the outbox, and say when to wake next. Everything is
/// re-derived from the stored ticket, so a repeated run after a crash or retry does nothing twice: notices
/// are recorded before their emails go, and emails carry deterministic message IDs.
/// </summary>
public sealed partial class TicketProgress(
    ITicketStore store,
    IIntakeJournal journal,
    IEmailSender sender,
    TicketEmailComposer composer,
    ICustomerDirectory directory,
    SlaPolicy policy,
    EscalationOptions escalation,
    TimeProvider clock,
    RegionStatusBoard regionStatus,
    IOpenTicketIndex openTickets,
    ILogger<TicketProgress> logger)
{
    public const string Actor = "sla-workflow";
    public const int MaxEmailAttempts = 6;
    const int MaxWriteAttempts = 10;

    public async Task AcknowledgeStartAsync(string ticketId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await store.AppendEventAsync(ticketId, TicketEvent.Create(at, TicketEventKind.WorkflowStarted, Actor, "SLA workflow started."), cancellationToken)
            .ConfigureAwait(false);
        VersionedTicket current = await this.LoadAsync(ticketId, cancellationToken).ConfigureAwait(false);
        if (current.Ticket.Status != TicketStatus.Closed)
        {
            await openTickets.AddAsync(current.Ticket, cancellationToken).ConfigureAwait(false);
        }

        await journal.ClearAsync(ticketId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TicketSchedule> AdvanceAsync(string ticketId, CancellationToken cancellationToken)
    {
        using Activity? span = DeskTelemetry.Source.StartActivity("ticket.advance");
        span?.SetTag("ticket.id", ticketId);
        VersionedTicket current = await this.CommitDueNoticesAsync(ticketId, cancellationToken).ConfigureAwait(false);
        current = await this.DeliverOutboxAsync(current, cancellationToken).ConfigureAwait(false);

        DateTimeOffset now = clock.GetUtcNow();
        Ticket ticket = current.Ticket;
        SlaPlan plan = SlaPlanner.Plan(ticket, policy, escalation, now);
        DateTimeOffset? next = plan.Send.Count > 0 ? now : plan.NextAt;
        foreach (OutboxEmail email in ticket.Work.Outbox)
        {
            next = next is null || email.NextAttemptAt < next ? email.NextAttemptAt : next;
        }

        bool finished = ticket.Status == TicketStatus.Closed && ticket.Work.Outbox.Count == 0;
        if (finished)
        {
            await openTickets.RemoveAsync(ticket, cancellationToken).ConfigureAwait(false);
        }

        return new TicketSchedule(finished, next);
    }

    async Task<VersionedTicket> CommitDueNoticesAsync(string ticketId, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            VersionedTicket current = await this.LoadAsync(ticketId, cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = clock.GetUtcNow();
            SlaPlan plan = SlaPlanner.Plan(current.Ticket, policy, escalation, now);
            if (plan.Send.Count == 0 && plan.Skip.Count == 0)
            {
                return current;
            }

            Ticket ticket = current.Ticket;
            TicketWork work = ticket.Work with
            {
                Notices = [.. ticket.Work.Notices, .. plan.Skip.Select(n => new NoticeRecord(n.Key, n.Kind, now, Skipped: true))],
            };
            var events = new List<TicketEvent>();
            foreach (PlannedNotice notice in plan.Send)
            {
                DeskTelemetry.SlaNotices.Add(1, new KeyValuePair<string, object?>("kind", WireNames.Of(notice.Kind)));
                work = work with { Notices = [.. work.Notices, new NoticeRecord(notice.Key, notice.Kind, now, Skipped: false)] };
                work = work.Enqueue(ticket.Id, EmailKindFor(notice, ticket.Status), now, notice.ClockId);
                events.Add(TicketEvent.Create(now, EventKindFor(notice.Kind), Actor, SummaryOf(notice), notice.Key.Replace(':', '.')));
            }

            Ticket updated = ticket with { Work = work };
            if (await store.TryUpdateAsync(updated, current.Version, events, cancellationToken).ConfigureAwait(false) is { } version)
            {
                return new VersionedTicket(updated, version);
            }

            ThrowIfExhausted(attempt, ticketId);
        }
    }

    async Task<VersionedTicket> DeliverOutboxAsync(VersionedTicket current, CancellationToken cancellationToken)
    {
        DateTimeOffset now = clock.GetUtcNow();
        OutboxEmail[] due = [.. current.Ticket.Work.Outbox.Where(o => o.NextAttemptAt <= now)];
        if (due.Length == 0)
        {
            return current;
        }

        var results = new List<(OutboxEmail Email, string? To, Exception? Error)>();
        foreach (OutboxEmail email in due)
        {
            try
            {
                using Activity? send = DeskTelemetry.Source.StartActivity("email.send");
                send?.SetTag("email.kind", WireNames.Of(email.Kind)).SetTag("email.message_id", email.MessageId);
                EmailMessage message = await this.ComposeAsync(current.Ticket, email, now, cancellationToken).ConfigureAwait(false);
                await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
                DeskTelemetry.EmailsSent.Add(1, new KeyValuePair<string, object?>("kind", WireNames.Of(email.Kind)));
                results.Add((email, message.To, null));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                DeskTelemetry.EmailsFailed.Add(1, new KeyValuePair<string, object?>("kind", WireNames.Of(email.Kind)));
                results.Add((email, null, ex));
            }
        }

        for (int attempt = 1; ; attempt++)
        {
            now = clock.GetUtcNow();
            var events = new List<TicketEvent>();
            var alerts = new List<string>();
            var outbox = current.Ticket.Work.Outbox.ToList();
            foreach ((OutboxEmail email, string? to, Exception? error) in results)
            {
                int index = outbox.FindIndex(o => o.MessageId == email.MessageId);
                if (index < 0)
                {
                    continue;
                }

                if (error is null)
                {
                    outbox.RemoveAt(index);
                    events.Add(TicketEvent.Create(now, TicketEventKind.EmailSent, Actor, $"{WireNames.Of(email.Kind)} email sent to {to}.", email.MessageId));
                    continue;
                }

                int attempts = outbox[index].Attempts + 1;
                bool permanent = error is EmailDeliveryException { Permanent: true };
                if (permanent || attempts >= MaxEmailAttempts)
                {
                    outbox.RemoveAt(index);
                    TicketEvent failed = TicketEvent.Create(now, TicketEventKind.EmailFailed, Actor,
                        $"{WireNames.Of(email.Kind)} email could not be sent after {attempts} attempt(s): {error.Message}", email.MessageId);
                    events.Add(failed);
                    LogEmailFailed(logger, error, email.MessageId, attempts);

                    // Tell a person, unless what failed was itself such an alert (no loop).
                    if (email.Kind != TicketEmailKind.DeliveryFailureAlert)
                    {
                        alerts.Add(failed.Id);
                    }

                    continue;
                }

                // Exponential back-off from 5 s up to 5 min, never sooner than the provider asked.
                TimeSpan backoff = TimeSpan.FromSeconds(Math.Min(300, 5 * Math.Pow(2, attempts - 1)));
                if (error is EmailDeliveryException { RetryAfter: { } retryAfter } && retryAfter > backoff)
                {
                    backoff = retryAfter;
                }

                outbox[index] = outbox[index] with { Attempts = attempts, NextAttemptAt = now + backoff };
                LogEmailRetry(logger, error, email.MessageId, attempts, backoff);
            }

            TicketWork work = current.Ticket.Work with { Outbox = outbox };
            foreach (string failedEventId in alerts)
            {
                work = work.Enqueue(current.Ticket.Id, TicketEmailKind.DeliveryFailureAlert, now, eventId: failedEventId);
            }

            Ticket updated = current.Ticket with { Work = work };
            if (await store.TryUpdateAsync(updated, current.Version, events, cancellationToken).ConfigureAwait(false) is { } version)
            {
                return new VersionedTicket(updated, version);
            }

            ThrowIfExhausted(attempt, current.Ticket.Id);
            current = await this.LoadAsync(current.Ticket.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    async Task<EmailMessage> ComposeAsync(Ticket ticket, OutboxEmail email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TicketEvent? source = email.EventId is null
            ? null
            : await store.FindEventAsync(ticket.Id, email.EventId, cancellationToken).ConfigureAwait(false);
        string? clockId = email.ClockId ?? (email.Kind == TicketEmailKind.Confirmation ? ticket.Work.Clocks.FirstOrDefault(c => c.Kind == SlaClockKind.FirstResponse)?.Id : null);
        SlaClockStatus? status = clockId is null ? null : TicketSla.Evaluate(ticket, clockId, policy, now);
        string? region = email.Kind is TicketEmailKind.SlaWarning or TicketEmailKind.SlaBreach or TicketEmailKind.SlaEscalation
            ? await regionStatus.DescribeAsync(ticket.Region, cancellationToken).ConfigureAwait(false)
            : null;
        return composer.Compose(new EmailContext(ticket, email, source, status, directory.Find(ticket.Submission.Tenant), now, region));
    }

    async Task<VersionedTicket> LoadAsync(string ticketId, CancellationToken cancellationToken) =>
        await store.LoadAsync(ticketId, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"Ticket {ticketId} does not exist.");

    static void ThrowIfExhausted(int attempt, string ticketId)
    {
        if (attempt >= MaxWriteAttempts)
        {
            throw new InvalidOperationException($"Ticket {ticketId} kept changing; the workflow step will be retried.");
        }
    }

    static TicketEmailKind EmailKindFor(PlannedNotice notice, TicketStatus status) => notice.Kind switch
    {
        NoticeKind.SlaWarning => TicketEmailKind.SlaWarning,
        NoticeKind.SlaBreach => TicketEmailKind.SlaBreach,
        NoticeKind.SlaEscalation => TicketEmailKind.SlaEscalation,
        _ => status == TicketStatus.ResolutionProposed ? TicketEmailKind.ConfirmationReminder : TicketEmailKind.WaitingReminder,
    };

    static TicketEventKind EventKindFor(NoticeKind kind) => kind switch
    {
        NoticeKind.SlaWarning => TicketEventKind.SlaWarning,
        NoticeKind.SlaBreach => TicketEventKind.SlaBreached,
        NoticeKind.SlaEscalation => TicketEventKind.SlaEscalated,
        _ => TicketEventKind.CustomerReminded,
    };

    static string SummaryOf(PlannedNotice notice) => notice.Kind switch
    {
        NoticeKind.SlaWarning => "SLA at risk: warning sent to the assignee or queue.",
        NoticeKind.SlaBreach => "SLA breached: support lead and customer success manager notified.",
        NoticeKind.SlaEscalation => $"SLA breach continues: escalated to the duty manager (level {notice.Level}).",
        _ => $"Customer reminded after {notice.Level} business day(s) of waiting.",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {MessageId} failed for good after {Attempts} attempt(s).")]
    private static partial void LogEmailFailed(ILogger logger, Exception error, string messageId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {MessageId} failed (attempt {Attempts}); retrying in {Backoff}.")]
    private static partial void LogEmailRetry(ILogger logger, Exception error, string messageId, int attempts, TimeSpan backoff);
}
