using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Support.Desk.Application.Sla;
using Support.Desk.Benchmarks.Harness;
using Support.Desk.Benchmarks.Results;
using Support.Desk.Testing;

namespace Support.Desk.Benchmarks.Scenarios;

/// <summary>
/// The SLA engine at ten times the size: what an idle desk costs at 1,000 / 10,000 / 100,000 open tickets (shards
/// asleep), how a sleeping shard's first notice keeps time, 1,000 urgent tickets on top of a 100,000-ticket backlog,
/// and two hosts on one storage account (one of them killed).
/// </summary>
public static class ScaleScenarios
{
    static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(60);

    public static async Task<ScenarioResult> IdleAsync(BenchContext context, int open, bool withNotices)
    {
        string id = $"idle-{open}";
        DateTimeOffset started = DateTimeOffset.UtcNow;
        await using BenchDesk desk = await BenchDesk.CreateAsync();
        // Notices a few minutes out: the shards sleep on their timers until then.
        TimeSpan target = TimeSpan.FromSeconds(200);
        desk.With("Sla:Standard:Urgent:Target", target);
        context.Log($"{id}: seeding {open:N0} open tickets");
        double seedSeconds = await OpenBacklogSeeder.SeedAsync(desk.Settings, open, queue: true, m => context.Log($"{id}: {m}"));
        string log = Path.Combine(context.WorkDirectory, $"azurite-{id}.log");
        await RestartAzuriteAsync(desk, log);
        await desk.StartHostAsync();

        LoadOutcome? load = null;
        if (withNotices)
        {
            load = await TicketLoad.SubmitAsync(desk.Host.BaseAddress, 20, 1);
            await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Confirmation, 20, DateTimeOffset.UtcNow.AddMinutes(1));
        }

        double asleepAfter = await WaitUntilAsleepAsync(desk.Settings, TimeSpan.FromSeconds(90));
        context.Log($"{id}: shards asleep after {asleepAfter:0.0} s; counting requests for {IdleWindow.TotalSeconds:0} s");
        (double perSecond, string breakdown) = await IdleRateAsync(log, desk.Settings);

