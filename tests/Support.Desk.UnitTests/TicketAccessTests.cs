using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using static Support.Desk.UnitTests.TicketSamples;
using Support.Desk.Domain.Email;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests;

public class TicketAccessTests
{
    static readonly DateTimeOffset T0 = NewYorkTime(2026, 11, 26, 10, 0);
    static readonly Caller Staff = Caller.ForStaff(new StaffMember("Sam", "staff-key"));

    static readonly TimeSpan LifetimeAfterClose = TimeSpan.FromDays(30);

    static bool May(Caller caller, TicketOperation operation, Ticket ticket, DateTimeOffset? at = null) =>
        TicketAccessPolicy.MayAccess(caller, operation, ticket, at ?? T0, LifetimeAfterClose);

    static Ticket OtherTicket() => New(T0) with { Id = "SUP-AAAA-BBBB-CCCC", AccessTokenHash = TicketAccessTokens.HashOf(AccessTokens.Issue("SUP-AAAA-BBBB-CCCC")) };

    [Fact]
    public void Token_IsDeterministicPerTicket_AndDiffersBetweenTicketsAndKeys()
    {
        var otherKey = new TicketAccessTokens(new AccessOptions { TicketTokenKeys = "another-ticket-token-key-0123456789abcdef" });

        Assert.Equal(AccessTokens.Issue(SampleTicketId), AccessTokens.Issue(SampleTicketId));
        Assert.NotEqual(AccessTokens.Issue(SampleTicketId), AccessTokens.Issue("SUP-AAAA-BBBB-CCCC"));
        Assert.NotEqual(AccessTokens.Issue(SampleTicketId), otherKey.Issue(SampleTicketId));
        Assert.StartsWith(TicketAccessTokens.Prefix, SampleToken, StringComparison.Ordinal);
        Assert.Equal(47, SampleToken.Length); // tkt_ + 43 base64url characters: 256 bits
    }

    [Fact]
    public void StoredHash_MatchesOnlyItsToken_AndIsNotTheToken()
    {
        Ticket ticket = New(T0);

        Assert.True(TicketAccessTokens.Matches(ticket.AccessTokenHash, SampleToken));
        Assert.False(TicketAccessTokens.Matches(ticket.AccessTokenHash, SampleToken + "x"));
        Assert.False(TicketAccessTokens.Matches(ticket.AccessTokenHash, ticket.AccessTokenHash));
        Assert.False(TicketAccessTokens.Matches(null, SampleToken));
        Assert.False(TicketAccessTokens.Matches(ticket.AccessTokenHash, null));
        Assert.DoesNotContain(SampleToken[4..], ticket.AccessTokenHash!, StringComparison.Ordinal);
    }

    [Fact]
    public void Rotation_NewKeyFirst_OldTicketsStillRecoverTheirToken_NewOnesUseTheNewKey()
    {
        var rotated = new TicketAccessTokens(new AccessOptions { TicketTokenKeys = "new-ticket-token-key-0123456789abcdefgh unit-test-ticket-token-key-0123456789abcdef" });
        Ticket old = New(T0);

        Assert.Equal(SampleToken, rotated.Recover(old.Id, old.AccessTokenHash));
        Assert.NotEqual(SampleToken, rotated.Issue(old.Id));
        Assert.Null(new TicketAccessTokens(new AccessOptions { TicketTokenKeys = "new-ticket-token-key-0123456789abcdefgh" }).Recover(old.Id, old.AccessTokenHash));
    }

    [Theory]
    [InlineData(TicketOperation.Read)]
    [InlineData(TicketOperation.AddCustomerUpdate)]
    [InlineData(TicketOperation.AddAttachment)]
    [InlineData(TicketOperation.ReadAttachment)]
    [InlineData(TicketOperation.Confirm)]
    public void TicketHolder_MayDoCustomerThingsOnOwnTicket_ButNotOnAnother(TicketOperation operation)
    {
        Caller holder = Caller.ForTicketHolder(SampleToken);

        Assert.True(May(holder, operation, New(T0)));
        Assert.False(May(holder, operation, OtherTicket()));
    }

