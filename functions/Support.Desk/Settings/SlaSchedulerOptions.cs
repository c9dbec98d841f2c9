namespace Support.Desk.Settings;

/// <summary>How the SLA shards run (configuration section <c>SlaScheduler</c>).</summary>
public sealed class SlaSchedulerOptions : IValidatedOptions
{
    public const string SectionName = "SlaScheduler";

    /// <summary>
    /// How often a shard reads its schedule for what falls due before the next read. A ticket changed in another
    /// process (intake or a command on another instance) is picked up at most this late; in the same process at once.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one run of a shard lasts (one durable activity), before up to 3 s more to finish a deadline that is
    /// about to fall due. Longer runs cost fewer durable round trips (two orchestration episodes per run, only while
    /// the shard has work: an idle shard sleeps); shorter ones let a shorter activity visibility timeout hand a crashed
    /// host's run to another process sooner (the local host's is 12 s: a 5-s run, its extension and settling fit).
    /// </summary>
    public TimeSpan RunFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Tickets a shard advances at once: bounds the storage requests one shard has in flight.</summary>
    public int MaxConcurrentTickets { get; set; } = 32;

    /// <summary>How long a ticket whose step failed (storage unreachable) waits before the shard tries it again.</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A shard with nothing due before its next run would end sleeps on a durable timer (no activity, no reads) and
    /// wakes this long before its earliest schedule row, or when a writer's ticket falls due sooner.
    /// </summary>
    public TimeSpan WakeLead { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest a shard sleeps before it looks at its schedule again: the bound on how late a ticket is when the
    /// writer that scheduled it could not wake the shard (the durable backend unreachable at that moment).
    /// </summary>
    public TimeSpan MaxSleep { get; set; } = TimeSpan.FromMinutes(5);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (this.PollInterval < TimeSpan.FromMilliseconds(50) || this.PollInterval > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{SectionName}:PollInterval must be between 50 ms and 1 minute.");
        }

        if (this.RunFor < TimeSpan.FromSeconds(1) || this.RunFor > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{SectionName}:RunFor must be between 1 second and 5 minutes (a durable activity must end well within the function timeout).");
        }

        if (this.MaxConcurrentTickets is < 1 or > 256)
        {
            problems.Add($"{SectionName}:MaxConcurrentTickets must be between 1 and 256.");
        }

        if (this.RetryAfterFailure <= TimeSpan.Zero || this.RetryAfterFailure > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{SectionName}:RetryAfterFailure must be a positive duration of at most 10 minutes.");
        }

        if (this.WakeLead < TimeSpan.FromSeconds(1) || this.WakeLead > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{SectionName}:WakeLead must be between 1 second and 5 minutes.");
        }

        if (this.MaxSleep < TimeSpan.FromSeconds(30) || this.MaxSleep > TimeSpan.FromHours(1))
        {
            problems.Add($"{SectionName}:MaxSleep must be between 30 seconds and 1 hour.");
        }

        return problems;
    }
}
