using Support.Desk.Application.Notifications;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Email;
using Support.Desk.Settings;
using static Support.Desk.UnitTests.TicketSamples;

namespace Support.Desk.UnitTests.Notices;

/// <summary>Who hears of a new ticket, a customer's word and an assignment, when, and only when switched on.</summary>
public class StaffNotificationsTests
{
    static readonly SlaPolicy Policy = new(new SlaPolicyOptions());
    static readonly Caller Sam = Caller.ForStaff(new StaffMember("sam@desk.example", "staff-key"));
    static readonly Caller Customer = Caller.ForTicketHolder("tkt_x");

    // Thursday 26 November 2026: business hours in New York are 06:00-18:00.
    static readonly DateTimeOffset Afternoon = NewYorkTime(2026, 11, 26, 14, 0);
    static readonly DateTimeOffset Night = NewYorkTime(2026, 11, 26, 22, 0);

    static StaffNotifications With(NotificationOptions? options = null) => new(options ?? new NotificationOptions(), Policy);

    static OutboxEmail[] Queued(Ticket ticket, TicketEmailKind kind) => [.. ticket.Commitments.Outbox.Where(e => e.Kind == kind)];

    static TicketEvent Submitted(Ticket t) => TicketEvent.Create(t.CreatedAt, TicketEventKind.Submitted, "jane@customer.example", "Submitted.");

    [Fact]
    public void OnSubmitted_UrgentAtNight_GoesToTheDutyAddressAtOnce()
    {
        Ticket ticket = New(Night, Severity.Urgent);

        Ticket notified = With().OnSubmitted(ticket, Submitted(ticket), Night);

        OutboxEmail urgent = Assert.Single(Queued(notified, TicketEmailKind.UrgentTicket));
        Assert.Equal(Night, urgent.NextAttemptAt);
        Assert.Empty(Queued(notified, TicketEmailKind.NewTicket));
    }

    [Fact]
    public void OnSubmitted_HighAtNight_WaitsForTheNextBusinessMorning()
    {
        Ticket ticket = New(Night, Severity.High);

        Ticket notified = With().OnSubmitted(ticket, Submitted(ticket), Night);

        Assert.Equal(NewYorkTime(2026, 11, 27, 6, 0), Assert.Single(Queued(notified, TicketEmailKind.NewTicket)).NextAttemptAt);
    }

    [Fact]
    public void OnSubmitted_HighInBusinessHours_GoesAtOnce()
    {
        Ticket ticket = New(Afternoon, Severity.High);

        Assert.Equal(Afternoon, Assert.Single(Queued(With().OnSubmitted(ticket, Submitted(ticket), Afternoon), TicketEmailKind.NewTicket)).NextAttemptAt);
    }

    [Fact]
    public void OnSubmitted_SwitchedOff_QueuesNothing()
    {
        Ticket urgent = New(Afternoon, Severity.Urgent);
        Ticket high = New(Afternoon, Severity.High);
        StaffNotifications off = With(new NotificationOptions { NewTicket = false, UrgentTicket = false });

        Assert.Equal(urgent.Commitments.Outbox, off.OnSubmitted(urgent, Submitted(urgent), Afternoon).Commitments.Outbox);
        Assert.Equal(high.Commitments.Outbox, off.OnSubmitted(high, Submitted(high), Afternoon).Commitments.Outbox);
    }

