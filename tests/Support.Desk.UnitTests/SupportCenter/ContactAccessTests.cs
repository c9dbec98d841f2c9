using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using static Support.Desk.UnitTests.TicketSamples;

namespace Support.Desk.UnitTests.SupportCenter;

/// <summary>A signed-in contact acts as the customer on every ticket of their tenant, and on nothing else.</summary>
public class ContactAccessTests
{
    static readonly DateTimeOffset T0 = NewYorkTime(2026, 11, 26, 10, 0);
    static readonly Caller AcmeContact = Caller.ForContact(new CustomerContact("ops@acme.example", "acme-prod"));
    static readonly Caller GlobexContact = Caller.ForContact(new CustomerContact("hans@globex.example", "globex"));

    static bool May(Caller caller, TicketOperation operation, Ticket ticket) => TicketAccessPolicy.MayAccess(caller, operation, ticket, T0, TimeSpan.FromDays(30));

    [Theory]
    [InlineData(TicketOperation.Read)]
    [InlineData(TicketOperation.AddCustomerUpdate)]
    [InlineData(TicketOperation.AddAttachment)]
    [InlineData(TicketOperation.ReadAttachment)]
    [InlineData(TicketOperation.Confirm)]
    public void ContactOfTheTenant_MayDoWhatTheCustomerDoes_OthersMayNot(TicketOperation operation)
    {
        Ticket ticket = New(T0);

        Assert.Equal("acme-prod", ticket.Submission.Tenant);
        Assert.True(May(AcmeContact, operation, ticket));
        Assert.False(May(GlobexContact, operation, ticket));
    }

    [Theory]
    [InlineData(TicketOperation.AddAgentUpdate)]
    [InlineData(TicketOperation.Respond)]
    [InlineData(TicketOperation.ProposeResolution)]
    [InlineData(TicketOperation.Reassign)]
    [InlineData(TicketOperation.ReadStatus)]
    [InlineData(TicketOperation.RevokeAccess)]
    [InlineData(TicketOperation.ReadQueue)]
    public void Contact_MayNeverDoWhatOnlyStaffDo(TicketOperation operation)
    {
        Assert.Equal(AccessDecision.Forbidden, TicketAccessPolicy.Decide(AcmeContact, operation));
        Assert.False(May(AcmeContact, operation, New(T0)));
    }

    [Fact]
    public void Contact_SeesTheTenantsClosedTickets_LongAfterATicketLinkWouldHaveLapsed()
    {
        Ticket closed = New(T0) with { Status = TicketStatus.Closed, ClosedAt = T0 };

        Assert.True(TicketAccessPolicy.MayAccess(AcmeContact, TicketOperation.Read, closed, T0.AddDays(365), TimeSpan.FromDays(30)));
    }

    [Fact]
    public void ContactHoldingAnotherTenantsTicketLink_OpensThatTicketByTheLink_AndActsAsThemselves()
    {
        Ticket ticket = New(T0);
        Caller both = new(null, SampleToken) { Contact = new CustomerContact("hans@globex.example", "globex") };

        Assert.True(May(both, TicketOperation.AddCustomerUpdate, ticket));
        Assert.Equal("hans@globex.example", both.ActorOn(ticket));
        Assert.Equal(UpdateRole.Customer, both.Role);
        Assert.False(both.IsAnonymous);
    }
}
