namespace Support.Desk.Settings;

/// <summary>Which status-page incidents open a desk incident by themselves.</summary>
public enum StatusPageIncidents
{
    /// <summary>None: staff open every incident.</summary>
    Off,

    /// <summary>Incidents of major or critical impact (the default): the outages customers log urgent tickets for.</summary>
    MajorOrCritical,

    /// <summary>Every incident the page lists, minor ones too.</summary>
    Every,
}

/// <summary>Major incidents (section <c>Incidents</c>): where they come from, how their broadcasts run, and their digests.</summary>
public sealed class IncidentOptions : IValidatedOptions
{
    public const string SectionName = "Incidents";

    public StatusPageIncidents OpenFromStatusPage { get; set; } = StatusPageIncidents.MajorOrCritical;

    /// <summary>
    /// While a ticket is linked to an open incident, its SLA warnings, breaches and escalations (and, for a new urgent
    /// ticket, the duty page) go out as one digest per incident and level at most this often.
    /// </summary>
    public TimeSpan DigestInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A Microsoft Teams or Slack incoming webhook that also gets each digest (optional).</summary>
    public Uri? ChatWebhookUrl { get; set; }

    /// <summary>How often each host looks for broadcasts to run (a post on this host starts at once) and digests that are due.</summary>
    public TimeSpan WorkerInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Tickets one broadcast changes at the same time.</summary>
    public int BroadcastParallelism { get; set; } = 16;

    /// <summary>How long a host holds a broadcast before another may take it over (renewed while it runs).</summary>
    public TimeSpan BroadcastLease { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (this.DigestInterval < TimeSpan.FromSeconds(10) || this.DigestInterval > TimeSpan.FromHours(24))
        {
            problems.Add($"{SectionName}:DigestInterval must be between 10 seconds and 24 hours.");
        }

        if (this.ChatWebhookUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http")))
        {
            problems.Add($"{SectionName}:ChatWebhookUrl must be an absolute https URL (http only for a local stand-in).");
        }

        if (this.WorkerInterval < TimeSpan.FromMilliseconds(200) || this.WorkerInterval > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{SectionName}:WorkerInterval must be between 200 ms and 1 minute.");
        }

        if (this.BroadcastParallelism is < 1 or > 64)
        {
            problems.Add($"{SectionName}:BroadcastParallelism must be between 1 and 64.");
        }

        if (this.BroadcastLease < TimeSpan.FromSeconds(5) || this.BroadcastLease > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{SectionName}:BroadcastLease must be between 5 seconds and 10 minutes.");
        }

        return problems;
    }
}
