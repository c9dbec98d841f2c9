using Support.Desk.Domain;
using static Support.Desk.UnitTests.TicketSamples;
using Support.Desk.Domain.Notices;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests;

public class SlaPlannerTests
{
    static readonly SlaPolicy Policy = new(new SlaPolicyOptions());
    static readonly EscalationOptions Escalation = new() { WarningFraction = 0.75, ContinuedBreachInterval = TimeSpan.FromHours(1), MaxContinuedBreachNotices = 2 };

    static SlaPlan Plan(Ticket ticket, DateTimeOffset now) => SlaPlanner.Plan(ticket, Policy, Escalation, now);

    static Ticket Record(Ticket ticket, SlaPlan plan, DateTimeOffset now) => ticket with
    {
        Commitments = ticket.Commitments with
        {
            Notices = [.. ticket.Commitments.Notices, .. plan.Send.Concat(plan.Skip).Select(n => new NoticeRecord(n.Key, n.Kind, now, plan.Skip.Contains(n)))],
        },
    };

    [Fact]
    public void Urgent_WarnsAt75PercentThenBreachesThenEscalatesHourly_AroundTheClock()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 28, 1, 0); // Saturday night: urgent runs 24x7
        Ticket ticket = New(t0, Severity.Urgent);
        var sent = new List<(NoticeKind Kind, DateTimeOffset At)>();

        for (DateTimeOffset? next = Plan(ticket, t0).NextAt; next is { } at; next = Plan(ticket, at).NextAt)
        {
            SlaPlan due = Plan(ticket, at);
            sent.AddRange(due.Send.Select(n => (n.Kind, n.At)));
            ticket = Record(ticket, due, at);
        }

        Assert.Equal(
            [(NoticeKind.SlaWarning, t0.AddMinutes(45)), (NoticeKind.SlaBreach, t0.AddHours(1)), (NoticeKind.SlaEscalation, t0.AddHours(2)), (NoticeKind.SlaEscalation, t0.AddHours(3))],
            sent);
    }

    [Fact]
    public void ReplyBeforeDeadline_LeavesNothingToSend()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 10, 0);
        Ticket ticket = New(t0, Severity.Urgent).Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "On it.", t0.AddMinutes(10)));

        SlaPlan plan = Plan(ticket, t0.AddHours(5));

        Assert.Empty(plan.Send);
        Assert.Null(plan.NextAt);
    }

    [Fact]
    public void PausedClock_SendsNoSlaNotices()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 10, 0);
        Ticket ticket = New(t0, Severity.Urgent).Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "agent", "HAR?", t0.AddMinutes(10)));

        SlaPlan plan = Plan(ticket, t0.AddHours(5));

        Assert.DoesNotContain(plan.Send, n => n.Kind != NoticeKind.CustomerReminder);
    }

    [Fact]
    public void BusinessHoursBreachAtClosingTime_WaitsForNextMorning()
    {
        // Gold/high Wednesday 14:00 + 4 business hours = 18:00, the closing instant: the breach goes out Thursday 06:00.
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 14, 0);
        Ticket ticket = New(t0, Severity.High);
        ticket = Record(ticket, Plan(ticket, t0.AddHours(3.5)), t0.AddHours(3.5));

        SlaPlan evening = Plan(ticket, NewYorkTime(2026, 11, 25, 20, 0));

        Assert.Empty(evening.Send);
        Assert.Equal(NewYorkTime(2026, 11, 26, 6, 0), evening.NextAt);
    }

    [Fact]
    public void BusinessHoursContinuedBreach_AtNight_IsDeferredToCoverageStart()
    {
        // Breach Wednesday 17:30; the escalation one hour later (18:30) waits for Thursday 06:00.
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 13, 30);
        Ticket ticket = New(t0, Severity.High);
        DateTimeOffset breach = NewYorkTime(2026, 11, 25, 17, 30);
        ticket = Record(ticket, Plan(ticket, breach), breach);

        SlaPlan plan = Plan(ticket, breach.AddMinutes(1));

        Assert.Equal(NewYorkTime(2026, 11, 26, 6, 0), plan.NextAt);
    }

    [Fact]
    public void SeveralNoticesOverdueAtOnce_SendsOnlyTheLatestAndSkipsTheRest()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 28, 1, 0);
        Ticket ticket = New(t0, Severity.Urgent);

        SlaPlan plan = Plan(ticket, t0.AddMinutes(150));

        Assert.Equal(NoticeKind.SlaEscalation, Assert.Single(plan.Send).Kind);
        Assert.Equal([NoticeKind.SlaWarning, NoticeKind.SlaBreach], plan.Skip.Select(n => n.Kind));
        Assert.Equal(t0.AddHours(3), plan.NextAt);
    }

    [Fact]
    public void RecordedNotices_AreNotPlannedAgain()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 28, 1, 0);
        Ticket ticket = New(t0, Severity.Urgent);
        DateTimeOffset at = t0.AddMinutes(45);
        ticket = Record(ticket, Plan(ticket, at), at);

        Assert.Empty(Plan(ticket, at).Send);
    }

    [Fact]
    public void SeverityRaised_BreachesAtOnceFromTheTicketStart()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 10, 0);
        Ticket ticket = New(t0, Severity.Low).Then(t => TicketLifecycle.Reassign(t, Severity.Urgent, null, "lead", t0.AddHours(2)));

        SlaPlan plan = Plan(ticket, t0.AddHours(2));

        Assert.Equal(NoticeKind.SlaEscalation, Assert.Single(plan.Send).Kind);
        Assert.Contains(plan.Skip, n => n.Kind == NoticeKind.SlaBreach && n.At == t0.AddHours(1));
    }

    [Fact]
    public void WaitingOnCustomer_RemindsAfterTwoAndFiveBusinessDays()
    {
        DateTimeOffset wednesday = NewYorkTime(2026, 11, 25, 10, 0);
        Ticket ticket = New(wednesday, Severity.Normal).Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "agent", "Logs?", wednesday));

        SlaPlan first = Plan(ticket, wednesday.AddMinutes(1));
        DateTimeOffset firstAt = first.NextAt!.Value;
        ticket = Record(ticket, Plan(ticket, firstAt), firstAt);
        DateTimeOffset secondAt = Plan(ticket, firstAt).NextAt!.Value;

        // Two business days (2 x 12 h of Mon-Fri 06:00-18:00) from Wednesday 10:00 is Friday 10:00; five is Wednesday 10:00.
        Assert.Equal(NewYorkTime(2026, 11, 27, 10, 0), firstAt);
        Assert.Equal(NewYorkTime(2026, 12, 2, 10, 0), secondAt);
        Assert.Equal(NoticeKind.CustomerReminder, Assert.Single(Plan(ticket, secondAt).Send).Kind);
    }

    [Fact]
    public void ClosedTicket_OwesNothing()
    {
        Ticket closed = New(NewYorkTime(2026, 11, 25, 10, 0), Severity.Urgent) with { Status = TicketStatus.Closed };

        SlaPlan plan = Plan(closed, NewYorkTime(2026, 12, 25, 10, 0));

        Assert.Empty(plan.Send);
        Assert.Null(plan.NextAt);
    }

    // When a ticket next needs its shard: what the shard writes into the schedule after each step.
    static Ticket ConfirmedUrgent(DateTimeOffset createdAt)
    {
        Ticket ticket = New(createdAt, Severity.Urgent);
        return ticket with { Commitments = ticket.Commitments with { Outbox = [] } };
    }

    [Fact]
    public void NextDue_NewTicket_IsNowForItsQueuedConfirmation()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 10, 0);

        Assert.Equal(t0, SlaPlanner.NextDue(New(t0, Severity.Urgent), Policy, Escalation, t0.AddSeconds(3)));
    }

    [Fact]
    public void NextDue_ConfirmationSent_IsTheWarningThenTheBreach()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 10, 0);
        Ticket ticket = ConfirmedUrgent(t0);

        Assert.Equal(t0.AddMinutes(45), SlaPlanner.NextDue(ticket, Policy, Escalation, t0.AddSeconds(1)));
        Ticket warned = Record(ticket, Plan(ticket, t0.AddMinutes(45)), t0.AddMinutes(45));
        Assert.Equal(t0.AddHours(1), SlaPlanner.NextDue(warned, Policy, Escalation, t0.AddMinutes(45)));
    }

    [Fact]
    public void NextDue_NoticeOverdue_IsNow()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 10, 0);

        Assert.Equal(t0.AddMinutes(50), SlaPlanner.NextDue(ConfirmedUrgent(t0), Policy, Escalation, t0.AddMinutes(50)));
    }

    [Fact]
    public void NextDue_EmailWaitingToBeRetried_IsItsNextAttemptWhenThatComesFirst()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 10, 0);
        Ticket ticket = New(t0, Severity.Urgent);
        ticket = ticket with { Commitments = ticket.Commitments with { Outbox = [ticket.Commitments.Outbox[0] with { Attempts = 2, NextAttemptAt = t0.AddSeconds(20) }] } };

        Assert.Equal(t0.AddSeconds(20), SlaPlanner.NextDue(ticket, Policy, Escalation, t0.AddSeconds(10)));
    }

    [Fact]
    public void NextDue_ClosedWithNothingToSend_IsNothing()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 10, 0);
        Ticket ticket = ConfirmedUrgent(t0) with { Status = TicketStatus.Closed };

        Assert.Null(SlaPlanner.NextDue(ticket, Policy, Escalation, t0.AddHours(3)));
    }
}