    [Theory]
    [InlineData(TicketOperation.AddAgentUpdate)]
    [InlineData(TicketOperation.Respond)]
    [InlineData(TicketOperation.ProposeResolution)]
    [InlineData(TicketOperation.Reassign)]
    [InlineData(TicketOperation.ReadStatus)]
    public void StaffOperations_RefuseAnonymous401_AndTicketHolders403_AllowStaff(TicketOperation operation)
    {
        Assert.Equal(AccessDecision.Unauthenticated, TicketAccessPolicy.Decide(Caller.Anonymous, operation));
        Assert.Equal(AccessDecision.Forbidden, TicketAccessPolicy.Decide(Caller.ForTicketHolder(SampleToken), operation));
        Assert.False(May(Caller.ForTicketHolder(SampleToken), operation, New(T0)));
        Assert.Equal(AccessDecision.Continue, TicketAccessPolicy.Decide(Staff, operation));
        Assert.True(May(Staff, operation, New(T0)));
    }

    [Fact]
    public void Confirmation_IsTheCustomersAlone_StaffAreForbidden()
    {
        Assert.Equal(AccessDecision.Forbidden, TicketAccessPolicy.Decide(Staff, TicketOperation.Confirm));
        Assert.False(May(Staff, TicketOperation.Confirm, New(T0)));
        Assert.True(May(Staff with { TicketToken = SampleToken }, TicketOperation.Confirm, New(T0)));
    }

    [Fact]
    public void TicketWithoutHash_OpensToStaffOnly()
    {
        Ticket legacy = New(T0) with { AccessTokenHash = null };

        Assert.False(May(Caller.ForTicketHolder(SampleToken), TicketOperation.Read, legacy));
        Assert.True(May(Staff, TicketOperation.Read, legacy));
    }

    [Fact]
    public void TokenOfAClosedTicket_OpensItForTheConfiguredTime_ThenNoMore_WhileStaffStillMay()
    {
        Caller holder = Caller.ForTicketHolder(SampleToken);
        Ticket closed = New(T0) with { Status = TicketStatus.Closed, ClosedAt = T0.AddDays(1) };

        Assert.True(May(holder, TicketOperation.Read, closed, T0.AddDays(1) + LifetimeAfterClose));
        Assert.False(May(holder, TicketOperation.Read, closed, T0.AddDays(1) + LifetimeAfterClose + TimeSpan.FromSeconds(1)));
        Assert.True(May(Staff, TicketOperation.Read, closed, T0.AddYears(1)));
    }

    [Fact]
    public void ReissuedAccess_NewTokenOpensTheTicket_EveryEarlierOneNoLonger_AndEmailLinksCarryTheNewOne()
    {
        Ticket ticket = New(T0);
        string next = AccessTokens.Issue(ticket.Id, ticket.AccessTokenVersion + 1);

        LifecycleResult reissued = TicketLifecycle.ReissueAccess(ticket, TicketAccessTokens.HashOf(next), "sam@desk.example", T0.AddHours(1));

        Ticket after = reissued.Ticket!;
        Assert.Equal(1, after.AccessTokenVersion);
        Assert.NotEqual(SampleToken, next);
        Assert.False(May(Caller.ForTicketHolder(SampleToken), TicketOperation.Read, after));
        Assert.True(May(Caller.ForTicketHolder(next), TicketOperation.Read, after));
        Assert.Equal(next, AccessTokens.Recover(after.Id, after.AccessTokenHash, after.AccessTokenVersion));
        Assert.Equal(TicketEmailKind.AccessLinkReissued, Assert.Single(after.Commitments.Outbox, o => o.Kind == TicketEmailKind.AccessLinkReissued).Kind);
        Assert.Equal(TicketEventKind.AccessLinkReissued, Assert.Single(reissued.Events).Kind);
    }

    [Fact]
    public void FirstTokenVersion_KeepsTheOriginalDerivation_SoLinksAlreadySentStillWork()
    {
        Assert.Equal(AccessTokens.Issue(SampleTicketId), AccessTokens.Issue(SampleTicketId, 0));
        Assert.NotEqual(AccessTokens.Issue(SampleTicketId, 0), AccessTokens.Issue(SampleTicketId, 1));
    }

