using Support.Desk.Domain;

namespace Support.Desk.Settings;

/// <summary>A staff key and the staff member it belongs to, whose name the timeline records.</summary>
public sealed record StaffKey(string Name, string Key);

/// <summary>
/// Who may call the desk (section <c>Access</c>). Key lists are space- or comma-separated so that a rotation
/// can hold the new and the old key at once.
/// </summary>
public sealed class AccessOptions : IValidatedOptions
{
    public const string SectionName = "Access";

    /// <summary>Keys that derive customers' per-ticket tokens; the first issues new ones. At least 32 characters each.</summary>
    public string TicketTokenKeys { get; set; } = string.Empty;

    /// <summary>
    /// Keys that sign the pages' session cookies (staff console and Support Center), of their own so that replacing
    /// them signs every page session out without touching customers' ticket links. The first signs; every key
    /// verifies (rotation: put a new key first, remove the old one after the session lifetime). At least 32 characters each.
    /// </summary>
    public string SessionKeys { get; set; } = string.Empty;

    /// <summary>
    /// Staff API keys, sent as <c>X-Staff-Key</c>, each named after its holder: <c>sam@desk.example:KEY</c> (the key
    /// at least 32 characters). The name is who the timeline says acted; a person may hold two keys while rotating.
    /// </summary>
    public string StaffKeys { get; set; } = string.Empty;

    /// <summary>How long after a ticket closes its customer's token still opens it (to read the outcome).</summary>
    public TimeSpan TicketTokenLifetimeAfterClose { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Staff sign-in with Microsoft Entra ID bearer tokens; off unless an authority is set.</summary>
    public EntraStaffOptions Entra { get; set; } = new();

    public const int MinimumKeyLength = 32;

    public IReadOnlyList<string> TicketTokenKeyList() => KeyLists.Parse(this.TicketTokenKeys);

    public IReadOnlyList<string> SessionKeyList() => KeyLists.Parse(this.SessionKeys);

    /// <summary>The staff keys with their holders' names; entries without a name are left out (and reported by <see cref="Validate"/>).</summary>
    public IReadOnlyList<StaffKey> StaffKeyList() =>
        [.. KeyLists.Parse(this.StaffKeys).Select(entry => entry.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
            ? new StaffKey(entry[..colon], entry[(colon + 1)..])
            : null).OfType<StaffKey>()];

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (this.TicketTokenKeyList().Count == 0)
        {
            problems.Add($"{SectionName}:TicketTokenKeys is required: customers reach their tickets through tokens derived from it.");
        }

        CheckKeys(problems, "TicketTokenKeys", this.TicketTokenKeyList());
        if (this.SessionKeyList().Count == 0)
        {
            problems.Add($"{SectionName}:SessionKeys is required: the pages' session cookies are signed with it (a key of its own, not a ticket-token key).");
        }

        CheckKeys(problems, "SessionKeys", this.SessionKeyList());
        if (this.SessionKeyList().Intersect(this.TicketTokenKeyList(), StringComparer.Ordinal).Any())
        {
            problems.Add($"{SectionName}:SessionKeys must not repeat a ticket-token key: each secret has one job, so one can be replaced without the other.");
        }
        string[] staffEntries = KeyLists.Parse(this.StaffKeys);
        if (staffEntries.Any(IsKeyVaultReference))
        {
            CheckKeys(problems, "StaffKeys", staffEntries);
        }
        else
        {
            if (staffEntries.Any(e => e.IndexOf(':', StringComparison.Ordinal) <= 0))
            {
                problems.Add($"{SectionName}:StaffKeys entries are name:key (such as sam@desk.example:<32+ characters>), so the timeline can say who acted.");
            }

            CheckKeys(problems, "StaffKeys", [.. this.StaffKeyList().Select(k => k.Key)]);
        }

        if (this.StaffKeyList().GroupBy(k => k.Key, StringComparer.Ordinal).Any(g => g.Select(k => k.Name).Distinct(StringComparer.Ordinal).Count() > 1))
        {
            problems.Add($"{SectionName}:StaffKeys gives one key to two people; every key must name one holder.");
        }

        if (this.TicketTokenLifetimeAfterClose < TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:TicketTokenLifetimeAfterClose must not be negative.");
        }
        if (staffEntries.Length == 0 && this.Entra.Authority is null)
        {
            problems.Add($"{SectionName}: set StaffKeys or Entra:Authority; staff endpoints are never anonymous, so without either no one could use them.");
        }

        if (this.Entra.Authority is { } authority)
        {
            if (!authority.IsAbsoluteUri || (authority.Scheme != Uri.UriSchemeHttps && !authority.IsLoopback))
            {
                problems.Add($"{SectionName}:Entra:Authority must be an https URL, such as https://login.microsoftonline.com/<tenant-id>/v2.0.");
            }

            if (string.IsNullOrWhiteSpace(this.Entra.Audience))
            {
                problems.Add($"{SectionName}:Entra:Audience is required with an authority: the desk API's application ID URI or client ID.");
            }

            if (string.IsNullOrWhiteSpace(this.Entra.StaffRole))
            {
                problems.Add($"{SectionName}:Entra:StaffRole is required with an authority: the app role staff are assigned.");
            }
        }

        return problems;
    }

    static bool IsKeyVaultReference(string value) => value.StartsWith("@Microsoft.KeyVault", StringComparison.OrdinalIgnoreCase);

    static void CheckKeys(List<string> problems, string name, IReadOnlyList<string> keys)
    {
        if (keys.Any(IsKeyVaultReference))
        {
            // An unresolved Key Vault reference arrives as its literal text, which is no secret at all.
            problems.Add($"{SectionName}:{name} holds an unresolved Key Vault reference; check the secret exists and the app's identity may read it.");
        }
        else if (keys.Any(k => k.Length < MinimumKeyLength))
        {
            problems.Add($"{SectionName}:{name} keys must be at least {MinimumKeyLength} characters.");
        }
    }
}

/// <summary>Validation of staff bearer tokens from Microsoft Entra ID (section <c>Access:Entra</c>).</summary>
public sealed class EntraStaffOptions
{
    /// <summary>The tenant's v2.0 authority; its OpenID configuration supplies issuer and signing keys.</summary>
    public Uri? Authority { get; set; }

    /// <summary>The desk API's application ID URI or client ID, required in the token's <c>aud</c>.</summary>
    public string Audience { get; set; } = string.Empty;

    /// <summary>The app role a token's <c>roles</c> claim must hold.</summary>
    public string StaffRole { get; set; } = "Support.Staff";
}
