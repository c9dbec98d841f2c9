using Support.Desk.Domain;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests;

public class SlaPolicyTests
{
    static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    static readonly SlaPolicy Defaults = new(new SlaPolicyOptions());

    /// <summary>When a first response is due: the target's covered time added on the tier's calendar.</summary>
    static DateTimeOffset DueAt(SlaPolicy policy, SupportTier tier, Severity severity, DateTimeOffset submitted) =>
        policy.CalendarFor(tier, severity, NewYork).Add(submitted, policy.TermsFor(tier, severity).Target);

    [Theory]
    [InlineData(SupportTier.Standard, Severity.Urgent, 60, Coverage.AlwaysOn)]
    [InlineData(SupportTier.Standard, Severity.High, 4 * 60, Coverage.BusinessHours)]
    [InlineData(SupportTier.Standard, Severity.Normal, 12 * 60, Coverage.BusinessHours)]
    [InlineData(SupportTier.Standard, Severity.Low, 24 * 60, Coverage.BusinessHours)]
    [InlineData(SupportTier.Premium, Severity.Urgent, 30, Coverage.AlwaysOn)]
    [InlineData(SupportTier.Premium, Severity.High, 2 * 60, Coverage.BusinessHours)]
    [InlineData(SupportTier.Premium, Severity.Normal, 12 * 60, Coverage.BusinessHours)]
    [InlineData(SupportTier.Premium, Severity.Low, 24 * 60, Coverage.BusinessHours)]
    public void TermsFor_Defaults_ArePublishedTargets(SupportTier tier, Severity severity, int minutes, Coverage coverage)
    {
        Assert.Equal(new SlaTerms(TimeSpan.FromMinutes(minutes), coverage), Defaults.TermsFor(tier, severity));
    }

    [Theory]
    [InlineData(SupportPlan.Gold, SupportTier.Standard)]
    [InlineData(SupportPlan.Silver, SupportTier.Standard)]
    [InlineData(SupportPlan.HomeGrown, SupportTier.Standard)]
    [InlineData(SupportPlan.Enterprise, SupportTier.Premium)]
    [InlineData(SupportPlan.Platinum, SupportTier.Premium)]
    public void TierOf_Plan_IsStandardOrPremium(SupportPlan plan, SupportTier tier) => Assert.Equal(tier, SupportPlans.TierOf(plan));

    [Fact]
    public void DueAt_StandardUrgentOnSaturdayNight_RunsAroundTheClock()
    {
        var submitted = new DateTimeOffset(2026, 11, 28, 23, 30, 0, TimeSpan.FromHours(-5));

        Assert.Equal(submitted.AddHours(1), DueAt(Defaults, SupportTier.Standard, Severity.Urgent, submitted));
    }

    [Fact]
    public void DueAt_StandardNormalFriday1700_IsDueMonday1700()
    {
        var submitted = new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.FromHours(-5)), DueAt(Defaults, SupportTier.Standard, Severity.Normal, submitted));
    }

    [Fact]
    public void DueAt_PremiumHighOnSaturday_StartsMondayMidnightLocal()
    {
        var submitted = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.FromHours(-5)), DueAt(Defaults, SupportTier.Premium, Severity.High, submitted));
    }

    [Fact]
    public void DueAt_ConfiguredHoliday_IsSkipped()
    {
        var options = new SlaPolicyOptions { Holidays = ["2026-11-26"] };
        var policy = new SlaPolicy(options);
        var submitted = new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(-5)), DueAt(policy, SupportTier.Standard, Severity.High, submitted));
    }

    [Fact]
    public void Validate_BrokenOptions_NamesEveryBadKey()
    {
        var options = new SlaPolicyOptions { Holidays = ["26/11/2026"] };
        options.Standard.BusinessHours.Opens = "25:00";
        options.Standard.BusinessHours.Days = "Funday";
        options.Premium.High.Target = TimeSpan.Zero;
        options.Premium.Low.Coverage = "sometimes";

        IReadOnlyList<string> problems = options.Validate();

        Assert.Contains(problems, p => p.StartsWith("Sla:Standard:BusinessHours:Opens", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Sla:Standard:BusinessHours:Days", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Sla:Premium:High:Target", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Sla:Premium:Low:Coverage", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Sla:Holidays", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new SlaPolicy(options));
    }

    [Theory]
    [InlineData("Mon-Fri", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })]
    [InlineData("Sat-Sun", new[] { DayOfWeek.Sunday, DayOfWeek.Saturday })]
    [InlineData("mon,wed, Friday", new[] { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday })]
    public void DaySet_Parse_ReadsRangesListsAndWrapAround(string text, DayOfWeek[] expected) =>
        Assert.Equal(expected, DaySet.Parse(text));

    [Theory]
    [InlineData("06:00", true)]
    [InlineData("24:00", true)]
    [InlineData("24:01", false)]
    [InlineData("6:00", false)]
    [InlineData("12:60", false)]
    [InlineData("06:00:30", true)]
    [InlineData("23:59:59", true)]
    [InlineData("24:00:00", true)]
    [InlineData("24:00:01", false)]
    [InlineData("06:00:60", false)]
    [InlineData("06:00:5", false)]
    [InlineData("06:00-30", false)]
    [InlineData("06-00", false)]
    [InlineData("", false)]
    public void ClockTime_TryParse_AcceptsHHmmAndHHmmssUpTo2400(string text, bool valid) => Assert.Equal(valid, ClockTime.TryParse(text, out _));

    [Fact]
    public void ClockTime_Parse_KeepsTheSeconds() => Assert.Equal(new TimeSpan(9, 15, 30), ClockTime.Parse("09:15:30"));
}