    [Fact]
    public void OnChanged_CustomerUpdateAndRejectedResolution_ReachTheAssignee()
    {
        Ticket ticket = New(Afternoon, Severity.High, assignee: "kim@desk.example");
        LifecycleResult update = TicketLifecycle.AddUpdate(ticket, UpdateRole.Customer, "jane@customer.example", "Still broken", Afternoon);
        Ticket proposed = ticket.Then(t => TicketLifecycle.ProposeResolution(t, "sam", "Rotated the certificate", Afternoon));
        LifecycleResult rejected = TicketLifecycle.Confirm(proposed, resolved: false, "jane@customer.example", "No", Afternoon.AddMinutes(5));

        OutboxEmail fromUpdate = Assert.Single(Queued(With().OnChanged(update, Customer, Afternoon).Ticket!, TicketEmailKind.CustomerActivity));
        OutboxEmail fromRejection = Assert.Single(Queued(With().OnChanged(rejected, Customer, Afternoon.AddMinutes(5)).Ticket!, TicketEmailKind.CustomerActivity));

        Assert.Equal(update.Events[0].Id, fromUpdate.EventId);
        Assert.Equal(rejected.Events[0].Id, fromRejection.EventId);
    }

    [Fact]
    public void OnChanged_AgentUpdate_NotifiesNobody()
    {
        Ticket ticket = New(Afternoon, Severity.High, assignee: "kim@desk.example");
        LifecycleResult agent = TicketLifecycle.AddUpdate(ticket, UpdateRole.Agent, "sam@desk.example", "Looking", Afternoon);

        Assert.Same(agent, With().OnChanged(agent, Sam, Afternoon));
    }

    [Fact]
    public void OnChanged_CustomerAttachment_ReachesTheAssignee_StaffAttachmentDoesNot()
    {
        Ticket ticket = New(Afternoon, Severity.High);
        var added = new LifecycleResult(ticket, [TicketEvent.Create(Afternoon, TicketEventKind.AttachmentAdded, "jane@customer.example", "HTTP trace a.har attached")], null);

        Assert.Single(Queued(With().OnChanged(added, Customer, Afternoon).Ticket!, TicketEmailKind.CustomerActivity));
        Assert.Same(added, With().OnChanged(added, Sam, Afternoon));
    }

    [Fact]
    public void OnChanged_AssignmentToSomeoneElse_NotifiesThem_TakingItYourselfDoesNot()
    {
        Ticket ticket = New(Afternoon, Severity.High);
        LifecycleResult toKim = TicketLifecycle.Reassign(ticket, null, "kim@desk.example", "sam@desk.example", Afternoon);
        LifecycleResult toSelf = TicketLifecycle.Reassign(ticket, null, "sam@desk.example", "sam@desk.example", Afternoon);

        // The recipient is fixed at the change: a later reassignment must not redirect "assigned to you".
        Assert.Equal("kim@desk.example", Assert.Single(Queued(With().OnChanged(toKim, Sam, Afternoon).Ticket!, TicketEmailKind.Assigned)).To);
        Assert.Empty(Queued(With().OnChanged(toSelf, Sam, Afternoon).Ticket!, TicketEmailKind.Assigned));
        Assert.Empty(Queued(With(new NotificationOptions { Assignment = false }).OnChanged(toKim, Sam, Afternoon).Ticket!, TicketEmailKind.Assigned));
    }

    [Fact]
    public void OnChanged_ConflictResult_IsPassedThrough()
    {
        LifecycleResult conflict = LifecycleResult.Rejected("closed");

        Assert.Same(conflict, With().OnChanged(conflict, Customer, Afternoon));
    }

    [Fact]
    public void OnChanged_TicketClosedAtNight_DropsTheStaffNoticesStillWaitingForTheMorning()
    {
        Ticket ticket = New(Night, Severity.High);
        Ticket notified = With().OnSubmitted(ticket, Submitted(ticket), Night);
        Ticket proposed = notified.Then(t => TicketLifecycle.ProposeResolution(t, "sam", "Fixed.", Night.AddMinutes(5)));

        LifecycleResult closed = With().OnChanged(TicketLifecycle.Confirm(proposed, resolved: true, "jane@customer.example", null, Night.AddMinutes(10)), Customer, Night.AddMinutes(10));

        Assert.Single(Queued(notified, TicketEmailKind.NewTicket));
        Assert.Empty(Queued(closed.Ticket!, TicketEmailKind.NewTicket));
        Assert.Single(Queued(closed.Ticket!, TicketEmailKind.Closed));
    }
}
