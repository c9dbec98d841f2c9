namespace Support.Desk.Domain;

/// <summary>A notice the desk owes at <see cref="At"/>: an SLA warning, breach or escalation, or a customer reminder.</summary>
public sealed record PlannedNotice(string Key, NoticeKind Kind, int Level, string? ClockId, DateTimeOffset At);

/// <summary>The notices to act on now (latest per clock; earlier ones it supersedes are skipped) and when the next falls due.</summary>
public sealed record SlaPlan(IReadOnlyList<PlannedNotice> Send, IReadOnlyList<PlannedNotice> Skip, DateTimeOffset? NextAt);

/// <summary>
/// Works out which notices a ticket owes, from its clocks and the policy. Pure and time-independent apart
/// from <c>now</c>, so the workflow can recompute it after every change.
/// </summary>
/// <remarks>
/// Non-urgent clocks run in business hours, and their notices wait for the next coverage window rather
/// than going out at night; 24x7 clocks notify around the clock. When several notices of one clock are
/// due at once (after an outage, or a severity raise), only the latest is sent.
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

        HashSet<string> done = [.. ticket.Work.Notices.Select(n => n.Key)];
        var groups = new List<List<PlannedNotice>>();
        TimeZoneInfo zone = ticket.TimeZone;
        SlaTerms terms = policy.TermsFor(ticket.Tier, ticket.Severity);
        CoverageCalendar calendar = policy.CalendarFor(ticket.Tier, ticket.Severity, zone);

        foreach (SlaClock clock in ticket.Work.Clocks.Where(c => c.IsRunning))
        {
            DateTimeOffset Notify(DateTimeOffset at) => terms.Coverage == Coverage.AlwaysOn ? at : calendar.NextCoveredInstant(at);
            DateTimeOffset warnAt = clock.InstantWhenElapsed(calendar, terms.Target * options.WarningFraction)!.Value;
            DateTimeOffset breachAt = clock.InstantWhenElapsed(calendar, terms.Target)!.Value;
            string prefix = $"clock:{clock.Id}:";
            var notices = new List<PlannedNotice>
            {
                new(prefix + "warning", NoticeKind.SlaWarning, 0, clock.Id, Notify(warnAt)),
                new(prefix + "breach", NoticeKind.SlaBreach, 1, clock.Id, Notify(breachAt)),
            };
            for (int k = 1; k <= options.MaxContinuedBreachNotices; k++)
            {
                notices.Add(new(prefix + $"escalation-{k}", NoticeKind.SlaEscalation, 1 + k, clock.Id, Notify(breachAt + (options.ContinuedBreachInterval * k))));
            }

            groups.Add(notices);
        }

        if (ticket.Status is TicketStatus.WaitingOnCustomer or TicketStatus.ResolutionProposed && ticket.Work.WaitingSince is { } waitingSince)
        {
            CoverageCalendar business = policy.BusinessCalendarFor(ticket.Tier, zone);
            TimeSpan businessDay = policy.BusinessDayLength(ticket.Tier);
            string prefix = $"wait:{waitingSince.UtcTicks}:";
            groups.Add([.. options.ReminderDays().Select(days =>
                new PlannedNotice(prefix + $"reminder-{days}", NoticeKind.CustomerReminder, days, null, business.Add(waitingSince, businessDay * days)))]);
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
}
