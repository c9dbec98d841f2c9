namespace Support.Desk.Domain;

/// <summary>Enterprise subscription plans that carry a production SLA.</summary>
public enum SupportPlan
{
    Gold,
    Silver,
    HomeGrown,
    Enterprise,
    Platinum,
}

/// <summary>Standard Enterprise Support (Gold, Silver, Home Grown) or Premium (Enterprise, Platinum).</summary>
public enum SupportTier
{
    Standard,
    Premium,
}

public enum Severity
{
    Urgent,
    High,
    Normal,
    Low,
}

/// <summary>Customer regions, matching the three regional status pages.</summary>
public enum Region
{
    Us,
    Eu,
    Au,
}

public static class SupportPlans
{
    public static SupportTier TierOf(SupportPlan plan) => plan switch
    {
        SupportPlan.Gold or SupportPlan.Silver or SupportPlan.HomeGrown => SupportTier.Standard,
        SupportPlan.Enterprise or SupportPlan.Platinum => SupportTier.Premium,
        _ => throw new ArgumentOutOfRangeException(nameof(plan), plan, "Unknown plan."),
    };
}

public static class Severities
{
    /// <summary>What each severity means, as published to customers.</summary>
    public static string DefinitionOf(Severity severity) => severity switch
    {
        Severity.Urgent => "Production application offline: an outage, or the application is unusable for all users.",
        Severity.High => "Production application issue: a major function is impacted or there is significant degradation.",
        Severity.Normal => "General support question, or a minor function issue.",
        Severity.Low => "Product question or enhancement request.",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity."),
    };
}
