namespace Support.LocalHost;

/// <summary>Where the local host listens and which task hub it uses (section <c>LocalHost</c>).</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";

    /// <summary>
    /// What the Functions host's function key is in Azure: the key webhook senders put in <c>x-functions-key</c>
    /// (or <c>?code=</c>) to submit tickets. Required; <c>scripts/run-local.sh</c> generates one into local settings.
    /// </summary>
    public string FunctionKey { get; set; } = string.Empty;

    /// <summary>The public HTTP port, as the Functions host uses locally.</summary>
    public int Port { get; set; } = 7071;

    /// <summary>The durable sidecar's HTTP/2 port, bound to loopback only.</summary>
    public int SidecarPort { get; set; } = 7072;

    /// <summary>Durable task hub name: the prefix of the provider's tables, queues and blob containers.</summary>
    public string TaskHub { get; set; } = "SupportDesk";

    /// <summary>How often idle durable queues are polled at most; the provider backs off up to this.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a dequeued orchestration message stays hidden. After a crash in the middle of an episode the
    /// message reappears after this long (the provider's default is 5 minutes); episodes here take milliseconds.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The same for an activity message: how soon an activity that a crashed instance was running is run again
    /// (the provider's default is 5 minutes; a running activity's message is renewed, so this never cuts one short).
    /// The fault test found a ticket's first email held back those 5 minutes after a kill in mid-activity.
    /// </summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
