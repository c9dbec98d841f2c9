using System.Text.Json;
using System.Text.Json.Serialization;

namespace Support.Desk.Benchmarks.Results;

/// <summary>One benchmark run: what ran where, and every scenario's figures. Written as docs/benchmarks.json.</summary>
public sealed record BenchmarkResults(
    string Label,
    string Commit,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    MachineDescription Machine,
    IReadOnlyList<ScenarioResult> Scenarios)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static BenchmarkResults? TryRead(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<BenchmarkResults>(File.ReadAllText(path), Json) : null;

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}

/// <summary>One scenario: how it was set up, its figures, and charts drawn from its series.</summary>
public sealed record ScenarioResult(
    string Id,
    string Title,
    string Setup,
    double DurationSeconds,
    IReadOnlyList<Figure> Figures,
    IReadOnlyList<Chart>? Charts = null,
    IReadOnlyList<string>? Notes = null,
    IReadOnlyList<Breakdown>? Breakdowns = null);

/// <summary>A figure split into parts (requests per ticket by table and queue): rows of values under named columns.</summary>
public sealed record Breakdown(string Title, IReadOnlyList<string> Columns, IReadOnlyList<BreakdownRow> Rows);

public sealed record BreakdownRow(string Label, IReadOnlyList<double?> Values);

/// <summary>
/// One measured figure, with what it is compared to in the same run (<see cref="Reference"/>: the bare storage
/// operation, the idle desk, one ticket alone) and the target the issue sets, if any.
/// </summary>
public sealed record Figure(string Id, string Label, double? Value, string Unit, Reference? Reference = null, Target? Target = null)
{
    /// <summary>True or false when a target applies and a value was measured.</summary>
    [JsonIgnore]
    public bool? MeetsTarget => this.Target is null || this.Value is null ? null : this.Target.IsMetBy(this.Value.Value);
}

public sealed record Reference(string Label, double? Value);

/// <summary>A bound on a figure: at most (<c>&lt;=</c>) or at least (<c>&gt;=</c>) <see cref="Value"/>.</summary>
public sealed record Target(string Op, double Value)
{
    public static Target AtMost(double value) => new("<=", value);

    public static Target AtLeast(double value) => new(">=", value);

    public bool IsMetBy(double measured) => this.Op == "<=" ? measured <= this.Value : measured >= this.Value;
}

/// <summary>A chart of a scenario: one or more series over the same x axis (rendered as a Mermaid xychart).</summary>
public sealed record Chart(string Title, string XLabel, string YLabel, IReadOnlyList<string> X, IReadOnlyList<Series> Series);

public sealed record Series(string Name, IReadOnlyList<double> Values, bool Line = false);
