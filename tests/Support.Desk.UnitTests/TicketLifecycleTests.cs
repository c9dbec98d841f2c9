using Support.Desk.Domain;
using static Support.Desk.UnitTests.TicketSamples;
using Support.Desk.Domain.Email;

namespace Support.Desk.UnitTests;

public class TicketLifecycleTests
{
    static readonly DateTimeOffset T0 = NewYorkTime(2026, 11, 25, 10, 0);

    static TicketEmailKind[] Outbox(Ticket t) => [.. t.Commitments.Outbox.Select(o => o.Kind)];

    [Fact]
    public void NewTicket_IsOpenWithRunningFirstResponseClockAndQueuedConfirmation()
    {
        Ticket ticket = New(T0);

        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.True(Assert.Single(ticket.Commitments.Clocks).IsRunning);
        Assert.Equal([TicketEmailKind.Confirmation], Outbox(ticket));
        Assert.Equal("SUP-7K3M-9QXD-2F4A.confirmation.1", ticket.Commitments.Outbox[0].MessageId);
    }

    [Fact]
    public void Reply_FromOpen_MovesToInProgressAndSatisfiesTheFirstResponseClock()
    {
        LifecycleResult result = TicketLifecycle.Respond(New(T0), ResponseKind.Reply, "agent@desk", "We are on it.", T0.AddMinutes(30));

        Assert.Equal(TicketStatus.InProgress, result.Ticket!.Status);
        Assert.Equal(T0.AddMinutes(30), result.Ticket.Commitments.Clocks[0].SatisfiedAt);
        Assert.Equal(TicketEventKind.AgentReplied, Assert.Single(result.Events).Kind);
        Assert.Equal("We are on it.", result.Events[0].Body);
        Assert.Equal(TicketEmailKind.AgentReply, Outbox(result.Ticket)[^1]);
    }

