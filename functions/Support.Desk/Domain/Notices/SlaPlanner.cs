using Support.Desk.Settings;

namespace Support.Desk.Domain.Notices;

/// <summary>A notice the desk owes at <see cref="At"/>.</summary>
public sealed record PlannedNotice(NoticeKey Key, DateTimeOffset At)
{
    public NoticeKind Kind => this.Key.Kind;

    public string? ClockId => this.Key.ClockId;

    public NoticeRule Rule => NoticeRules.For(this.Kind);
}

/// <summary>The notices to act on now (latest per clock; earlier ones it supersedes are skipped) and when the next falls due.</summary>
public sealed record SlaPlan(IReadOnlyList<PlannedNotice> Send, IReadOnlyList<PlannedNotice> Skip, DateTimeOffset? NextAt);

/// <summary>
/// Works out which notices a ticket owes, from its clocks, the policy and <see cref="NoticeRules"/>. Pure and
/// time-independent apart from <c>now</c>, so the workflow can recompute it after every change.
/// </summary>
/// <remarks>
/// Non-urgent clocks run in business hours, and their notices wait for the next coverage window rather
/// than going out at night; 24x7 clocks notify around the clock. When several notices of one clock (or one
/// wait) are due at once (after an outage, or a severity raise), only the latest is sent.
/// </remarks>
public static class SlaPlanner
{
    public static SlaPlan Plan(Ticket ticket, SlaPolicy policy, EscalationOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        if (ticket.Status == TicketStatus.Closed)
        {
            return new SlaPlan([], [], null);
        }

        HashSet<NoticeKey> done = [.. ticket.Commitments.Notices.Select(n => n.Key)];
        var groups = new List<List<PlannedNotice>>();
        TimeZoneInfo zone = ticket.TimeZone;
        SlaTerms terms = policy.TermsFor(ticket.Tier, ticket.Severity);
        CoverageCalendar calendar = policy.CalendarFor(ticket.Tier, ticket.Severity, zone);
        NoticeRule[] clockRules = [.. NoticeRules.All.Where(r => r.Watches == NoticeWatch.Clock)];
        NoticeRule[] waitRules = [.. NoticeRules.All.Where(r => r.Watches == NoticeWatch.Wait)];

        foreach (SlaClock clock in ticket.Commitments.Clocks.Where(c => c.IsRunning))
        {
            DateTimeOffset Notify(DateTimeOffset at) => terms.Coverage == Coverage.AlwaysOn ? at : calendar.NextCoveredInstant(at);
            DateTimeOffset deadline = clock.InstantWhenElapsed(calendar, terms.Target)!.Value;
            groups.Add([.. clockRules.SelectMany(rule => rule.Schedule(terms, options).Select(s => new PlannedNotice(
                NoticeKey.ForClock(clock.Id, rule.Kind, s.Step),
                Notify(s.Due switch
                {
                    NoticeDue.AfterRunning running => clock.InstantWhenElapsed(calendar, running.Elapsed)!.Value,
                    NoticeDue.AfterDeadline late => deadline + late.Delay,
                    _ => throw new InvalidOperationException($"{rule.Kind} watches a clock; it cannot fall due in business days."),
                }))))]);
        }

        if (ticket.Status is TicketStatus.WaitingOnCustomer or TicketStatus.ResolutionProposed && ticket.Commitments.WaitingSince is { } waitingSince)
        {
            CoverageCalendar business = policy.BusinessCalendarFor(ticket.Tier, zone);
            TimeSpan businessDay = policy.BusinessDayLength(ticket.Tier);
            groups.Add([.. waitRules.SelectMany(rule => rule.Schedule(terms, options).Select(s => new PlannedNotice(
                NoticeKey.ForWait(waitingSince, rule.Kind, s.Step),
                s.Due is NoticeDue.AfterBusinessDays days
                    ? business.Add(waitingSince, businessDay * days.Days)
                    : throw new InvalidOperationException($"{rule.Kind} watches a wait; it falls due in business days."))))]);
        }

        var send = new List<PlannedNotice>();
        var skip = new List<PlannedNotice>();
        DateTimeOffset? next = null;
        foreach (List<PlannedNotice> group in groups)
        {
            PlannedNotice[] pending = [.. group.Where(n => !done.Contains(n.Key)).OrderBy(n => n.At)];
            PlannedNotice[] due = [.. pending.Where(n => n.At <= now)];
            if (due.Length > 0)
            {
                send.Add(due[^1]);
                skip.AddRange(due[..^1]);
            }

            if (pending.FirstOrDefault(n => n.At > now) is { } upcoming && (next is null || upcoming.At < next))
            {
                next = upcoming.At;
            }
        }

        return new SlaPlan(send, skip, next);
    }

    /// <summary>
    /// When the ticket next needs the desk: now if a notice is due, else the earliest of its next notice and its
    /// queued emails' next attempts; null when nothing is scheduled (a closed ticket with an empty outbox, or an
    /// open one whose clocks are all stopped and that waits on nobody).
    /// </summary>
    public static DateTimeOffset? NextDue(Ticket ticket, SlaPolicy policy, EscalationOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        SlaPlan plan = Plan(ticket, policy, options, now);
        DateTimeOffset? next = plan.Send.Count > 0 ? now : plan.NextAt;
        foreach (Email.OutboxEmail email in ticket.Commitments.Outbox)
        {
            next = next is null || email.NextAttemptAt < next ? email.NextAttemptAt : next;
        }

        return next;
    }
}
