namespace Support.Desk.Domain;

/// <summary>A customer account as the desk knows it. The plan comes from here, never from a request.</summary>
public sealed record Customer(
    string Tenant,
    SupportPlan Plan,
    Region Region,
    TimeZoneInfo TimeZone,
    bool IsApplianceCustomer,
    string? CustomerSuccessManagerEmail)
{
    public SupportTier Tier => SupportPlans.TierOf(this.Plan);
}

public static class TenantNames
{
    public static bool IsWellFormed(string? tenant) =>
        tenant is { Length: >= 3 and <= 64 }
        && tenant.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && tenant[0] != '-' && tenant[^1] != '-';
}
