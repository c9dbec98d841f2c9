namespace Support.Desk.Settings;

/// <summary>Where links in emails point, and the Support Center's limits (configuration section <c>SupportCenter</c>).</summary>
public sealed class SupportCenterOptions
{
    public const string SectionName = "SupportCenter";

    /// <summary>Public base URL of the desk (Support Center pages and API).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:7071");

    /// <summary>How long a sign-in link works (once).</summary>
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in links (and subscription requests) one address may ask for per <see cref="AddressWindow"/>.</summary>
    public int RequestsPerAddress { get; set; } = 5;

    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(15);

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

        if (this.RequestsPerAddress < 1 || this.RequestsPerClient < 1)
        {
            problems.Add($"{SectionName}:RequestsPerAddress and RequestsPerClient must be at least 1.");
        }

        if (this.AddressWindow < TimeSpan.FromSeconds(1) || this.ClientWindow < TimeSpan.FromSeconds(1) || this.AddressWindow > TimeSpan.FromDays(1) || this.ClientWindow > TimeSpan.FromDays(1))
        {
            problems.Add($"{SectionName}:AddressWindow and ClientWindow must be between 1 second and 1 day.");
        }

        if (this.SessionLifetime < TimeSpan.FromMinutes(5) || this.SessionLifetime > TimeSpan.FromDays(1))
        {
            problems.Add($"{SectionName}:SessionLifetime must be between 5 minutes and 1 day.");
        }

        return problems;
    }
}
