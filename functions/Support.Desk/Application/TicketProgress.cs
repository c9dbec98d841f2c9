using System.Diagnostics;
using Support.Desk.Domain;
using Support.Desk.Application.Email;
using Support.Desk.Application.Ports;
using Support.Desk.Domain.Email;
using Support.Desk.Domain.Notices;
using Support.Desk.Settings;

namespace Support.Desk.Application;

/// <summary>
/// What the ticket workflow does each time it wakes: commit the notices that have fallen due (recorded and
/// queued in the outbox in one write), let <see cref="EmailOutbox"/> deliver what is due, and say when to wake next. Everything is
/// re-derived from the stored ticket, so a repeated run after a crash or retry does nothing twice: notices
/// are recorded before their emails go, and emails carry deterministic message IDs.
/// </summary>
public sealed class TicketProgress(
    ITicketStore store,
    IIntakeJournal journal,
    EmailOutbox outbox,
    SlaPolicy policy,
    EscalationOptions escalation,
    TimeProvider clock,
    IOpenTicketIndex openTickets)
{
    public const string Actor = "sla-workflow";
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
        current = await outbox.DeliverAsync(current, cancellationToken).ConfigureAwait(false);

        DateTimeOffset now = clock.GetUtcNow();
        Ticket ticket = current.Ticket;
        SlaPlan plan = SlaPlanner.Plan(ticket, policy, escalation, now);
        DateTimeOffset? next = plan.Send.Count > 0 ? now : plan.NextAt;
        foreach (OutboxEmail email in ticket.Commitments.Outbox)
        {
            next = next is null || email.NextAttemptAt < next ? email.NextAttemptAt : next;
        }

        bool finished = ticket.Status == TicketStatus.Closed && ticket.Commitments.Outbox.Count == 0;
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
            TicketCommitments work = ticket.Commitments with
            {
                Notices = [.. ticket.Commitments.Notices, .. plan.Skip.Select(n => new NoticeRecord(n.Key, n.Kind, now, Skipped: true))],
            };
            var events = new List<TicketEvent>();
            foreach (PlannedNotice notice in plan.Send)
            {
                // What the notice leaves on the timeline and which email it sends: its row in NoticeRules.
                NoticeRule rule = notice.Rule;
                DeskTelemetry.SlaNotices.Add(1, new KeyValuePair<string, object?>("kind", WireNames.Of(notice.Kind)));
                work = work with { Notices = [.. work.Notices, new NoticeRecord(notice.Key, notice.Kind, now, Skipped: false)] };
                work = work.Enqueue(ticket.Id, rule.Email(ticket.Status), now, notice.ClockId);
                events.Add(TicketEvent.Create(now, rule.Event, Actor, rule.Summary(notice.Key.Step), notice.Key.EventDiscriminator));
            }

            Ticket updated = ticket with { Commitments = work };
            if (await store.TryUpdateAsync(updated, current.Version, events, cancellationToken).ConfigureAwait(false) is { } version)
            {
                return new VersionedTicket(updated, version);
            }

            ThrowIfExhausted(attempt, ticketId);
        }
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
}
