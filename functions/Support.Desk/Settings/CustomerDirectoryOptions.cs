using Support.Desk.Domain;

namespace Support.Desk.Settings;

/// <summary>
/// The customer directory, bound from the <c>Customers</c> configuration section keyed by tenant name
/// (e.g. <c>Customers__acme-prod__Plan=gold</c>); the local host also loads <c>customers.sample.json</c>.
/// </summary>
public sealed class CustomerDirectoryOptions
{
    public const string SectionName = "Customers";

    public Dictionary<string, CustomerOptions> Customers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach ((string tenant, CustomerOptions c) in this.Customers)
        {
            string prefix = $"{SectionName}:{tenant}";
            if (!TenantNames.IsWellFormed(tenant))
            {
                problems.Add($"{prefix}: tenant names are 3-64 characters of lowercase letters, digits and hyphens.");
            }

            if (!WireNames.TryParse<SupportPlan>(c.Plan, out _))
            {
                problems.Add($"{prefix}:Plan must be one of {string.Join(", ", WireNames.AllOf<SupportPlan>())}.");
            }

            if (!WireNames.TryParse<Region>(c.Region, out _))
            {
                problems.Add($"{prefix}:Region must be one of {string.Join(", ", WireNames.AllOf<Region>())}.");
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(c.TimeZone ?? string.Empty, out _))
            {
                problems.Add($"{prefix}:TimeZone '{c.TimeZone}' is not a known IANA time zone.");
            }

            if (c.CustomerSuccessManagerEmail is { } csm && !EmailAddresses.IsValid(csm))
            {
                problems.Add($"{prefix}:CustomerSuccessManagerEmail is not a valid email address.");
            }
        }

        return problems;
    }

    public IEnumerable<Customer> ToCustomers() =>
        this.Customers.Select(p => new Customer(
            p.Key.ToLowerInvariant(),
            WireNames.Parse<SupportPlan>(p.Value.Plan ?? string.Empty),
            WireNames.Parse<Region>(p.Value.Region ?? string.Empty),
            TimeZoneInfo.FindSystemTimeZoneById(p.Value.TimeZone ?? string.Empty),
            p.Value.Appliance,
            p.Value.CustomerSuccessManagerEmail));
}

public sealed class CustomerOptions
{
    public string? Plan { get; set; }

    public string? Region { get; set; }

    public string? TimeZone { get; set; }

    public bool Appliance { get; set; }

    public string? CustomerSuccessManagerEmail { get; set; }
}