    [Fact]
    public void RequestInfo_PausesTheClockAndWaitsOnTheCustomer()
    {
        Ticket ticket = New(T0).Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "agent", "HAR please.", T0.AddMinutes(5)));

        Assert.Equal(TicketStatus.WaitingOnCustomer, ticket.Status);
        Assert.True(ticket.Commitments.Clocks[0].IsPaused);
        Assert.Equal(T0.AddMinutes(5), ticket.Commitments.WaitingSince);
        Assert.Equal(TicketEmailKind.InformationRequested, Outbox(ticket)[^1]);
    }

    [Fact]
    public void CustomerAnswerWhileWaiting_ResumesTheClockAndReturnsToInProgress()
    {
        Ticket ticket = New(T0)
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "agent", "HAR please.", T0.AddMinutes(5)))
            .Then(t => TicketLifecycle.AddUpdate(t, UpdateRole.Customer, "jane", "Attached.", T0.AddMinutes(50)));

        Assert.Equal(TicketStatus.InProgress, ticket.Status);
        Assert.True(ticket.Commitments.Clocks[0].IsRunning);
        Assert.Null(ticket.Commitments.WaitingSince);
        Assert.Single(ticket.Commitments.Clocks);
    }

    [Fact]
    public void CustomerUpdateInProgress_StartsNextResponseClock()
    {
        Ticket ticket = New(T0)
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "Looking.", T0.AddMinutes(5)))
            .Then(t => TicketLifecycle.AddUpdate(t, UpdateRole.Customer, "jane", "It got worse.", T0.AddMinutes(60)));

        SlaClock next = ticket.Commitments.Clocks[^1];
        Assert.Equal(SlaClockKind.NextResponse, next.Kind);
        Assert.Equal(T0.AddMinutes(60), next.StartedAt);
        Assert.True(next.IsRunning);
    }

    [Fact]
    public void AgentUpdate_IsRecordedWithoutChangingClocksOrStatus()
    {
        Ticket before = New(T0).Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "Looking.", T0.AddMinutes(5)));

        LifecycleResult result = TicketLifecycle.AddUpdate(before, UpdateRole.Agent, "agent", "Call notes: rollback agreed for 14:00.", T0.AddMinutes(30));

        Assert.Equal(before, result.Ticket);
        Assert.Equal(TicketEventKind.AgentUpdate, Assert.Single(result.Events).Kind);
    }

    [Fact]
    public void FullPath_RejectedThenConfirmed_ClosesOnlyOnConfirmation()
    {
        Ticket proposed = New(T0)
            .Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "agent", "Tenant logs?", T0.AddMinutes(5)))
            .Then(t => TicketLifecycle.AddUpdate(t, UpdateRole.Customer, "jane", "Logs.", T0.AddMinutes(20)))
            .Then(t => TicketLifecycle.ProposeResolution(t, "agent", "Rotated the signing key.", T0.AddMinutes(40)));
        Assert.Equal(TicketStatus.ResolutionProposed, proposed.Status);

        Ticket rejected = proposed.Then(t => TicketLifecycle.Confirm(t, false, "jane", "Still failing for some users.", T0.AddMinutes(60)));
        Assert.Equal(TicketStatus.InProgress, rejected.Status);
        Assert.True(rejected.Commitments.OpenClock?.Kind == SlaClockKind.NextResponse);

        Ticket closed = rejected
            .Then(t => TicketLifecycle.ProposeResolution(t, "agent", "Cleared the stale sessions too.", T0.AddMinutes(90)))
            .Then(t => TicketLifecycle.Confirm(t, true, "jane", "All good now.", T0.AddMinutes(120)));

        Assert.Equal(TicketStatus.Closed, closed.Status);
        Assert.All(closed.Commitments.Clocks, c => Assert.False(c.IsOpen));
        Assert.Equal(
            [TicketEmailKind.Confirmation, TicketEmailKind.InformationRequested, TicketEmailKind.ResolutionProposed, TicketEmailKind.ResolutionProposed, TicketEmailKind.Closed],
            Outbox(closed));
    }

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.InProgress)]
    [InlineData(TicketStatus.WaitingOnCustomer)]
    [InlineData(TicketStatus.Closed)]
    public void Confirm_WithoutProposedResolution_IsAConflict(TicketStatus status)
    {
        LifecycleResult result = TicketLifecycle.Confirm(New(T0) with { Status = status }, true, "jane", null, T0.AddHours(1));

        Assert.Null(result.Ticket);
        Assert.Contains("proposed resolution", result.Conflict, StringComparison.Ordinal);
    }

    [Fact]
    public void ClosedTicket_RejectsUpdatesResponsesResolutionsAndChanges()
    {
        Ticket closed = New(T0) with { Status = TicketStatus.Closed };

        Assert.NotNull(TicketLifecycle.AddUpdate(closed, UpdateRole.Customer, "jane", "Hello?", T0).Conflict);
        Assert.NotNull(TicketLifecycle.Respond(closed, ResponseKind.Reply, "agent", "Hi", T0).Conflict);
        Assert.NotNull(TicketLifecycle.ProposeResolution(closed, "agent", "Done", T0).Conflict);
        Assert.NotNull(TicketLifecycle.Reassign(closed, Severity.Low, null, "lead", T0).Conflict);
    }

    [Fact]
    public void ResponseWhileResolutionProposed_IsAConflict()
    {
        Ticket proposed = New(T0).Then(t => TicketLifecycle.ProposeResolution(t, "agent", "Fixed.", T0.AddMinutes(10)));

        Assert.NotNull(TicketLifecycle.Respond(proposed, ResponseKind.Reply, "agent", "Also...", T0.AddMinutes(20)).Conflict);
    }

    [Fact]
    public void Reassign_SeverityAndAssignee_RecordsBothChanges()
    {
        LifecycleResult result = TicketLifecycle.Reassign(New(T0), Severity.Urgent, "sam@desk.example", "lead", T0.AddMinutes(3));

        Assert.Equal(Severity.Urgent, result.Ticket!.Severity);
        Assert.Equal(Severity.High, result.Ticket.Submission.Severity);
        Assert.Equal("sam@desk.example", result.Ticket.Assignee);
        Assert.Equal([TicketEventKind.SeverityChanged, TicketEventKind.AssigneeChanged], result.Events.Select(e => e.Kind));
    }

    [Fact]
    public void ManyCustomerUpdateCycles_KeepOnlyRecentSatisfiedClocks()
    {
        Ticket ticket = New(T0).Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", "Hi", T0.AddMinutes(1)));
        for (int i = 0; i < 30; i++)
        {
            DateTimeOffset at = T0.AddHours(i + 1);
            ticket = ticket
                .Then(t => TicketLifecycle.AddUpdate(t, UpdateRole.Customer, "jane", $"Update {i}", at))
                .Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "agent", $"Answer {i}", at.AddMinutes(10)));
        }

        Assert.Equal(TicketCommitments.SatisfiedClocksKept, ticket.Commitments.Clocks.Count);
        Assert.Equal(T0.AddHours(30), ticket.Commitments.Clocks[^1].StartedAt);
        Assert.Equal(T0.AddHours(21), ticket.Commitments.Clocks[0].StartedAt);
    }

    [Fact]
    public void RecordAttachment_CustomersFileAnswersARequestForInformation_StaffFileChangesNothing()
    {
        DateTimeOffset start = TicketSamples.NewYorkTime(2026, 11, 26, 10, 0);
        Ticket waiting = TicketSamples.New(start).Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "sam", "A HAR, please.", start.AddMinutes(10)));
        TicketEvent added = TicketEvent.Create(start.AddMinutes(30), TicketEventKind.AttachmentAdded, "jane", "HTTP trace a.har attached");

        Ticket byCustomer = waiting.Then(t => TicketLifecycle.RecordAttachment(t, UpdateRole.Customer, added, start.AddMinutes(30)));
        Ticket byStaff = waiting.Then(t => TicketLifecycle.RecordAttachment(t, UpdateRole.Agent, added, start.AddMinutes(30)));

        Assert.Equal(TicketStatus.InProgress, byCustomer.Status);
        Assert.True(byCustomer.Commitments.OpenClock!.IsRunning);
        Assert.Null(byCustomer.Commitments.WaitingSince);
        Assert.Equal(waiting, byStaff);
        Assert.NotNull(TicketLifecycle.RecordAttachment(waiting with { Status = TicketStatus.Closed }, UpdateRole.Customer, added, start).Conflict);
    }
}
