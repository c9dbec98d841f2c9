using Support.Desk.Application.Inbound;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Email;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests.Inbound;

/// <summary>A ticket's reply address names that ticket only, and whether a reply was authenticated, from the threats.</summary>
public class ReplyAddressesTests
{
    const string Domain = "reply.desk.example";
    const string Ticket = "SUP-RTQ5-CJ3X-N4M6";
    const string Other = "SUP-AAAA-BBBB-CCCC";
    static readonly ReplyAddresses Addresses = new(new SignedTokens(new AccessOptions { TicketTokenKeys = "unit-test-ticket-token-key-0123456789abcdef" }));

    [Fact]
    public void For_ThenTicketOf_GivesTheTicketBack_AlsoWhenAMailSystemFoldsTheCase()
    {
        string address = Addresses.For(Ticket, Domain);

        Assert.StartsWith("reply+sup-rtq5-cj3x-n4m6.", address, StringComparison.Ordinal);
        Assert.Equal(Ticket, Addresses.TicketOf(address, Domain));
        Assert.Equal(Ticket, Addresses.TicketOf(address.ToUpperInvariant(), Domain));
        Assert.Equal(Ticket, Addresses.TicketOf(" " + address + " ", Domain));
    }

    public static TheoryData<string> Forgeries()
    {
        string genuine = Addresses.For(Ticket, Domain);
        string tag = genuine.Split('.')[1].Split('@')[0];
        string stranger = new ReplyAddresses(new SignedTokens(new AccessOptions { TicketTokenKeys = "another-ticket-token-key-0123456789abcdef" })).For(Other, Domain);
        return
        [
            $"reply+{Other.ToLowerInvariant()}.{tag}@{Domain}",          // another ticket with this ticket's tag
            genuine.Replace(tag, tag[..^1] + (tag[^1] == 'a' ? 'b' : 'a'), StringComparison.Ordinal),
            genuine.Replace("." + tag, string.Empty, StringComparison.Ordinal),
            genuine.Replace(tag, tag[..15], StringComparison.Ordinal),
            genuine.Replace(tag, tag[..16], StringComparison.Ordinal),             // a genuine prefix: the whole tag or nothing
            genuine.Replace(tag, tag[..19], StringComparison.Ordinal),
            genuine.Replace(tag, tag + "0", StringComparison.Ordinal),
            genuine.Replace(Domain, "reply.evil.example", StringComparison.Ordinal),
            genuine.Replace(Domain, "evil." + Domain, StringComparison.Ordinal),
            genuine.Replace("reply+", "support+", StringComparison.Ordinal),
            stranger,
            $"reply+.{tag}@{Domain}",
            $"reply+{Ticket}@{Domain}",
            "not an address",
            string.Empty,
        ];
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void TicketOf_AnyOtherAddress_IsNoTicket(string address)
    {
        Assert.Null(Addresses.TicketOf(address, Domain));
    }

    static InboundEmail Email(string? spf, string? dkim, string? envelopeFrom) =>
        new("Jane <jane@acme.example>", [], envelopeFrom, "Re: SUP-1", "Okta.", null, spf, dkim, "<a@b>", []);

    public static TheoryData<string?, string?, string?, bool> Verdicts() => new()
    {
        { "pass", null, "bounce@acme.example", true },
        { "pass", null, "bounce@mail.acme.example", true },
        { "pass", null, "bounce@evil.example", false },                 // SPF of someone else's domain
        { "pass", null, null, false },
        { "softfail", "{@acme.example : pass}", "jane@acme.example", true },
        { "fail", "{@mailer.example : pass, @acme.example : pass}", null, true },
        { "fail", "{@mailer.example : pass}", null, false },             // signed, but not by the From domain
        { "none", "{@acme.example : fail}", "jane@acme.example", false },
        { "neutral", "{@acme.example.evil.example : pass}", null, false },
        { null, null, null, false },
        { "PASS", null, "Bounce@ACME.example", true },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void Authenticated_SpfOfTheFromDomainOrDkimSignedByIt(string? spf, string? dkim, string? envelopeFrom, bool expected)
    {
        Assert.Equal(expected, InboundReplies.Authenticated("jane@acme.example", Email(spf, dkim, envelopeFrom)));
    }
}
