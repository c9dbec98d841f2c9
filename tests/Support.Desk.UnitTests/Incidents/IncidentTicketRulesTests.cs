using System.Text.Json;
using Support.Desk.Domain;
using Support.Desk.Domain.Email;
using Support.Desk.Domain.Incidents;
using Support.Desk.Domain.Queue;
using static Support.Desk.UnitTests.TicketSamples;

namespace Support.Desk.UnitTests.Incidents;

/// <summary>What an incident does to one ticket, whatever order and however often its broadcasts arrive.</summary>
public class IncidentTicketRulesTests
{
    static readonly DateTimeOffset T0 = NewYorkTime(2026, 11, 25, 10, 0);

    static readonly Incident Outage = new("INC-4F7Q2M9K", "Login outage", [Region.Us], [], IncidentOrigin.Staff, IncidentStatus.Open, T0, "sam@desk.example", 3);

    static IncidentBroadcast Broadcast(int sequence, IncidentBroadcastKind kind, string body = "We are rolling back.") =>
        new(Outage.Id, sequence, "key-" + sequence, kind, T0.AddMinutes(5), "sam@desk.example", body, null, BroadcastState.Pending);

    static Ticket Linked() => New(T0).Then(t => IncidentTicketRules.Link(t, Outage, "status-page", T0.AddMinutes(1), moveFromOther: false));

    [Fact]
    public void Update_OnALinkedOpenTicket_MeetsTheRunningClock_QueuesOneEmail_AndRecordsItsNumber()
    {
        LifecycleResult result = IncidentTicketRules.Apply(Linked(), Outage, Broadcast(2, IncidentBroadcastKind.Update), T0.AddMinutes(10));

        Ticket after = result.Ticket!;
        Assert.Equal(TicketStatus.InProgress, after.Status);
        Assert.Equal(T0.AddMinutes(10), after.Commitments.Clocks[0].SatisfiedAt);
        Assert.Single(after.Commitments.Outbox, o => o.Kind == TicketEmailKind.IncidentUpdate);
        Assert.Equal([2], after.Incident!.Applied);
        Assert.Equal(TicketEventKind.IncidentUpdate, Assert.Single(result.Events).Kind);
        Assert.True(TicketEventVisibility.IsVisibleToCustomer(TicketEventKind.IncidentUpdate));
    }

    [Fact]
    public void Update_AppliedAgain_IsPassedOver_SoARepeatedRunAnswersNobodyTwice()
    {
        Ticket once = Linked().Then(t => IncidentTicketRules.Apply(t, Outage, Broadcast(2, IncidentBroadcastKind.Update), T0.AddMinutes(10)));

        LifecycleResult again = IncidentTicketRules.Apply(once, Outage, Broadcast(2, IncidentBroadcastKind.Update), T0.AddMinutes(11));

        Assert.NotNull(again.Conflict);
        Assert.Null(again.Ticket);
    }

    [Fact]
    public void UpdatesArrivingOutOfOrder_EachLandOnce()
    {
        Ticket t = Linked()
            .Then(x => IncidentTicketRules.Apply(x, Outage, Broadcast(3, IncidentBroadcastKind.Update, "second"), T0.AddMinutes(10)))
            .Then(x => IncidentTicketRules.Apply(x, Outage, Broadcast(2, IncidentBroadcastKind.Update, "first"), T0.AddMinutes(11)));

        Assert.Equal([3, 2], t.Incident!.Applied);
        Assert.Equal(2, t.Commitments.Outbox.Count(o => o.Kind == TicketEmailKind.IncidentUpdate));
    }

    [Theory]
    [InlineData(IncidentBroadcastKind.Update)]
    [InlineData(IncidentBroadcastKind.Note)]
    [InlineData(IncidentBroadcastKind.Resolution)]
    public void Broadcast_ToAClosedOrUnlinkedTicket_IsPassedOver(IncidentBroadcastKind kind)
    {
        Ticket closed = Linked() with { Status = TicketStatus.Closed };
        Ticket unlinked = New(T0);

        Assert.NotNull(IncidentTicketRules.Apply(closed, Outage, Broadcast(2, kind), T0.AddMinutes(10)).Conflict);
        Assert.NotNull(IncidentTicketRules.Apply(unlinked, Outage, Broadcast(2, kind), T0.AddMinutes(10)).Conflict);
    }

    [Fact]
    public void Update_OnAProposedResolution_IsPostedAndEmailed_ButTheTicketKeepsWaitingForTheCustomer()
    {
        Ticket proposed = Linked().Then(t => TicketLifecycle.ProposeResolution(t, "sam@desk.example", "Fixed.", T0.AddMinutes(5)));

        Ticket after = proposed.Then(t => IncidentTicketRules.Apply(t, Outage, Broadcast(2, IncidentBroadcastKind.Update), T0.AddMinutes(10)));

        Assert.Equal(TicketStatus.ResolutionProposed, after.Status);
        Assert.Single(after.Commitments.Outbox, o => o.Kind == TicketEmailKind.IncidentUpdate);
    }

    [Fact]
    public void Note_IsForStaffOnly_AndChangesNoClock()
    {
        LifecycleResult result = IncidentTicketRules.Apply(Linked(), Outage, Broadcast(2, IncidentBroadcastKind.Note), T0.AddMinutes(10));

        Assert.Equal(TicketEventKind.InternalNote, Assert.Single(result.Events).Kind);
        Assert.True(result.Ticket!.Commitments.Clocks[0].IsRunning);
        Assert.DoesNotContain(result.Ticket.Commitments.Outbox, o => o.Kind == TicketEmailKind.IncidentUpdate);
    }

