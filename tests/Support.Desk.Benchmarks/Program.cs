using System.Diagnostics;
using System.Globalization;
using Support.Desk.Benchmarks.Harness;
using Support.Desk.Benchmarks.Results;
using Support.Desk.Benchmarks.Scenarios;
using Support.Desk.Testing;

// The desk's benchmarks (see docs/benchmarks.md). Options:
//   --only id,id          run these scenarios only (ids below)
//   --json FILE           results file (default docs/benchmarks.json)
//   --markdown FILE|none  report (default docs/benchmarks.md)
//   --before FILE         figures to show as "before" (default docs/benchmarks-before.json)
//   --label TEXT          what this run measures (stored with the results)
//   --grace SECONDS       how long SLA scenarios wait past the last deadline (default 60)
//   --intake-rate N       tickets/s assumed when placing same-second deadlines (default 80, below the slowest measured: 94/s for 10,000 from 64 clients)
//   --azurite-in-memory true  Azurite without saving to disk (to see what its periodic save costs)
//   --render-only true    write the report again from the results file, measuring nothing
var options = Options.Parse(args);
string root = RepositoryPaths.Root;
string jsonPath = Path.GetFullPath(options.Json ?? Path.Combine(root, "docs", "benchmarks.json"));
string markdownPath = Path.GetFullPath(options.Markdown ?? Path.Combine(root, "docs", "benchmarks.md"));
if (options.RenderOnly)
{
    // Re-renders the report from the results file (after editing docs/benchmarks-changes.md), measuring nothing.
    WriteReport(BenchmarkResults.TryRead(jsonPath) ?? throw new FileNotFoundException("No results to render.", jsonPath));
    return 0;
}

string work = Directory.CreateTempSubdirectory("bench-").FullName;
var context = new BenchContext(work);

var scenarios = new (string Id, Func<Task<ScenarioResult>> Run)[]
{
    ("storage-cost", () => StorageCostScenario.RunAsync(context)),
    ("intake", () => IntakeScenario.RunAsync(context)),
    ("sla-1000-spread", () => SlaTimerScenario.RunAsync(context, new("sla-1000-spread", "SLA timers: 1,000 urgent tickets, deadlines spread", 1000, 16, SameSecond: false, TimeSpan.FromSeconds(30)))),
    ("sla-1000-same-second", () => SlaTimerScenario.RunAsync(context, new("sla-1000-same-second", "SLA timers: 1,000 urgent tickets, deadlines in the same second", 1000, 16, SameSecond: true, TimeSpan.FromSeconds(20)))),
    ("sla-1000-after-10000-closed", () => SlaTimerScenario.RunAsync(context, new("sla-1000-after-10000-closed", "SLA timers: 1,000 urgent tickets after 10,000 closed ones", 1000, 16, SameSecond: false, TimeSpan.FromSeconds(30), ClosedBefore: 10000))),
    ("sla-10000-spread", () => SlaTimerScenario.RunAsync(context, new("sla-10000-spread", "SLA timers: 10,000 urgent tickets, deadlines spread", 10000, 64, SameSecond: false, TimeSpan.FromSeconds(30)))),
    ("sla-10000-same-second", () => SlaTimerScenario.RunAsync(context, new("sla-10000-same-second", "SLA timers: 10,000 urgent tickets, deadlines in the same second", 10000, 64, SameSecond: true, TimeSpan.FromSeconds(40)))),
    ("idle-1000", () => ScaleScenarios.IdleAsync(context, 1000, withNotices: true)),
    ("idle-10000", () => ScaleScenarios.IdleAsync(context, 10000, withNotices: false)),
    ("backlog-100000", () => ScaleScenarios.BacklogAsync(context)),
    ("two-hosts", () => ScaleScenarios.TwoHostsAsync(context)),
    ("crash", () => CrashRecoveryScenario.RunAsync(context)),
    ("status-poll", () => StatusPollScenario.RunAsync(context)),
    ("queue", () => StaffQueueScenario.RunAsync(context)),
    ("sla-reports", () => SlaReportScenario.RunAsync(context)),
    ("incident-broadcast", () => IncidentScenario.BroadcastAsync(context)),
    ("incident-breach-wave", () => IncidentScenario.BreachWaveAsync(context)),
    ("incident-crash", () => IncidentScenario.CrashAsync(context)),
    ("domain", () => Task.FromResult(DomainHotPaths.Run(context))),
};

