using Support.Desk.Benchmarks.Harness;
using Support.Desk.Benchmarks.Results;

namespace Support.Desk.Benchmarks.Scenarios;

/// <summary>
/// A host killed (SIGKILL) with 1,000 open urgent tickets just before their warnings fall due, and started again at
/// once on the same storage. The durable engine's partitions stay leased to the dead host until their leases expire,
/// so the notices that fall due meanwhile wait; the target is that none is later than the lease interval plus 2 s.
/// </summary>
public static class CrashRecoveryScenario
{
    const int Tickets = 1000;
    const int Clients = 16;
    static readonly TimeSpan UrgentTarget = TimeSpan.FromSeconds(60);

    /// <summary>The durable provider's partition lease interval on the local host.</summary>
    public static TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(30);

    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        await using BenchDesk desk = await BenchDesk.CreateAsync();
        desk.With("Sla:Standard:Urgent:Target", UrgentTarget);
        await desk.StartHostAsync();
        LoadOutcome load = await TicketLoad.SubmitAsync(desk.Host.BaseAddress, Tickets, Clients);

        DateTimeOffset firstWarning = load.Tickets.Min(t => t.WarningDueAt(NoticeTimeliness.WarningFraction));
        TimeSpan wait = firstWarning - TimeSpan.FromSeconds(3) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        DateTimeOffset killedAt = DateTimeOffset.UtcNow;
        context.Log($"crash: killing the host with {load.Tickets.Count} open tickets; warnings fall due from {(firstWarning - killedAt).TotalSeconds:0.0} s on");
        await desk.CrashAndRestartAsync();
        DateTimeOffset answeringAt = DateTimeOffset.UtcNow;

        DateTimeOffset lastDue = load.Tickets.Max(t => t.FirstResponseDueAt);
        int breaches = await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Breach, load.Tickets.Count, lastDue + LeaseInterval + SlaTimerScenario.Grace);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var timeliness = NoticeTimeliness.Measure(load.Tickets, SentMail.Read(desk.MailDirectory));
        double[] afterKill = [.. timeliness.Sent.Where(n => n.DueAt >= killedAt).Select(n => n.LatenessSeconds)];
        DateTimeOffset? firstAfter = timeliness.Sent.Where(n => n.DueAt >= killedAt).Select(n => (DateTimeOffset?)n.SentAt).Min();
        double bound = LeaseInterval.TotalSeconds + 2;
        Reference WithoutCrash(Func<IReadOnlyCollection<double>, double?> pick) =>
            new("1,000 without a crash", Statistics.Round(context.FreshThousand is null ? null : pick(context.FreshThousand.AllLatenessSeconds)));

        var figures = new List<Figure>
        {
            new("answering", "Restarted host answering HTTP after", Statistics.Round((answeringAt - killedAt).TotalSeconds, 1), "s"),
            new("first-notice", "First notice sent after the kill", Statistics.Round(firstAfter is null ? null : (firstAfter.Value - killedAt).TotalSeconds, 1), "s",
                new Reference("lease interval", LeaseInterval.TotalSeconds)),
            new("due-after-kill", "Notices due after the kill", afterKill.Length, "notices", new Reference("all notices", 2 * load.Tickets.Count)),
            new("lateness-p50", "Lateness p50, notices due after the kill", Statistics.Round(Statistics.Percentile(afterKill, 50)), "s", WithoutCrash(v => Statistics.Percentile(v, 50))),
            new("lateness-p99", "Lateness p99, notices due after the kill", Statistics.Round(Statistics.Percentile(afterKill, 99)), "s", WithoutCrash(v => Statistics.Percentile(v, 99))),
            new("lateness-max", "Lateness max, notices due after the kill", Statistics.Round(Statistics.Max(afterKill)), "s", WithoutCrash(Statistics.Max), Target.AtMost(bound)),
            new("skipped", "Warnings skipped (breach sent first)", timeliness.WarningsSkipped, "notices", null, Target.AtMost(0)),
            new("unsent", "Notices not sent when the run stopped waiting", timeliness.WarningsUnsent + timeliness.BreachesUnsent, "notices", null, Target.AtMost(0)),
        };
        return new ScenarioResult(
            "crash",
            "Crash recovery: a host killed with 1,000 open tickets",
            $"{Tickets:N0} urgent tickets (target {UrgentTarget.TotalSeconds:0} s) from {Clients} clients; the host is killed 3 s before the first warning falls due and a new one " +
            $"started at once on the same storage. Lease interval {LeaseInterval.TotalSeconds:0} s; target: no notice later than that plus 2 s ({breaches:N0} breaches seen).",
            (DateTimeOffset.UtcNow - started).TotalSeconds,
            figures,
            [new Chart("Crash: lateness by due time (s after the kill)", "due, seconds after the kill", "seconds late",
                [.. Buckets(timeliness.Sent, killedAt).Select(b => b.Label)],
                [new Series("max lateness", [.. Buckets(timeliness.Sent, killedAt).Select(b => b.Max)])])]);
    }

    /// <summary>Notices grouped by when they fell due, in 5-second buckets after the kill.</summary>
    static IEnumerable<(string Label, double Max)> Buckets(IReadOnlyList<SentNotice> notices, DateTimeOffset killedAt) =>
        notices.Where(n => n.DueAt >= killedAt).GroupBy(n => (int)((n.DueAt - killedAt).TotalSeconds / 5) * 5).OrderBy(g => g.Key)
            .Select(g => ($"{g.Key}", Statistics.Round(g.Max(n => n.LatenessSeconds), 1)));
}
