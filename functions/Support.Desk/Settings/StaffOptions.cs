using Support.Desk.Domain;

namespace Support.Desk.Settings;

/// <summary>One person on the support staff: who they are, and the regions and tiers they cover.</summary>
public sealed class RosterEntry
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Their work address: assignments name it, notices go to it, and it is the name they sign in with.</summary>
    public string Email { get; set; } = string.Empty;

    /// <summary>Regions they cover (wire names: us, eu, au); empty covers all.</summary>
    public List<string> Regions { get; set; } = [];

    /// <summary>Tiers they cover (standard, premium); empty covers all.</summary>
    public List<string> Tiers { get; set; } = [];
}

/// <summary>The staff roster (section <c>Staff</c>): only people on it can be assigned tickets.</summary>
public sealed class StaffOptions : IValidatedOptions
{
    public const string SectionName = "Staff";

    public List<RosterEntry> Roster { get; set; } = [];

    /// <summary>The roster entry of an address (case-insensitive), or null.</summary>
    public RosterEntry? Find(string? email) =>
        email is null ? null : this.Roster.FirstOrDefault(r => string.Equals(r.Email, email, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        for (int i = 0; i < this.Roster.Count; i++)
        {
            RosterEntry entry = this.Roster[i];
            string at = $"{SectionName}:Roster:{i}";
            if (string.IsNullOrWhiteSpace(entry.Name) || entry.Name.Length > 200)
            {
                problems.Add($"{at}:Name is required (at most 200 characters).");
            }

            if (!EmailAddresses.IsValid(entry.Email))
            {
                problems.Add($"{at}:Email is not a valid email address.");
            }

            if (entry.Regions.Any(r => !WireNames.TryParse<Region>(r, out _)))
            {
                problems.Add($"{at}:Regions may hold {string.Join(", ", WireNames.AllOf<Region>())}.");
            }

            if (entry.Tiers.Any(t => !WireNames.TryParse<SupportTier>(t, out _)))
            {
                problems.Add($"{at}:Tiers may hold {string.Join(", ", WireNames.AllOf<SupportTier>())}.");
            }
        }

        if (this.Roster.GroupBy(r => r.Email, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            problems.Add($"{SectionName}:Roster names one address twice.");
        }

        return problems;
    }
}

/// <summary>Which staff notifications the desk sends, beyond the SLA notices (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions : IValidatedOptions
{
    public const string SectionName = "Notifications";

    /// <summary>A new ticket is announced to the queue address (in the ticket's coverage hours).</summary>
    public bool NewTicket { get; set; } = true;

    /// <summary>A new urgent ticket goes to <see cref="UrgentTicketEmail"/> at once, any hour.</summary>
    public bool UrgentTicket { get; set; } = true;

    /// <summary>The duty address for new urgent tickets.</summary>
    public string UrgentTicketEmail { get; set; } = "duty@support-desk.localhost";

    /// <summary>A customer's update, attachment or rejected resolution goes to the assignee (the queue when unassigned).</summary>
    public bool CustomerActivity { get; set; } = true;

    /// <summary>An assignment goes to the new assignee (unless they assigned themselves).</summary>
    public bool Assignment { get; set; } = true;

    public IReadOnlyList<string> Validate() =>
        EmailAddresses.IsValid(this.UrgentTicketEmail) ? [] : [$"{SectionName}:UrgentTicketEmail is not a valid email address."];
}
