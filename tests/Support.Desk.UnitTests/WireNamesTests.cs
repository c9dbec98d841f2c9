using Support.Desk.Domain;

namespace Support.Desk.UnitTests;

public class WireNamesTests
{
    [Fact]
    public void Of_MultiWordMember_IsKebabCase()
    {
        Assert.Equal("home-grown", WireNames.Of(SupportPlan.HomeGrown));
        Assert.Equal("after-credentials", WireNames.Of(LoginStage.AfterCredentials));
    }

    [Fact]
    public void TryParse_EveryName_RoundTrips()
    {
        foreach (SupportPlan plan in Enum.GetValues<SupportPlan>())
        {
            Assert.True(WireNames.TryParse(WireNames.Of(plan), out SupportPlan parsed));
            Assert.Equal(plan, parsed);
        }
    }

    [Theory]
    [InlineData("HomeGrown")]
    [InlineData("Gold")]
    [InlineData("0")]
    [InlineData("")]
    public void TryParse_CSharpNamesAndNumbers_AreRejected(string text) => Assert.False(WireNames.TryParse<SupportPlan>(text, out _));

    [Fact]
    public void AllOf_ListsNamesInDeclarationOrder() =>
        Assert.Equal(["urgent", "high", "normal", "low"], WireNames.AllOf<Severity>());
}
