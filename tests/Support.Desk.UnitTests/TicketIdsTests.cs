using System.Text.RegularExpressions;
using Support.Desk.Domain;

namespace Support.Desk.UnitTests;

public class TicketIdsTests
{
    [Fact]
    public void NewRandom_HasReadableUrlSafeFormat()
    {
        string id = TicketIds.NewRandom();

        Assert.Matches(new Regex("^SUP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"), id);
        Assert.Equal(Uri.EscapeDataString(id), id);
    }

    [Fact]
    public void NewRandom_TenThousandIds_AreAllDistinct()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => TicketIds.NewRandom()).ToHashSet();

        Assert.Equal(10_000, ids.Count);
    }

    [Fact]
    public void FromIdempotencyKey_SameTenantAndKey_IsSameId()
    {
        Assert.Equal(TicketIds.FromIdempotencyKey("acme-prod", "k-1"), TicketIds.FromIdempotencyKey("acme-prod", "k-1"));
        Assert.NotEqual(TicketIds.FromIdempotencyKey("acme-prod", "k-1"), TicketIds.FromIdempotencyKey("globex", "k-1"));
        Assert.NotEqual(TicketIds.FromIdempotencyKey("acme-prod", "k-1"), TicketIds.FromIdempotencyKey("acme-prod", "k-2"));
    }

    [Theory]
    [InlineData("sup-7k3m-9qxd-2f4a", "SUP-7K3M-9QXD-2F4A")]
    [InlineData("SUP-7K3M-9QXD-2F4O", "SUP-7K3M-9QXD-2F40")]
    [InlineData("SUP-7K3M-9QXD-2FLI", "SUP-7K3M-9QXD-2F11")]
    public void Normalize_LowercaseAndLookAlikes_MapToCanonicalId(string input, string expected) =>
        Assert.Equal(expected, TicketIds.Normalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SUP-7K3M9QXD2F4A")]
    [InlineData("SUP-7K3M-9QXD-2F4U")]
    [InlineData("ABC-7K3M-9QXD-2F4A")]
    [InlineData("SUP-7K3M-9QXD-2F4A-")]
    [InlineData("../../etc/passwd")]
    public void Normalize_Malformed_IsNull(string? input) => Assert.Null(TicketIds.Normalize(input));
}
