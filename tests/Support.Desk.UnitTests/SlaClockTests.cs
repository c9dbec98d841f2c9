using Support.Desk.Domain;
using static Support.Desk.UnitTests.TicketSamples;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests;

/// <summary>Clock arithmetic with a controllable clock: every instant is given, nothing waits.</summary>
public class SlaClockTests
{
    static readonly SlaPolicy Policy = new(new SlaPolicyOptions());

    static SlaClockStatus FirstResponse(Ticket ticket, DateTimeOffset now) =>
        TicketSla.Evaluate(ticket, Policy, now).Single(c => c.Clock.Kind == SlaClockKind.FirstResponse);

    [Fact]
    public void Running_UrgentAroundTheClock_DueOneHourAfterSubmission()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 28, 23, 30); // Saturday night
        Ticket ticket = New(t0, Severity.Urgent);

        SlaClockStatus status = FirstResponse(ticket, t0.AddMinutes(20));

        Assert.Equal(SlaClockState.Running, status.State);
        Assert.Equal(t0.AddHours(1), status.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(40), status.Remaining);
        Assert.False(status.Breached);
    }

    [Fact]
    public void PauseAndResume_PausedTimeIsExcludedFromTheDeadline()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 28, 1, 0);
        Ticket ticket = New(t0, Severity.Urgent)
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "agent", "Please send a HAR file.", t0.AddMinutes(10)))
            .Then(t => TicketLifecycle.AddUpdate(t, UpdateRole.Customer, "jane", "Here it is.", t0.AddMinutes(70)));

        SlaClockStatus status = FirstResponse(ticket, t0.AddMinutes(75));

        Assert.Equal(SlaClockState.Running, status.State);
        Assert.Equal(t0.AddMinutes(120), status.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(15), status.Elapsed);
        Assert.Equal([new ClockPause(t0.AddMinutes(10), t0.AddMinutes(70))], status.Clock.Pauses);
    }

    [Fact]
    public void Paused_HasNoDueTimeAndKeepsItsRemainingTime()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 28, 1, 0);
        Ticket ticket = New(t0, Severity.Urgent)
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "agent", "Which connection?", t0.AddMinutes(25)));

        SlaClockStatus status = FirstResponse(ticket, t0.AddDays(3));

        Assert.Equal(SlaClockState.Paused, status.State);
        Assert.Null(status.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(35), status.Remaining);
        Assert.False(status.Breached);
    }

    [Fact]
    public void BusinessHours_PausedOverTheWeekend_ResumesMondayWithRemainingBusinessTime()
    {
        // Gold/high: 4 business hours. Friday 15:00 + 1h, paused Friday 16:00, answered Saturday: 3h left from Monday 06:00.
        DateTimeOffset friday = NewYorkTime(2026, 11, 27, 15, 0);
        Ticket ticket = New(friday, Severity.High)
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "agent", "Logs please.", friday.AddHours(1)))
            .Then(t => TicketLifecycle.AddUpdate(t, UpdateRole.Customer, "jane", "Logs attached.", NewYorkTime(2026, 11, 28, 10, 0)));

        SlaClockStatus status = FirstResponse(ticket, NewYorkTime(2026, 11, 28, 12, 0));

        Assert.Equal(NewYorkTime(2026, 11, 30, 9, 0), status.DueAt);
        Assert.Equal(TimeSpan.FromHours(1), status.Elapsed);
    }

    [Fact]
    public void BusinessHours_OverAHoliday_SkipsTheHoliday()
    {
        var policy = new SlaPolicy(new SlaPolicyOptions { Holidays = ["2026-11-26"] });
        Ticket ticket = New(NewYorkTime(2026, 11, 25, 16, 0), Severity.High);

        SlaClockStatus status = TicketSla.Evaluate(ticket, policy, NewYorkTime(2026, 11, 25, 16, 30))[0];

        Assert.Equal(NewYorkTime(2026, 11, 27, 8, 0), status.DueAt);
    }

    [Fact]
    public void BusinessHours_AcrossDaylightSavingEnd_DueInLocalBusinessHours()
    {
        // New York falls back on Sunday 2026-11-01. Friday 17:00 + 4 business hours: 1h Friday, 3h from Monday 06:00 EST.
        Ticket ticket = New(NewYorkTime(2026, 10, 30, 17, 0), Severity.High);

        SlaClockStatus status = FirstResponse(ticket, NewYorkTime(2026, 10, 30, 17, 30));

        Assert.Equal(NewYorkTime(2026, 11, 2, 9, 0), status.DueAt);
        Assert.Equal(TimeSpan.FromHours(-5), NewYork.GetUtcOffset(status.DueAt!.Value));
    }

    [Fact]
    public void SeverityChangeMidPause_RecomputesFromTheStartKeepingElapsedAndPausedTime()
    {
        // Gold/high submitted Wednesday 10:00, paused at 11:00 (1 business hour used), raised to urgent while paused.
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 10, 0);
        Ticket paused = New(t0, Severity.High)
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "agent", "Need the tenant logs.", t0.AddHours(1)));
        Ticket raised = paused.Then(t => TicketLifecycle.Reassign(t, Severity.Urgent, null, "lead", t0.AddHours(2)));

        SlaClockStatus whilePaused = FirstResponse(raised, t0.AddHours(3));
        Ticket resumed = raised.Then(t => TicketLifecycle.AddUpdate(t, UpdateRole.Customer, "jane", "Logs attached.", t0.AddHours(5)));
        SlaClockStatus afterResume = FirstResponse(resumed, t0.AddHours(5));

        Assert.Equal(SlaClockState.Paused, whilePaused.State);
        Assert.Equal(TimeSpan.FromHours(1), whilePaused.Elapsed);
        Assert.Equal(TimeSpan.Zero, whilePaused.Remaining);

        // Urgent's target (1h, 24x7) was already used up before the pause: due at the moment of pausing.
        Assert.Equal(t0.AddHours(1), afterResume.DueAt);
        Assert.True(afterResume.Breached);
    }

    [Fact]
    public void SeverityLowered_ExtendsTheRunningDeadlineFromTheStart()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 25, 10, 0);
        Ticket ticket = New(t0, Severity.Urgent)
            .Then(t => TicketLifecycle.Reassign(t, Severity.Normal, null, "lead", t0.AddMinutes(30)));

        SlaClockStatus status = FirstResponse(ticket, t0.AddMinutes(30));

        // Normal: 12 business hours from Wednesday 10:00 is Thursday 10:00.
        Assert.Equal(NewYorkTime(2026, 11, 26, 10, 0), status.DueAt);
        Assert.Equal(t0, status.Clock.StartedAt);
    }

    [Fact]
    public void Satisfied_AfterDeadline_IsMissedAndBeforeIsMet()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 28, 1, 0);
        Ticket late = New(t0, Severity.Urgent).Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "On it.", t0.AddMinutes(90)));
        Ticket onTime = New(t0, Severity.Urgent).Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "On it.", t0.AddMinutes(20)));

        Assert.Equal(SlaClockState.Missed, FirstResponse(late, t0.AddHours(3)).State);
        Assert.Equal(SlaClockState.Met, FirstResponse(onTime, t0.AddHours(3)).State);
        Assert.Equal(TimeSpan.FromMinutes(20), FirstResponse(onTime, t0.AddHours(3)).Elapsed);
    }

    [Fact]
    public void RepeatedCustomerUpdates_KeepTheClockThatIsAlreadyRunning()
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 28, 1, 0);
        Ticket ticket = New(t0, Severity.Urgent)
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "Looking.", t0.AddMinutes(5)))
            .Then(t => TicketLifecycle.AddUpdate(t, UpdateRole.Customer, "jane", "More symptoms.", t0.AddMinutes(30)))
            .Then(t => TicketLifecycle.AddUpdate(t, UpdateRole.Customer, "jane", "Even more.", t0.AddMinutes(50)));

        SlaClockStatus next = TicketSla.Evaluate(ticket, Policy, t0.AddMinutes(55)).Single(c => c.Clock.Kind == SlaClockKind.NextResponse);

        Assert.Equal(t0.AddMinutes(30), next.Clock.StartedAt);
        Assert.Equal(t0.AddMinutes(90), next.DueAt);
    }
}