    [Fact]
    public void Actor_IsTheStaffMembersName_OrTheTicketsRequesterForItsTokenHolder()
    {
        Ticket ticket = New(T0);

        Assert.Equal("Sam", Staff.ActorOn(ticket));
        Assert.Equal(ticket.Submission.Requester.Email, Caller.ForTicketHolder(SampleToken).ActorOn(ticket));
        Assert.Equal(UpdateRole.Agent, Staff.Role);
        Assert.Equal(UpdateRole.Customer, Caller.ForTicketHolder(SampleToken).Role);
    }

    [Fact]
    public void EveryEventKind_SaysWhetherCustomersSeeIt_InternalOnesAreHidden()
    {
        TicketEventKind[] hidden = [.. Enum.GetValues<TicketEventKind>().Where(k => !TicketEventVisibility.IsVisibleToCustomer(k))];

        Assert.Equal(
            [TicketEventKind.WorkflowStarted, TicketEventKind.AssigneeChanged, TicketEventKind.SlaWarning, TicketEventKind.SlaBreached, TicketEventKind.SlaEscalated, TicketEventKind.EmailSent, TicketEventKind.EmailFailed, TicketEventKind.InternalNote],
            hidden);
    }

    [Fact]
    public void StaffKeys_AreNamedAfterTheirHolders_AndOneKeyCannotHaveTwo()
    {
        string key = new('s', 32);
        var named = new AccessOptions { TicketTokenKeys = new string('t', 32), SessionKeys = new string('p', 32), StaffKeys = $"sam@desk.example:{key} lead@desk.example:{new string('l', 32)}" };

        Assert.Empty(named.Validate());
        Assert.Equal(["sam@desk.example", "lead@desk.example"], named.StaffKeyList().Select(k => k.Name));
        Assert.Equal(key, named.StaffKeyList()[0].Key);
        Assert.Contains(new AccessOptions { TicketTokenKeys = new string('t', 32), SessionKeys = new string('p', 32), StaffKeys = key }.Validate(), p => p.Contains("name:key", StringComparison.Ordinal));
        Assert.Contains(new AccessOptions { TicketTokenKeys = new string('t', 32), SessionKeys = new string('p', 32), StaffKeys = $"a@x.example:{key} b@x.example:{key}" }.Validate(), p => p.Contains("two people", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_RequireTokenKeysAndAStaffMethod_AndRejectShortKeysAndUnresolvedKeyVaultReferences()
    {
        Assert.Equal(3, new AccessOptions().Validate().Count);
        Assert.Contains(new AccessOptions { TicketTokenKeys = new string('t', 32), StaffKeys = "sam:" + new string('s', 32) }.Validate(), p => p.Contains("SessionKeys is required", StringComparison.Ordinal));
        Assert.Contains(new AccessOptions { TicketTokenKeys = new string('t', 32), SessionKeys = new string('t', 32), StaffKeys = "sam:" + new string('s', 32) }.Validate(), p => p.Contains("must not repeat a ticket-token key", StringComparison.Ordinal));
        Assert.Empty(new AccessOptions { TicketTokenKeys = new string('t', 32), SessionKeys = new string('p', 32), StaffKeys = "sam:" + new string('s', 32) }.Validate());
        Assert.Empty(new AccessOptions { TicketTokenKeys = new string('t', 32), SessionKeys = new string('p', 32), Entra = { Authority = new Uri("https://login.microsoftonline.com/tenant/v2.0"), Audience = "api://desk" } }.Validate());
        Assert.Contains(new AccessOptions { TicketTokenKeys = "short", SessionKeys = new string('p', 32), StaffKeys = "sam:" + new string('s', 32) }.Validate(), p => p.Contains("at least 32", StringComparison.Ordinal));
        Assert.Contains(new AccessOptions { TicketTokenKeys = new string('t', 32), SessionKeys = new string('p', 32), StaffKeys = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/staff-keys/)" }.Validate(),
            p => p.Contains("unresolved Key Vault reference", StringComparison.Ordinal));
        Assert.Contains(new AccessOptions { TicketTokenKeys = new string('t', 32), SessionKeys = new string('p', 32), Entra = { Authority = new Uri("http://login.example/tenant") } }.Validate(),
            p => p.Contains("https", StringComparison.Ordinal));
    }
}
