namespace Support.Desk.Domain.Access;

/// <summary>
/// Who may call the desk (section <c>Access</c>). Key lists are space- or comma-separated so that a rotation
/// can hold the new and the old key at once.
/// </summary>
public sealed class AccessOptions
{
    public const string SectionName = "Access";

    /// <summary>Keys that derive customers' per-ticket tokens; the first issues new ones. At least 32 characters each.</summary>
    public string TicketTokenKeys { get; set; } = string.Empty;

    /// <summary>Staff API keys, sent as <c>X-Staff-Key</c>. At least 32 characters each.</summary>
    public string StaffKeys { get; set; } = string.Empty;

    /// <summary>Staff sign-in with Microsoft Entra ID bearer tokens; off unless an authority is set.</summary>
    public EntraStaffOptions Entra { get; set; } = new();

    public const int MinimumKeyLength = 32;

    public IReadOnlyList<string> TicketTokenKeyList() => KeyLists.Parse(this.TicketTokenKeys);

    public IReadOnlyList<string> StaffKeyList() => KeyLists.Parse(this.StaffKeys);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (this.TicketTokenKeyList().Count == 0)
        {
            problems.Add($"{SectionName}:TicketTokenKeys is required: customers reach their tickets through tokens derived from it.");
        }

        CheckKeys(problems, "TicketTokenKeys", this.TicketTokenKeyList());
        CheckKeys(problems, "StaffKeys", this.StaffKeyList());
        if (this.StaffKeyList().Count == 0 && this.Entra.Authority is null)
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

    static void CheckKeys(List<string> problems, string name, IReadOnlyList<string> keys)
    {
        if (keys.Any(k => k.StartsWith("@Microsoft.KeyVault", StringComparison.OrdinalIgnoreCase)))
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
