using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Support.Desk.Benchmarks.Harness;
using Support.Desk.Benchmarks.Results;
using Support.Desk.Domain;
using Support.Desk.Domain.Attachments;
using Support.Desk.Domain.Notices;
using Support.Desk.Domain.Status;
using Support.Desk.Settings;
using Support.Desk.Testing;

namespace Support.Desk.Benchmarks.Scenarios;

/// <summary>
/// The domain's hot paths, per call, with BenchmarkDotNet: what every submission, every SLA step and every status
/// poll computes. Each sits next to the bare JSON parse of the same input (the floor of reading it).
/// </summary>
[MemoryDiagnoser]
public class DomainHotPaths
{
    static readonly Customer Customer = new(BenchDesk.Tenant, SupportPlan.Gold, Region.Us, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), false, null);
    static readonly DateTimeOffset Now = new(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);

    readonly SlaPolicy policy = new(new SlaPolicyOptions());
    readonly EscalationOptions escalation = new();
    byte[] submission = [];
    byte[] statusPage = [];
    byte[] har = [];
    Ticket urgent = null!;
    Ticket businessHours = null!;

    [GlobalSetup]
    public void Setup()
    {
        this.submission = Encoding.UTF8.GetBytes(TicketRequests.Json(tenant: BenchDesk.Tenant, severity: "urgent"));
        this.statusPage = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "statuspage", "major-incident.json"));
        this.har = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "har", "login-flow.har"));
        this.urgent = this.TicketOf("urgent", Now.AddMinutes(-40));

        // Submitted on a Friday evening: its business-hours clock crosses the weekend.
        this.businessHours = this.TicketOf("high", new DateTimeOffset(2026, 11, 27, 22, 30, 0, TimeSpan.Zero));
    }

    Ticket TicketOf(string severity, DateTimeOffset at)
    {
        System.Text.Json.Nodes.JsonObject json = TicketRequests.Body(tenant: BenchDesk.Tenant, severity: severity);
        json["startedAt"] = at.AddHours(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using JsonDocument body = JsonDocument.Parse(json.ToJsonString());
        (TicketSubmission? submission, _, ValidationErrors errors) = TicketSubmissionReader.Read(body.RootElement, _ => Customer, at);
        if (submission is null)
        {
            throw new InvalidOperationException("The sample submission is invalid: " + string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        }

        string id = TicketIds.NewRandom();
        return new Ticket(id, TicketStatus.Open, at, Customer.Plan, Customer.Region, Customer.TimeZone.Id, submission.Severity, null, submission, null, "f",
            TicketCommitments.Start(id, at) with { Outbox = [] });
    }

    [Benchmark(Description = "JSON parse of a submission (floor)")]
    public int ParseSubmissionJson()
    {
        using JsonDocument document = JsonDocument.Parse(this.submission);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark(Description = "Read and validate a submission")]
    public bool ReadSubmission()
    {
        using JsonDocument document = JsonDocument.Parse(this.submission);
        return TicketSubmissionReader.Read(document.RootElement, _ => Customer, Now).Errors.IsEmpty;
    }

    [Benchmark(Description = "Plan an urgent ticket's notices")]
    public int PlanNotices() => SlaPlanner.Plan(this.urgent, this.policy, this.escalation, Now).Send.Count;

    [Benchmark(Description = "Evaluate a business-hours clock across a weekend")]
    public DateTimeOffset? EvaluateBusinessHoursClock() => TicketSla.Evaluate(this.businessHours, this.policy, Now)[0].DueAt;

    [Benchmark(Description = "JSON parse of a status page (floor)")]
    public int ParseStatusJson()
    {
        using JsonDocument document = JsonDocument.Parse(this.statusPage);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark(Description = "Parse a status page")]
    public bool ParseStatusPage() => new StatuspageV2Parser().Parse(this.statusPage).Snapshot is not null;

    [Benchmark(Description = "JSON parse of the login-flow HAR (floor)")]
    public int ParseHarJson()
    {
        using JsonDocument document = JsonDocument.Parse(this.har);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark(Description = "Sanitize the login-flow HAR")]
    public int SanitizeHar() => HarSanitizer.Sanitize(this.har).GetHashCode();

    /// <summary>Runs the benchmarks in process (no generated projects), short job, and turns the summary into figures.</summary>
    public static ScenarioResult Run(BenchContext context)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        context.Log("domain: BenchmarkDotNet, short in-process job");
        string logPath = Path.Combine(context.WorkDirectory, "benchmarkdotnet.log");
        using var logger = new StreamLogger(logPath);
        IConfig config = ManualConfig.CreateEmpty()
            .AddJob(Job.ShortRun.WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100)).WithToolchain(InProcessEmitToolchain.Instance))
            .AddLogger(logger)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .WithOptions(ConfigOptions.DisableLogFile);
        Summary summary = BenchmarkRunner.Run<DomainHotPaths>(config);
        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => r.ResultStatistics is null))
        {
            logger.Flush();
            throw new InvalidOperationException("BenchmarkDotNet did not measure every benchmark:\n" + string.Join("\n", File.ReadLines(logPath).Where(l => l.Contains("Exception", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(20)));
        }

        var figures = new List<Figure>();
        Dictionary<string, BenchmarkReport> reports = summary.Reports.ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name, StringComparer.Ordinal);
        string[][] pairs =
        [
            [nameof(ReadSubmission), nameof(ParseSubmissionJson)],
            [nameof(PlanNotices)],
            [nameof(EvaluateBusinessHoursClock)],
            [nameof(ParseStatusPage), nameof(ParseStatusJson)],
            [nameof(SanitizeHar), nameof(ParseHarJson)],
        ];
        foreach (string[] pair in pairs)
        {
            BenchmarkReport report = reports[pair[0]];
            BenchmarkReport? floor = pair.Length > 1 ? reports[pair[1]] : null;
            string label = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
            figures.Add(new Figure(pair[0] + ".mean", label + ": mean time", Microseconds(report), "µs",
                floor is null ? null : new Reference("JSON parse only", Microseconds(floor))));
            figures.Add(new Figure(pair[0] + ".allocated", label + ": allocated", Allocated(report), "bytes",
                floor is null ? null : new Reference("JSON parse only", Allocated(floor))));
        }

        return new ScenarioResult(
            "domain",
            "Domain hot paths (BenchmarkDotNet)",
            "BenchmarkDotNet 0.15.8, ShortRun job (3 warm-ups, 3 iterations of 100 ms), in-process toolchain, memory diagnoser.",
            (DateTimeOffset.UtcNow - started).TotalSeconds,
            figures);
    }

    static double? Microseconds(BenchmarkReport report) =>
        report.ResultStatistics is { } statistics ? Statistics.Round(statistics.Mean / 1000, 3) : null;

    static double? Allocated(BenchmarkReport report) => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
}
