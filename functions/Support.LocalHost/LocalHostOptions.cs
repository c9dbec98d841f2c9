using Support.Desk.Application.Sla;

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
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The same for an activity message: how soon the SLA shard run that a crashed host was running is handed out
    /// again (the provider's default is 5 minutes). The local sidecar does not renew a running activity's message, so
    /// a shard run should end within this (<c>SlaScheduler:RunFor</c> is checked against it at start); one that does
    /// not is harmless (the copy handed out finds the shard's lease held and returns), only a gap in the shard's work.
    /// </summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>
    /// How long a host's hold on a control-queue partition lasts unless renewed (renewed and sought every third of
    /// it). With two hosts on one task hub, a killed host's orchestrations (the sleeping shards among them) move to
    /// the other once this lapses; the provider's default is 30 s, blob leases allow 15 to 60 s.
    /// </summary>
    public TimeSpan PartitionLeaseInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A shard run's longest life, its <c>RunFor</c> plus its extension and its settling before sleep, plus this margin, must fit in the visibility timeout.</summary>
    static readonly TimeSpan RunMargin = TimeSpan.FromSeconds(2);

    public IReadOnlyList<string> Validate(TimeSpan slaShardRunFor)
    {
        TimeSpan longest = slaShardRunFor + SlaShardRunner.MaxExtension + SlaShardRunner.SleepSettleTime + RunMargin;
        return longest > this.WorkItemQueueVisibilityTimeout
            ? [$"{SectionName}:WorkItemQueueVisibilityTimeout ({this.WorkItemQueueVisibilityTimeout}) must exceed SlaScheduler:RunFor ({slaShardRunFor}) by {(longest - slaShardRunFor).TotalSeconds:0} s or more: a run may go on {SlaShardRunner.MaxExtension.TotalSeconds:0} s past its end and settle {SlaShardRunner.SleepSettleTime.TotalSeconds:0} s before its shard sleeps, and the local sidecar does not renew a running activity, so a longer one would be handed out twice."]
            : [];
    }
}
