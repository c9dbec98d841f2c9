using Support.Desk.Domain;
using Support.Desk.Domain.Reports;
using Support.Desk.Settings;
using static Support.Desk.UnitTests.TicketSamples;

namespace Support.Desk.UnitTests.Reports;

/// <summary>What a report says of a ticket's clocks, for each outcome a support lead asks about.</summary>
public class SlaFactsTests
{
    static readonly SlaPolicy Policy = new(new SlaPolicyOptions());

    // A Tuesday at 10:00 in New York: inside Standard business hours (06:00-18:00).
    static readonly DateTimeOffset T0 = NewYorkTime(2026, 12, 1, 10, 0);

    static ClockFact FirstResponse(Ticket ticket, DateTimeOffset now) =>
        TicketSlaFacts.Of(ticket, Policy, now).Clocks.Single(c => c.Kind == SlaClockKind.FirstResponse);

    [Fact]
    public void UrgentAnsweredInHalfAnHour_IsMet_WithItsResponseTime()
    {
        Ticket ticket = New(T0, Severity.Urgent).Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "On it.", T0.AddMinutes(30)));

        ClockFact clock = FirstResponse(ticket, T0.AddHours(3));

        Assert.Equal(SlaOutcome.Met, clock.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(30), clock.ResponseTime);
        Assert.Equal(TimeSpan.FromHours(1), clock.Target);
        Assert.Equal(T0.AddHours(1), clock.DueAt);
        Assert.Null(clock.Lateness(T0.AddHours(3)));
    }

    [Fact]
    public void UrgentAnsweredAfter90Minutes_IsMissed_Late30Minutes()
    {
        Ticket ticket = New(T0, Severity.Urgent).Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "Sorry.", T0.AddMinutes(90)));

        ClockFact clock = FirstResponse(ticket, T0.AddHours(3));

        Assert.Equal(SlaOutcome.Missed, clock.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(90), clock.ResponseTime);
        Assert.Equal(TimeSpan.FromMinutes(30), clock.Lateness(T0.AddHours(3)));
    }

    [Fact]
    public void UrgentNotAnsweredPastItsDeadline_IsMissedAlready_WithNoResponseTime()
    {
        ClockFact clock = FirstResponse(New(T0, Severity.Urgent), T0.AddMinutes(61));

        Assert.Equal(SlaOutcome.Missed, clock.Outcome);
        Assert.Null(clock.ResponseTime);
        Assert.Null(clock.AnsweredAt);
        Assert.Equal(TimeSpan.FromMinutes(1), clock.Lateness(T0.AddMinutes(61)));
    }

    [Fact]
    public void UrgentNotAnsweredBeforeItsDeadline_IsRunning()
    {
        Assert.Equal(SlaOutcome.Running, FirstResponse(New(T0, Severity.Urgent), T0.AddMinutes(59)).Outcome);
    }

    [Fact]
    public void PausedForTheCustomerThenAnswered_PauseIsNotCounted_Met()
    {
        // Asked for a HAR file at 10 min; the customer answered at 70; our reply at 100: 40 minutes of our time.
        Ticket ticket = New(T0, Severity.Urgent)
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "agent", "Please send a HAR file.", T0.AddMinutes(10)));
        Assert.Equal(SlaOutcome.Paused, FirstResponse(ticket, T0.AddMinutes(30)).Outcome);

        ticket = ticket
            .Then(t => TicketLifecycle.AddUpdate(t, UpdateRole.Customer, "jane", "Here it is.", T0.AddMinutes(70)))
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "Found it.", T0.AddMinutes(100)));
        ClockFact clock = FirstResponse(ticket, T0.AddHours(3));

        Assert.Equal(SlaOutcome.Met, clock.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(40), clock.ResponseTime);
    }

    [Fact]
    public void SeverityLoweredFromUrgentToHigh_ClockIsJudgedByTheHighTarget()
    {
        // Answered at 90 minutes: missed as urgent (1 h), met as high (4 business hours).
        Ticket ticket = New(T0, Severity.Urgent)
            .Then(t => TicketLifecycle.Reassign(t, Severity.High, null, "lead", T0.AddMinutes(5)))
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "Looking.", T0.AddMinutes(90)));

        ClockFact clock = FirstResponse(ticket, T0.AddHours(5));

        Assert.Equal(Severity.High, clock.Severity);
        Assert.Equal(TimeSpan.FromHours(4), clock.Target);
        Assert.Equal(SlaOutcome.Met, clock.Outcome);
    }

    [Fact]
    public void ClosedTicket_TicketFactCarriesItsClosingTime()
    {
        Ticket ticket = New(T0, Severity.Urgent)
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "Fixed.", T0.AddMinutes(20)))
            .Then(t => TicketLifecycle.ProposeResolution(t, "agent", "Rotated the certificate.", T0.AddMinutes(30)))
            .Then(t => TicketLifecycle.Confirm(t, true, "jane", null, T0.AddMinutes(45)));

        TicketFact fact = TicketSlaFacts.Of(ticket, Policy, T0.AddHours(1)).Ticket;

        Assert.Equal(T0.AddMinutes(45), fact.ClosedAt);
        Assert.Equal(ticket.Submission.Tenant, fact.Tenant);
        Assert.Equal(ticket.Submission.Subject, fact.Subject);
    }
}
