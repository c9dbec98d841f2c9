namespace Support.Desk.Settings;

/// <summary>Where links in emails point, and the Support Center's limits (configuration section <c>SupportCenter</c>).</summary>
public sealed class SupportCenterOptions : IValidatedOptions
{
    public const string SectionName = "SupportCenter";

    /// <summary>Public base URL of the desk (Support Center pages and API).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:7071");

    /// <summary>How long a sign-in link works (once).</summary>
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Sign-in links (and subscription confirmations) emailed to one address per <see cref="AddressWindow"/>. Past it the
    /// form answers as usual and sends nothing (never 429: the asker may not be the owner).
    /// </summary>
    public int RequestsPerAddress { get; set; } = 3;

    /// <summary>At most <see cref="SignInLinkLifetime"/>, so the last link sent in a window still works when the window ends.</summary>
    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Sign-in links emailed to one organisation's addresses (a tenant's, or an unknown domain's) per
    /// <see cref="OrganisationWindow"/>: a flood of requests for made-up addresses at a customer's domain stops here.
    /// Contacts who have signed in before still get their link.
    /// </summary>
    public int EmailsPerOrganisation { get; set; } = 60;

    public TimeSpan OrganisationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Sign-in links (and subscription requests) one client address may ask for per <see cref="ClientWindow"/>.</summary>
    public int RequestsPerClient { get; set; } = 30;

    public TimeSpan ClientWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a signed-in customer stays signed in.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (this.SignInLinkLifetime < TimeSpan.FromMinutes(1) || this.SignInLinkLifetime > TimeSpan.FromHours(1))
        {
            problems.Add($"{SectionName}:SignInLinkLifetime must be between 1 minute and 1 hour.");
        }

        if (this.RequestsPerAddress < 1 || this.RequestsPerClient < 1 || this.EmailsPerOrganisation < 1)
        {
            problems.Add($"{SectionName}:RequestsPerAddress, RequestsPerClient and EmailsPerOrganisation must be at least 1.");
        }

        if (new[] { this.AddressWindow, this.ClientWindow, this.OrganisationWindow }.Any(w => w < TimeSpan.FromSeconds(1) || w > TimeSpan.FromDays(1)))
        {
            problems.Add($"{SectionName}:AddressWindow, ClientWindow and OrganisationWindow must be between 1 second and 1 day.");
        }

        if (this.AddressWindow > this.SignInLinkLifetime)
        {
            problems.Add($"{SectionName}:AddressWindow must not be longer than SignInLinkLifetime: an address that was sent its limit must still hold a working link until the window ends.");
        }

        if (this.SessionLifetime < TimeSpan.FromMinutes(5) || this.SessionLifetime > TimeSpan.FromDays(1))
        {
            problems.Add($"{SectionName}:SessionLifetime must be between 5 minutes and 1 day.");
        }

        return problems;
    }
}