        var figures = new List<Figure>
        {
            new("seed", "Open tickets seeded in", Statistics.Round(seedSeconds, 0), "s"),
            new("asleep-after", "All four shards asleep, after the host started", Statistics.Round(asleepAfter, 1), "s"),
            new("idle-rate", $"Idle desk with {open:N0} open tickets: storage requests per second", Statistics.Round(perSecond, 2), "requests/s",
                new Reference("before: 17.1/s in the issue, 9.3/s in the storage-cost idle window", 9.3)),
        };
        var notes = new List<string> { $"What the idle desk still asks storage for ({IdleWindow.TotalSeconds:0} s): {breakdown}." };
        if (load is not null)
        {
            DateTimeOffset lastDue = load.Tickets.Max(t => t.FirstResponseDueAt);
            await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Breach, load.Tickets.Count, lastDue + TimeSpan.FromSeconds(30));
            var timeliness = NoticeTimeliness.Measure(load.Tickets, SentMail.Read(desk.MailDirectory));
            figures.AddRange(timeliness.Figures("after-sleep.", p99Target: 1, maxTarget: 2, countTargets: true, context.IdleDesk, "20 tickets, idle desk (shards awake)"));
            notes.Add($"The 20 urgent tickets' warnings fall due {target.TotalSeconds * NoticeTimeliness.WarningFraction:0} s after submission and their breaches {target.TotalSeconds:0} s after: "
                + "the shards sleep on durable timers in between (an hour asleep works the same way: the timer fires its wake lead before the row is due).");
        }

        return new ScenarioResult(
            id,
            $"Idle desk with {open:N0} open tickets",
            $"{open:N0} open normal-severity tickets of 200 tenants (ticket, timeline, schedule row 1 h to 3 days ahead, tenant list, staff queue) seeded into fresh storage; "
            + "Azurite restarted with its request log; the host started" + (withNotices ? ", 20 urgent tickets submitted (their notices a few minutes out)" : string.Empty)
            + $"; once all four shards sleep, storage requests counted for {IdleWindow.TotalSeconds:0} s.",
            (DateTimeOffset.UtcNow - started).TotalSeconds,
            figures,
            [],
            Notes: notes);
    }

    public static async Task<ScenarioResult> BacklogAsync(BenchContext context, int open = 100_000)
    {
        const string Id = "backlog-100000";
        DateTimeOffset started = DateTimeOffset.UtcNow;

        // Azurite in memory, with its request log from the start: on disk it re-saves its whole database every 5 s,
        // which at 100,000 tickets becomes the emulator's own bottleneck (seeding slowed from 20 s to 76 s per 10,000).
        // The reference load runs on the same desk before the seed, so both see the same emulator.
        string log = Path.Combine(context.WorkDirectory, $"azurite-{Id}.log");
        AzuriteProcess.InMemory = true;
        BenchDesk desk;
        try
        {
            desk = await BenchDesk.CreateAsync(log);
        }
        finally
        {
            AzuriteProcess.InMemory = false;
        }

        await using (desk)
        {
            desk.With("Sla:Standard:Urgent:Target", TimeSpan.FromSeconds(30));
            await desk.StartHostAsync();
            context.Log($"{Id}: reference: 1,000 urgent tickets from 16 clients, no backlog");
            (LoadOutcome reference, NoticeTimeliness referenceTimeliness) = await UrgentLoadAsync(desk, 1000);

            context.Log($"{Id}: seeding {open:N0} open tickets");
            double seedSeconds = await OpenBacklogSeeder.SeedAsync(desk.Settings, open, queue: false, m => context.Log($"{Id}: {m}"));
            double asleepAfter = await WaitUntilAsleepAsync(desk.Settings, TimeSpan.FromMinutes(3));
            context.Log($"{Id}: shards asleep after {asleepAfter:0.0} s; counting requests for {IdleWindow.TotalSeconds:0} s");
            (double idlePerSecond, string breakdown) = await IdleRateAsync(log, desk.Settings);

            context.Log($"{Id}: 1,000 urgent tickets from 16 clients on the backlog");
            double azuriteCpuBefore = ProcessCpu.Seconds(desk.Azurite.ProcessId);
            DateTimeOffset loadStarted = DateTimeOffset.UtcNow;
            (LoadOutcome load, NoticeTimeliness timeliness) = await UrgentLoadAsync(desk, 1000);
            double azuriteCpu = (ProcessCpu.Seconds(desk.Azurite.ProcessId) - azuriteCpuBefore) / (DateTimeOffset.UtcNow - loadStarted).TotalSeconds;

            // The emulator's own cost of a crowded partition: the same point insert into a partition of a table holding
            // the backlog and into an empty table, in the same Azurite.
            (double crowded, double empty) = await BarePartitionInsertAsync(desk);
            (double crowdedQuery, double emptyQuery) = await BareScheduleQueryAsync(desk);

            var figures = new List<Figure>
            {
                new("seed", "Open tickets seeded in", Statistics.Round(seedSeconds, 0), "s"),
                new("idle-rate", $"Idle desk with {open:N0} open tickets: storage requests per second", Statistics.Round(idlePerSecond, 2), "requests/s",
                    new Reference("before: 17.1/s in the issue", 17.1)),
                new("acknowledged", "Tickets acknowledged", load.Tickets.Count, "tickets", new Reference("submitted", 1000), Target.AtLeast(1000)),
                new("intake-rate", "Submission rate, 16 clients, on the backlog", Statistics.Round(load.PerSecond, 1), "tickets/s",
                    new Reference("no backlog, same desk before the seed", Statistics.Round(reference.PerSecond, 1))),
                new("intake-ratio", "Submission rate against no backlog", Statistics.Round(load.PerSecond / reference.PerSecond, 2), "×", Target: Target.AtLeast(0.8)),
                new("intake-p99", "Submission answer time p99", Statistics.Round(Statistics.Percentile(load.LatenciesMs, 99), 1), "ms",
                    new Reference("no backlog", Statistics.Round(Statistics.Percentile(reference.LatenciesMs, 99), 1))),
                new("bare-insert-crowded", "Bare point insert into the backlog's tickets table, p50", Statistics.Round(crowded, 2), "ms",
                    new Reference("the same insert into an empty table", Statistics.Round(empty, 2))),
                new("bare-query-crowded", "Bare schedule read (a shard's due rows, none due) on the backlog's open-ticket table, p50", Statistics.Round(crowdedQuery, 2), "ms",
                    new Reference("the same read on an empty table", Statistics.Round(emptyQuery, 2))),
                new("azurite-cpu", "Azurite CPU during the load", Statistics.Round(100 * azuriteCpu, 0), "% of a core"),
                new("handed-out-twice", "Durable messages handed out while still held", DurableWarnings.HandedOutTwice(desk.Host.Output), "warnings",
                    new Reference("before: the issue's 17,000-ticket run", 516), Target.AtMost(0)),
            };
            figures.AddRange(timeliness.Figures(string.Empty, p99Target: 1, maxTarget: 2, countTargets: true, referenceTimeliness, "no backlog, same desk"));
            return new ScenarioResult(
                Id,
                "1,000 urgent tickets on a 100,000-ticket backlog",
                $"One desk (Azurite in memory, request log on): 1,000 urgent tickets from 16 clients (target 30 s) as the reference; then {open:N0} open normal-severity "
                + "tickets of 200 tenants seeded (ticket, timeline, listing and schedule row 1 h to 3 days ahead, tenant list; not the staff queue: see notes); "
                + $"idle requests counted for {IdleWindow.TotalSeconds:0} s with all shards asleep; then 1,000 urgent tickets from 16 clients again.",
                (DateTimeOffset.UtcNow - started).TotalSeconds,
                figures,
                [timeliness.Chart("On a 100,000-ticket backlog: lateness")],
                Notes:
                [
                    $"What the idle desk still asks storage for: {breakdown}.",
                    "The emulator's own cost of a backlog: Azurite keeps each table in a LokiJS collection whose binary indexes (partition key, row key) are arrays "
                    + "spliced on every insert, and searched and spliced again on every update and delete, so each write costs in proportion to the rows of its table, "
                    + "whatever the partition (the bare-insert pair above), and a point read scans its partition; queries scan the table (the bare-read pair: "
                    + "every shard makes that read each second while awake). Azure Table Storage indexes "
                    + "partition and row key, and its latency does not grow with a table or a partition. The desk keeps partitions small (a ticket's own, 32 schedule "
                    + "partitions). The seeded backlog is not in the staff queue, whose open tickets share one partition (see docs/scaling.md).",
                ]);
        }
    }

    /// <summary>1,000 urgent tickets (or <paramref name="count"/>) from 16 clients; waits for every breach (or the grace after the last deadline).</summary>
    static async Task<(LoadOutcome Load, NoticeTimeliness Timeliness)> UrgentLoadAsync(BenchDesk desk, int count)
    {
        int breachesBefore = SentMail.Count(desk.MailDirectory, SentMail.Breach);
        LoadOutcome load = await TicketLoad.SubmitAsync(desk.Host.BaseAddress, count, 16);
        DateTimeOffset lastDue = load.Tickets.Max(t => t.FirstResponseDueAt);
        await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Breach, breachesBefore + load.Tickets.Count, lastDue + SlaTimerScenario.Grace);
        return (load, NoticeTimeliness.Measure(load.Tickets, SentMail.Read(desk.MailDirectory)));
    }

    public static async Task<ScenarioResult> TwoHostsAsync(BenchContext context)
    {
        const string Id = "two-hosts";
        DateTimeOffset started = DateTimeOffset.UtcNow;
        await using BenchDesk desk = await BenchDesk.CreateAsync();
        desk.With("Sla:Standard:Urgent:Target", TimeSpan.FromSeconds(30));
        await desk.StartHostAsync();
        LocalHostProcess first = desk.Host;
        await using LocalHostProcess second = await LocalHostProcess.StartAsync(desk.Settings);
        var open = new TableClient(desk.Azurite.ConnectionString, desk.Settings.Values["Storage:OpenTicketsTable"]);
        using var sampling = new CancellationTokenSource();
        var samples = new List<(DateTimeOffset At, Dictionary<string, int> Holders)>();
        Task sampler = SampleHoldersAsync(open, samples, sampling.Token);

        // Load: half the clients on each host.
        context.Log($"{Id}: 1,000 urgent tickets, 8 clients on each of two hosts");
        LoadOutcome[] loads = await Task.WhenAll(TicketLoad.SubmitAsync(first.BaseAddress, 500, 8), TicketLoad.SubmitAsync(second.BaseAddress, 500, 8));
        SubmittedTicket[] tickets = [.. loads.SelectMany(l => l.Tickets)];
        DateTimeOffset lastDue = tickets.Max(t => t.FirstResponseDueAt);
        await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Breach, tickets.Length, lastDue + SlaTimerScenario.Grace);
        var timeliness = NoticeTimeliness.Measure(tickets, SentMail.Read(desk.MailDirectory));
        int firstRuns = samples.Sum(s => s.Holders.GetValueOrDefault(first.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        int secondRuns = samples.Sum(s => s.Holders.GetValueOrDefault(second.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        // Kill: another 200 urgent tickets; when the first warnings are 5 s away, kill the host holding more shards.
        context.Log($"{Id}: 200 more, then the host running more shards is killed before their warnings");
        LoadOutcome[] more = await Task.WhenAll(TicketLoad.SubmitAsync(first.BaseAddress, 100, 4), TicketLoad.SubmitAsync(second.BaseAddress, 100, 4));
        SubmittedTicket[] later = [.. more.SelectMany(l => l.Tickets)];
        DateTimeOffset firstWarning = later.Min(t => t.WarningDueAt(NoticeTimeliness.WarningFraction));
        await Task.Delay(Max(TimeSpan.Zero, firstWarning - TimeSpan.FromSeconds(5) - DateTimeOffset.UtcNow));
        Dictionary<string, int> holding = await HoldersAsync(open);
        bool killFirst = holding.GetValueOrDefault(first.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            >= holding.GetValueOrDefault(second.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        LocalHostProcess victim = killFirst ? first : second, survivor = killFirst ? second : first;
        DateTimeOffset killedAt = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        string survivorPid = survivor.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        DateTimeOffset lastLaterDue = later.Max(t => t.FirstResponseDueAt);
        await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Breach, tickets.Length + later.Length, lastLaterDue + SlaTimerScenario.Grace);
        await sampling.CancelAsync();
        await sampler;
        var afterKill = NoticeTimeliness.Measure(later, SentMail.Read(desk.MailDirectory));
        IReadOnlyList<SentEmail> mail = SentMail.Read(desk.MailDirectory);
        int twice = mail.GroupBy(m => (m.TicketId, m.Kind)).Count(g => g.Count() > 1);
        // Back on time: the last notice that went out late (over a second) after the kill, counted from the kill.
        SentNotice[] late = [.. afterKill.Sent.Where(n => n.LatenessSeconds > 1)];
        double? recovered = late.Length == 0 ? 0 : (late.Max(n => n.SentAt) - killedAt).TotalSeconds;

        var figures = new List<Figure>
        {
            new("first-host-share", "Shard runs held by the first host (sampled every 250 ms)", firstRuns + secondRuns == 0 ? null : Statistics.Round(100.0 * firstRuns / (firstRuns + secondRuns), 0), "%",
                new Reference("second host", firstRuns + secondRuns == 0 ? null : Statistics.Round(100.0 * secondRuns / (firstRuns + secondRuns), 0))),
            new("twice", "Emails sent twice (same ticket and kind)", twice, "emails", Target: Target.AtMost(0)),
            new("kill.recovered", "After the kill: last late notice sent, seconds after the kill", Statistics.Round(recovered, 1), "s",
                new Reference("a shard run's lease", SlaShardRunner.LeaseTerm.TotalSeconds), Target.AtMost(SlaShardRunner.LeaseTerm.TotalSeconds + 2)),
            new("kill.late", "After the kill: notices sent more than 1 s late", late.Length, "notices", new Reference("notices due after the kill", afterKill.Sent.Count)),
        };
        figures.AddRange(timeliness.Figures(string.Empty, p99Target: 1, maxTarget: 2, countTargets: true, context.FreshThousand, "1,000 on one host"));
        figures.AddRange(afterKill.Figures("kill.", p99Target: null, maxTarget: null, countTargets: false));
        return new ScenarioResult(
            Id,
            "Two hosts on one storage account",
            "Two local hosts on one Azurite and one task hub (as two Functions instances): 1,000 urgent tickets (target 30 s), 8 clients on each; "
            + "then 200 more, and 5 s before their first warning the host holding more shards is killed (SIGKILL).",
            (DateTimeOffset.UtcNow - started).TotalSeconds,
            figures,
            [timeliness.Chart("Two hosts: lateness"), afterKill.Chart("Two hosts, one killed: lateness")],
            Notes:
            [
                $"Killed {(killFirst ? "the first" : "the second")} host, which held {holding.Values.Sum()} shard run(s) then; the first warnings fell due 5 s later. "
                + "Shard runs are handed out to whichever host's dispatcher takes the durable work item first, so one host may run most of them; either runs any shard. "
                + "A warning still owed when its breach falls due is recorded as skipped and the breach sent. "
                + "A killed host's shard runs are handed out again when their activity message's visibility timeout (20 s locally) lapses and its lease (17 s) has run out; "
                + "its sleeping shards' timers when its durable partitions' leases (15 s) lapse and the survivor takes them.",
            ]);
    }

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Stops Azurite (it saves its database) and starts it on the same data with or without its request log.</summary>
    static async Task RestartAzuriteAsync(BenchDesk desk, string? log)
    {
        await desk.Azurite.StopAsync();
        desk.Azurite.DebugLog = log;
        await desk.Azurite.RestartAsync();
    }

    static async Task<Dictionary<string, int>> HoldersAsync(TableClient open)
    {
        var holders = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (TableEntity state in open.QueryAsync<TableEntity>(e => e.PartitionKey == "shards"))
        {
            if (state.GetString("Owner") is { } owner && state.GetDateTimeOffset("LeaseUntil") > DateTimeOffset.UtcNow)
            {
                string pid = owner.Split('-')[0];
                holders[pid] = holders.GetValueOrDefault(pid) + 1;
            }
        }

        return holders;
    }

    static async Task SampleHoldersAsync(TableClient open, List<(DateTimeOffset, Dictionary<string, int>)> samples, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                samples.Add((DateTimeOffset.UtcNow, await HoldersAsync(open)));
                await Task.Delay(TimeSpan.FromMilliseconds(250), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Waits until every shard's state row says it sleeps; returns how long that took.</summary>
    static async Task<double> WaitUntilAsleepAsync(DeskSettings settings, TimeSpan timeout)
    {
        var open = new TableClient(settings.Values["Storage:ConnectionString"], settings.Values["Storage:OpenTicketsTable"]);
        long started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            int asleep = 0;
            try
            {
                await foreach (TableEntity state in open.QueryAsync<TableEntity>(e => e.PartitionKey == "shards"))
                {
                    asleep += state.GetDateTimeOffset("SleepingSince") is null ? 0 : 1;
                }
            }
            catch (Azure.RequestFailedException)
            {
                // The table is not there yet.
            }

            if (asleep == 4)
            {
                return Stopwatch.GetElapsedTime(started).TotalSeconds;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException($"The shards were not all asleep after {timeout.TotalSeconds:0} s.");
    }

    /// <summary>Requests per second over the idle window (told by marks in the log, which lags under load), and the largest sources.</summary>
    static async Task<(double PerSecond, string Breakdown)> IdleRateAsync(string log, DeskSettings settings)
    {
        string connectionString = settings.Values["Storage:ConnectionString"]!;
        string start = "BenchIdleStart" + Guid.NewGuid().ToString("N")[..6], end = "BenchIdleEnd" + Guid.NewGuid().ToString("N")[..6];
        await StorageRequests.MarkAsync(connectionString, start);
        long started = Stopwatch.GetTimestamp();
        await Task.Delay(IdleWindow);
        await StorageRequests.MarkAsync(connectionString, end);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // Waiting for the end mark also lets a lagging log catch up before anything else is measured.
        IReadOnlyList<StorageRequest> window = await StorageRequests.BetweenMarksAsync(log, start, end, TimeSpan.FromMinutes(15));
        string suffix = settings.TaskHub;
        string breakdown = string.Join(", ", window
            .GroupBy(r => $"{r.Service} {r.Resource.Replace(suffix, "{hub}", StringComparison.OrdinalIgnoreCase)}")
            .OrderByDescending(g => g.Count())
            .Take(6)
            .Select(g => $"{g.Key} {g.Count() / seconds:0.##}/s"));
        return (window.Count / seconds, window.Count == 0 ? "nothing" : breakdown);
    }

    /// <summary>p50 of 300 point inserts into a new partition of the tickets table (holding the backlog), and of an empty table.</summary>
    static async Task<(double Crowded, double Empty)> BarePartitionInsertAsync(BenchDesk desk)
    {
        var crowded = new TableClient(desk.Azurite.ConnectionString, desk.Settings.Values["Storage:TicketsTable"]);
        var empty = new TableClient(desk.Azurite.ConnectionString, "BareEmpty" + Guid.NewGuid().ToString("N")[..8]);
        await empty.CreateIfNotExistsAsync();
        async Task<double> TimeAsync(TableClient table, string partition)
        {
            var latencies = new List<double>();
            for (int i = 0; i < 300; i++)
            {
                long start = Stopwatch.GetTimestamp();
                await table.AddEntityAsync(new TableEntity(partition, $"bare-{Guid.NewGuid():N}") { ["CreatedAt"] = DateTimeOffset.UtcNow });
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            return Statistics.Percentile(latencies, 50) ?? 0;
        }

        return (await TimeAsync(crowded, $"bare-{Guid.NewGuid():N}"), await TimeAsync(empty, $"bare-{Guid.NewGuid():N}"));
    }

    /// <summary>
    /// The emulator's cost of a query on a crowded table: the SLA shard's own read (its partitions' schedule rows due by
    /// now, of which there are none) on the backlog's open-ticket table and on an empty table, p50 of 50.
    /// </summary>
    static async Task<(double Crowded, double Empty)> BareScheduleQueryAsync(BenchDesk desk)
    {
        var crowded = new TableClient(desk.Azurite.ConnectionString, desk.Settings.Values["Storage:OpenTicketsTable"]);
        var empty = new TableClient(desk.Azurite.ConnectionString, "BareQuery" + Guid.NewGuid().ToString("N")[..8]);
        await empty.CreateIfNotExistsAsync();
        string filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {"shard-0-0"} and PartitionKey le {"shard-0-7"} and RowKey ge {"due-"} and RowKey le {"due-" + DateTimeOffset.UtcNow.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}");
        async Task<double> TimeAsync(TableClient table)
        {
            var latencies = new List<double>();
            for (int i = 0; i < 50; i++)
            {
                long start = Stopwatch.GetTimestamp();
                await foreach (TableEntity _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000))
                {
                }

                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            return Statistics.Percentile(latencies, 50) ?? 0;
        }

        return (await TimeAsync(crowded), await TimeAsync(empty));
    }
}