    [Fact]
    public void Resolution_ProposesTheIncidentsResolution_AndARejectionUnlinksWithANextResponseClock()
    {
        Ticket proposed = Linked().Then(t => IncidentTicketRules.Apply(t, Outage, Broadcast(2, IncidentBroadcastKind.Resolution, "Rolled back."), T0.AddMinutes(30)));
        Assert.Equal(TicketStatus.ResolutionProposed, proposed.Status);
        Assert.Single(proposed.Commitments.Outbox, o => o.Kind == TicketEmailKind.ResolutionProposed);

        LifecycleResult rejected = TicketLifecycle.Confirm(proposed, resolved: false, "jane@acme.example", "Still broken.", T0.AddMinutes(40));

        Assert.Equal(TicketStatus.InProgress, rejected.Ticket!.Status);
        Assert.Null(rejected.Ticket.Incident);
        Assert.Contains(rejected.Events, e => e.Kind == TicketEventKind.IncidentUnlinked);
        Assert.Contains(rejected.Ticket.Commitments.Clocks, c => c.Kind == SlaClockKind.NextResponse && c.IsRunning);
    }

    [Fact]
    public void AutomaticLink_LeavesATicketOfAnotherIncident_WhileStaffMayMoveIt()
    {
        Incident other = Outage with { Id = "INC-ZZZZZZZZ" };
        Ticket elsewhere = New(T0).Then(t => IncidentTicketRules.Link(t, other, "sam@desk.example", T0, moveFromOther: false));

        Assert.NotNull(IncidentTicketRules.Apply(elsewhere, Outage, Broadcast(1, IncidentBroadcastKind.Link), T0.AddMinutes(1)).Conflict);
        Assert.Equal(Outage.Id, elsewhere.Then(t => IncidentTicketRules.Link(t, Outage, "sam@desk.example", T0.AddMinutes(1), moveFromOther: true)).Incident!.IncidentId);
    }

    [Fact]
    public void IncidentCovers_ItsRegions_AndOnlyTheTenantsItNames()
    {
        Incident tenantOnly = Outage with { Tenants = ["acme-prod"] };

        Assert.True(Outage.Covers(Region.Us, "globex"));
        Assert.False(Outage.Covers(Region.Eu, "acme-prod"));
        Assert.True(tenantOnly.Covers(Region.Us, "acme-prod"));
        Assert.False(tenantOnly.Covers(Region.Us, "globex"));
    }

    [Fact]
    public void IncidentIds_FromTheSameStatusPageIncidentOrKey_AreTheSame_AndNormalize()
    {
        Assert.Equal(IncidentIds.FromStatusPage(Region.Us, "inc1"), IncidentIds.FromStatusPage(Region.Us, "inc1"));
        Assert.NotEqual(IncidentIds.FromStatusPage(Region.Us, "inc1"), IncidentIds.FromStatusPage(Region.Eu, "inc1"));
        Assert.Equal(IncidentIds.FromKey("sam", "k"), IncidentIds.FromKey("sam", "k"));
        string id = IncidentIds.NewRandom();
        Assert.Equal(id, IncidentIds.Normalize(id.ToLowerInvariant()));
        Assert.Null(IncidentIds.Normalize("INC-<script>"));
        Assert.Null(IncidentIds.Normalize("SUP-7K3M-9QXD-2F4A"));
    }

    [Theory]
    [InlineData("""{"ticketId":"SUP-7K3M-9QXD-2F4A","filter":{}}""", "$")]
    [InlineData("""{}""", "$")]
    [InlineData("""{"ticketId":"nope"}""", "ticketId")]
    [InlineData("""{"filter":{"status":"closed"}}""", "filter.status")]
    [InlineData("""{"filter":{"planet":"mars"}}""", "filter.planet")]
    public void LinkRequest_NamesWhatIsWrong(string json, string field)
    {
        (IncidentLinkRequest? request, ValidationErrors errors) = IncidentCommandReaders.Link(JsonDocument.Parse(json).RootElement);

        Assert.Null(request);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void DigestLevels_TakeOnlyTheStaffNoticesOfAnOutage()
    {
        Assert.Equal(DigestLevels.Breach, DigestLevels.Of(TicketEmailKind.SlaBreach));
        Assert.Equal(DigestLevels.NewUrgent, DigestLevels.Of(TicketEmailKind.UrgentTicket));
        Assert.Null(DigestLevels.Of(TicketEmailKind.IncidentUpdate));
        Assert.Null(DigestLevels.Of(TicketEmailKind.Confirmation));
        Assert.Null(DigestLevels.Of(TicketEmailKind.CustomerActivity));
    }

    [Fact]
    public void RunningDeadline_ReadsBackFromAQueueKey()
    {
        Ticket ticket = New(T0, Severity.Urgent);
        string key = QueueEntry.SortKeyOf(ticket, new Support.Desk.Domain.SlaPolicy(new Support.Desk.Settings.SlaPolicyOptions()));

        Assert.NotNull(QueueEntry.RunningDeadlineOf(key));
        Assert.Null(QueueEntry.RunningDeadlineOf("3-0000000000000000000-SUP-7K3M-9QXD-2F4A"));
    }
}
