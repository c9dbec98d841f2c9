using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Application.Ports;
using Support.Desk.Domain.Notices;
using Support.Desk.Settings;

namespace Support.Desk.Application;

/// <summary>
/// A ticket as seen at one instant: its clocks evaluated, the next notice it owes, the timeline its reader may see;
/// <see cref="ForStaff"/> says whether internal details (assignee, notices) are shown.
/// </summary>
public sealed record TicketView(Ticket Ticket, IReadOnlyList<SlaClockStatus> Clocks, DateTimeOffset? NextNoticeAt, IReadOnlyList<TicketEvent> Timeline, bool ForStaff = true);

/// <summary>The answer to a ticket read: the view, nothing (absent, or not the caller's), or access denied.</summary>
public abstract record TicketLookup
{
    private TicketLookup()
    {
    }

    public sealed record Found(TicketView View) : TicketLookup;

    public sealed record NotFound : TicketLookup;

    public sealed record Denied(AccessDecision Decision) : TicketLookup;
}

/// <summary>Reads tickets as the caller may see them: staff see everything; a customer sees the timeline entries that are theirs.</summary>
public sealed class TicketQueries(ITicketStore store, TicketAccess access, SlaPolicy policy, EscalationOptions escalation, TimeProvider clock)
{
    public async Task<TicketLookup> GetAsync(Caller caller, string ticketId, CancellationToken cancellationToken)
    {
        if (TicketAccessPolicy.Decide(caller, TicketOperation.Read) is var decision and not AccessDecision.Continue)
        {
            return new TicketLookup.Denied(decision);
        }

        if (TicketIds.Normalize(ticketId) is not { } id)
        {
            return new TicketLookup.NotFound();
        }

        TicketRecord? record = await store.FindRecordAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || !access.MayAccess(caller, TicketOperation.Read, record.Ticket))
        {
            return new TicketLookup.NotFound();
        }

        DateTimeOffset now = clock.GetUtcNow();
        SlaPlan plan = SlaPlanner.Plan(record.Ticket, policy, escalation, now);
        return new TicketLookup.Found(new TicketView(
            record.Ticket, TicketSla.Evaluate(record.Ticket, policy, now), plan.Send.Count > 0 ? now : plan.NextAt, TicketAccess.VisibleTimeline(caller, record.Timeline), ForStaff: caller.Staff is not null));
    }
}
