using System.Diagnostics;
using Support.Desk.Domain;
using Support.Desk.Application.Email;
using Support.Desk.Application.Ports;
using Support.Desk.Domain.Email;
using Support.Desk.Domain.Incidents;
using Support.Desk.Application.Incidents;
using Support.Desk.Domain.Notices;
using Support.Desk.Settings;

namespace Support.Desk.Application;

/// <summary>What advancing a ticket left: the ticket as stored (null: no such ticket), whether its work is done, and when it is next due.</summary>
public sealed record TicketAdvance(Ticket? Ticket, bool Finished, DateTimeOffset? NextAt);

/// <summary>
/// What an SLA shard does for a ticket that fell due: commit the notices that have fallen due (recorded and
/// queued in the outbox in one write), let <see cref="EmailOutbox"/> deliver what is due, and say when the ticket
/// is next due. Everything is re-derived from the stored ticket, so a repeated run after a crash or retry does
/// nothing twice: notices are recorded before their emails go, and emails carry deterministic message IDs.
/// </summary>
public sealed class TicketProgress(
    ITicketStore store,
    ITenantTicketIndex tenantTickets,
    EmailOutbox outbox,
    SlaPolicy policy,
    EscalationOptions escalation,
    IncidentBoard incidents,
    TimeProvider clock)
{
    public const string Actor = "sla-workflow";
    const int MaxWriteAttempts = 10;

    public async Task<TicketAdvance> AdvanceAsync(string ticketId, CancellationToken cancellationToken)
    {
        using Activity? span = DeskTelemetry.Source.StartActivity("ticket.advance");
        span?.SetTag("ticket.id", ticketId);
        if (await store.LoadAsync(ticketId, cancellationToken).ConfigureAwait(false) is not { } loaded)
        {
            return new TicketAdvance(null, Finished: false, NextAt: null);
        }

        // A new ticket joins its tenant's list (My tickets) in the step that confirms it, before the confirmation can
        // leave the outbox: off the acknowledgement's path, and repeated (an idempotent upsert) until it is sent.
        if (loaded.Ticket.Commitments.Outbox.Any(o => o.Kind == TicketEmailKind.Confirmation))
        {
            await tenantTickets.AddAsync(loaded.Ticket, cancellationToken).ConfigureAwait(false);
        }

        VersionedTicket current = await this.CommitDueNoticesAsync(loaded, cancellationToken).ConfigureAwait(false);
        current = await outbox.DeliverAsync(current, cancellationToken).ConfigureAwait(false);

        Ticket ticket = current.Ticket;
        bool finished = ticket.Status == TicketStatus.Closed && ticket.Commitments.Outbox.Count == 0;
        return new TicketAdvance(ticket, finished, finished ? null : SlaPlanner.NextDue(ticket, policy, escalation, clock.GetUtcNow()));
    }

    async Task<VersionedTicket> CommitDueNoticesAsync(VersionedTicket loaded, CancellationToken cancellationToken)
    {
        VersionedTicket current = loaded;
        for (int attempt = 1; ; attempt++)
        {
            DateTimeOffset now = clock.GetUtcNow();
            SlaPlan plan = SlaPlanner.Plan(current.Ticket, policy, escalation, now);
            if (plan.Send.Count == 0 && plan.Skip.Count == 0)
            {
                return current;
            }

            // While the ticket is in an open incident, its staff notices join the incident's digest (one email per level and interval).
            string? digest = current.Ticket.Incident is { } link && await incidents.FindOpenAsync(link.IncidentId, cancellationToken).ConfigureAwait(false) is not null
                ? link.IncidentId
                : null;

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
                TicketEmailKind email = rule.Email(ticket.Status);
                work = work.Enqueue(ticket.Id, email, now, notice.ClockId, digest: DigestLevels.Of(email) is null ? null : digest);
                events.Add(TicketEvent.Create(now, rule.Event, Actor, rule.Summary(notice.Key.Step), notice.Key.EventDiscriminator));
            }

            Ticket updated = ticket with { Commitments = work };
            if (await store.TryUpdateAsync(updated, current.Version, events, cancellationToken).ConfigureAwait(false) is { } version)
            {
                return new VersionedTicket(updated, version);
            }

            ThrowIfExhausted(attempt, ticket.Id);
            current = await this.LoadAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    async Task<VersionedTicket> LoadAsync(string ticketId, CancellationToken cancellationToken) =>
        await store.LoadAsync(ticketId, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"Ticket {ticketId} does not exist.");

    static void ThrowIfExhausted(int attempt, string ticketId)
    {
        if (attempt >= MaxWriteAttempts)
        {
            throw new InvalidOperationException($"Ticket {ticketId} kept changing; its shard will try again.");
        }
    }
}
