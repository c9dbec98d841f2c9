using Support.Desk.Domain;

namespace Support.Desk.Settings;

/// <summary>Regional status pages to watch (configuration section <c>StatusPages</c>).</summary>
public sealed class StatusPageOptions : IValidatedOptions
{
    public const string SectionName = "StatusPages";

    /// <summary>Region code (us, eu, au) to its page; defaults to the seed's three Statuspage summaries.</summary>
    public Dictionary<string, StatusPageRegionOptions> Regions { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["us"] = new() { Url = new Uri("https://status.auth0.com/api/v2/summary.json") },
        ["eu"] = new() { Url = new Uri("https://status.eu.auth0.com/api/v2/summary.json") },
        ["au"] = new() { Url = new Uri("https://status.au.auth0.com/api/v2/summary.json") },
    };

    /// <summary>Per-request timeout of one poll.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bodies larger than this are refused (a summary is a few KiB).</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>A page whose own updated_at is older than this is treated as stale (region unknown).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an instance trusts its in-memory copy before reading the stored state again.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(60);

    public IReadOnlyList<(Region Region, Uri Url)> Pages() =>
        [.. this.Regions.Select(p => (WireNames.Parse<Region>(p.Key.ToLowerInvariant()), p.Value.Url!))];

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach ((string region, StatusPageRegionOptions page) in this.Regions)
        {
            if (!WireNames.TryParse<Region>(region.ToLowerInvariant(), out _))
            {
                problems.Add($"{SectionName}:Regions:{region} is not a region ({string.Join(", ", WireNames.AllOf<Region>())}).");
            }

            if (page.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                problems.Add($"{SectionName}:Regions:{region}:Url must be an absolute http(s) URL.");
            }
        }

        if (this.Timeout <= TimeSpan.Zero || this.Timeout > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{SectionName}:Timeout must be between 0 and 1 minute.");
        }

        if (this.MaxResponseBytes is < 1024 or > 16 * 1024 * 1024)
        {
            problems.Add($"{SectionName}:MaxResponseBytes must be between 1 KiB and 16 MiB.");
        }

        return problems;
    }
}

public sealed class StatusPageRegionOptions
{
    public Uri? Url { get; set; }
}