if (options.Only is { } only && only.Except(scenarios.Select(s => s.Id)).ToArray() is { Length: > 0 } unknown)
{
    Console.Error.WriteLine($"Unknown scenario(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", scenarios.Select(s => s.Id))}.");
    return 2;
}

SlaTimerScenario.Grace = TimeSpan.FromSeconds(options.GraceSeconds);
AzuriteProcess.InMemory = options.AzuriteInMemory;
SlaTimerScenario.ExpectedIntakeRate = options.IntakeRate;
DateTimeOffset started = DateTimeOffset.UtcNow;
var results = new List<ScenarioResult>();
int failed = 0;
foreach ((string id, Func<Task<ScenarioResult>> run) in scenarios.Where(s => options.Only is null || options.Only.Contains(s.Id)))
{
    context.Log($"{id}: start");
    try
    {
        ScenarioResult result = await run();
        results.Add(result);
        string unmet = string.Join(", ", result.Figures.Where(f => f.MeetsTarget == false).Select(f => f.Id));
        context.Log($"{id}: done in {result.DurationSeconds:0} s" + (unmet.Length > 0 ? $"; targets not met: {unmet}" : string.Empty));
    }
    catch (Exception ex)
    {
        // One broken scenario must not cost the others' figures; the run still fails at the end.
        failed++;
        context.Log($"{id}: FAILED {ex}");
        results.Add(new ScenarioResult(id, id, "The scenario failed: " + ex.Message, 0, [], Notes: [ex.GetType().Name + ": " + ex.Message]));
    }
}

var report = new BenchmarkResults(
    options.Label,
    Commit(root),
    started,
    Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 1),
    MachineDescription.Current(root),
    results);
report.Write(jsonPath);
Console.WriteLine($"Results: {jsonPath}");
WriteReport(report);

Directory.Delete(work, recursive: true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{results.Count - failed} scenario(s) measured, {failed} failed, in {report.DurationSeconds / 60:0.0} minutes."));
return failed == 0 ? 0 : 1;

void WriteReport(BenchmarkResults results)
{
    if (options.Markdown == "none")
    {
        return;
    }

    BenchmarkResults? before = BenchmarkResults.TryRead(options.Before ?? Path.Combine(root, "docs", "benchmarks-before.json"));
    string changesFile = Path.Combine(root, "docs", "benchmarks-changes.md");
    string? changes = File.Exists(changesFile) ? File.ReadAllText(changesFile) : null;
    File.WriteAllText(markdownPath, MarkdownReport.Render(results, before, changes));
    Console.WriteLine($"Report: {markdownPath}");
}

static string Commit(string root)
{
    string? sha = MachineDescription.Run("git", "-C", root, "rev-parse", "--short", "HEAD");
    string? dirty = MachineDescription.Run("git", "-C", root, "status", "--porcelain", "--untracked-files=no");
    return (sha ?? "unknown") + (string.IsNullOrEmpty(dirty) ? string.Empty : "+changes");
}

/// <summary>The command line, parsed.</summary>
sealed record Options(HashSet<string>? Only, string? Json, string? Markdown, string? Before, string Label, double GraceSeconds, double IntakeRate, bool AzuriteInMemory, bool RenderOnly)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(
            values.TryGetValue("only", out string? only) ? [.. only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : null,
            values.GetValueOrDefault("json"),
            values.GetValueOrDefault("markdown"),
            values.GetValueOrDefault("before"),
            values.GetValueOrDefault("label") ?? "current",
            values.TryGetValue("grace", out string? grace) ? double.Parse(grace, CultureInfo.InvariantCulture) : 60,
            values.TryGetValue("intake-rate", out string? rate) ? double.Parse(rate, CultureInfo.InvariantCulture) : 80,
            values.TryGetValue("azurite-in-memory", out string? inMemory) && bool.Parse(inMemory),
            values.TryGetValue("render-only", out string? render) && bool.Parse(render));
    }
}
