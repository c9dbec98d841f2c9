using Support.Desk.Domain;
using Support.Desk.Domain.Access;

namespace Support.Desk.Settings;

/// <summary>
/// The customer directory, bound from the <c>Customers</c> configuration section keyed by tenant name
/// (e.g. <c>Customers__acme-prod__Plan=gold</c>); the local host also loads <c>customers.sample.json</c>.
/// </summary>
public sealed class CustomerDirectoryOptions : IValidatedOptions
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

            for (int i = 0; i < c.Contacts.Count; i++)
            {
                if (ContactAddresses.Normalize(c.Contacts[i]) is null)
                {
                    problems.Add($"{prefix}:Contacts:{i} is not a valid email address.");
                }
            }

            for (int i = 0; i < c.EmailDomains.Count; i++)
            {
                if (!ContactAddresses.IsWellFormedDomain(c.EmailDomains[i]?.Trim().ToLowerInvariant()))
                {
                    problems.Add($"{prefix}:EmailDomains:{i} '{c.EmailDomains[i]}' is not a domain such as example.com.");
                }
            }
        }

        // An address or a domain acts for one tenant only: otherwise a sign-in would pick one at random.
        foreach (var shared in this.Customers
            .SelectMany(p => p.Value.Contacts.Select(ContactAddresses.Normalize).OfType<string>().Distinct().Select(a => (Key: "address " + a, Tenant: p.Key))
                .Concat(p.Value.EmailDomains.Select(d => d.Trim().ToLowerInvariant()).Distinct().Select(d => (Key: "domain " + d, Tenant: p.Key))))
            .GroupBy(x => x.Key)
            .Where(g => g.Count() > 1))
        {
            problems.Add($"{SectionName}: the {shared.Key} is listed for {string.Join(" and ", shared.Select(x => x.Tenant))}; it may act for one tenant only.");
        }

        return problems;
    }

    /// <summary>Each listed contact's address, and each email domain, with the tenant it acts for.</summary>
    public (IReadOnlyDictionary<string, string> Contacts, IReadOnlyDictionary<string, string> Domains) ContactIndex() =>
        (this.Customers.SelectMany(p => p.Value.Contacts.Select(ContactAddresses.Normalize).OfType<string>().Distinct().Select(a => (a, Tenant: p.Key.ToLowerInvariant())))
            .ToDictionary(x => x.a, x => x.Tenant, StringComparer.Ordinal),
         this.Customers.SelectMany(p => p.Value.EmailDomains.Select(d => d.Trim().ToLowerInvariant()).Distinct().Select(d => (d, Tenant: p.Key.ToLowerInvariant())))
            .ToDictionary(x => x.d, x => x.Tenant, StringComparer.Ordinal));

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

    /// <summary>Addresses that may sign in to the Support Center for this tenant.</summary>
    public List<string> Contacts { get; set; } = [];

    /// <summary>Email domains whose every address may sign in for this tenant (e.g. <c>acme.example</c>).</summary>
    public List<string> EmailDomains { get; set; } = [];
}
