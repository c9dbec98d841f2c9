using System.Globalization;
using System.Text;

namespace Support.Desk.Benchmarks.Results;

/// <summary>
/// Renders docs/benchmarks.md: the machine, the issue's targets met or not, what changed (a hand-written file kept
/// next to the results), then every scenario's figures next to their same-run reference and the figures from
/// before the change, with charts as Mermaid xycharts (GitHub renders them).
/// </summary>
public static class MarkdownReport
{
    public static string Render(BenchmarkResults now, BenchmarkResults? before, string? changes)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine(Invariant($"Written by `./scripts/bench.sh` on {now.StartedAt:yyyy-MM-dd HH:mm} UTC at commit `{now.Commit}`; the run took {now.DurationSeconds / 60:0.0} minutes."));
        md.AppendLine(Invariant($"Machine: {now.Machine}.")).AppendLine();
        if (before is not null)
        {
            md.AppendLine(Invariant($"**Before** columns: the same command at commit `{before.Commit}` ({before.Label}), on {before.StartedAt:yyyy-MM-dd}, same machine ({before.Machine.Cores} cores). "));
            md.AppendLine("A dash means that scenario or figure did not exist or did not finish then.").AppendLine();
        }

        md.AppendLine("Machine-readable results: [`benchmarks.json`](benchmarks.json)" + (before is null ? "." : " and [`benchmarks-before.json`](benchmarks-before.json)."));
        md.AppendLine("Each figure's **reference** was measured in the same run: the bare storage operation, the idle desk, or the same load without the thing under test.").AppendLine();

        List<(ScenarioResult Scenario, Figure Figure)> targeted = [.. now.Scenarios.SelectMany(s => s.Figures.Where(f => f.Target is not null).Select(f => (s, f)))];
        if (targeted.Count > 0)
        {
            md.AppendLine("## Targets").AppendLine();
            md.AppendLine("| Scenario | Figure | Before | Now | Target | Met |");
            md.AppendLine("| --- | --- | ---: | ---: | --- | --- |");
            foreach ((ScenarioResult scenario, Figure figure) in targeted)
            {
                md.AppendLine(Invariant($"| {scenario.Title} | {figure.Label} | {Value(Before(before, scenario, figure))} | {Value(figure)} | {figure.Target!.Op.Replace("<=", "≤", StringComparison.Ordinal).Replace(">=", "≥", StringComparison.Ordinal)} {Number(figure.Target.Value)} {figure.Unit} | {Verdict(figure, "yes", "**no**")} |"));
            }

            md.AppendLine();
        }

        if (!string.IsNullOrWhiteSpace(changes))
        {
            md.AppendLine(changes.Trim()).AppendLine();
        }

        foreach (ScenarioResult scenario in now.Scenarios)
        {
            md.AppendLine(Invariant($"## {scenario.Title}")).AppendLine();
            md.AppendLine(Invariant($"{scenario.Setup} Took {scenario.DurationSeconds:0} s.")).AppendLine();
            foreach (string note in scenario.Notes ?? [])
            {
                md.AppendLine("> " + note).AppendLine();
            }

            md.AppendLine("| Figure | Now | Reference (same run) | Before | Target |");
            md.AppendLine("| --- | ---: | --- | ---: | --- |");
            foreach (Figure figure in scenario.Figures)
            {
                string reference = figure.Reference is null ? string.Empty : Invariant($"{Number(figure.Reference.Value)} {figure.Unit} ({figure.Reference.Label})");
                string target = figure.Target is null ? string.Empty
                    : Invariant($"{figure.Target.Op.Replace("<=", "≤", StringComparison.Ordinal).Replace(">=", "≥", StringComparison.Ordinal)} {Number(figure.Target.Value)}: {Verdict(figure, "met", "**not met**")}");
                md.AppendLine(Invariant($"| {figure.Label} | {Value(figure)} | {reference} | {Value(Before(before, scenario, figure))} | {target} |"));
            }

            md.AppendLine();
            foreach (Breakdown breakdown in scenario.Breakdowns ?? [])
            {
                Breakdown? earlier = before?.Scenarios.FirstOrDefault(s => s.Id == scenario.Id)?.Breakdowns?.FirstOrDefault(b => b.Title == breakdown.Title);
                md.AppendLine(Invariant($"{breakdown.Title}:")).AppendLine();
                md.AppendLine("| | " + string.Join(" | ", breakdown.Columns) + (earlier is null ? string.Empty : " | " + string.Join(" | ", earlier.Columns.Select(c => "before: " + c))) + " |");
                md.AppendLine("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", breakdown.Columns.Count + (earlier?.Columns.Count ?? 0))));
                IEnumerable<string> labels = breakdown.Rows.Select(r => r.Label).Union(earlier?.Rows.Select(r => r.Label) ?? []);
                foreach (string label in labels)
                {
                    IEnumerable<double?> values = breakdown.Rows.FirstOrDefault(r => r.Label == label)?.Values ?? breakdown.Columns.Select(_ => (double?)null);
                    if (earlier is not null)
                    {
                        values = values.Concat(earlier.Rows.FirstOrDefault(r => r.Label == label)?.Values ?? earlier.Columns.Select(_ => (double?)null));
                    }

                    md.AppendLine(Invariant($"| {label} | ") + string.Join(" | ", values.Select(v => Number(v))) + " |");
                }

                md.AppendLine();
            }

            foreach (Chart chart in scenario.Charts ?? [])
            {
                AppendChart(md, chart);
            }
        }

        return md.ToString();
    }

    /// <summary>Met, not met, or a dash when nothing was measured (no notice fell in that group).</summary>
    static string Verdict(Figure figure, string met, string notMet) => figure.MeetsTarget switch
    {
        true => met,
        false => notMet,
        null => "–",
    };

    static Figure? Before(BenchmarkResults? before, ScenarioResult scenario, Figure figure) =>
        before?.Scenarios.FirstOrDefault(s => s.Id == scenario.Id)?.Figures.FirstOrDefault(f => f.Id == figure.Id);

    static void AppendChart(StringBuilder md, Chart chart)
    {
        if (chart.X.Count == 0)
        {
            return;
        }

        md.AppendLine("```mermaid").AppendLine("xychart-beta");
        md.AppendLine(Invariant($"    title \"{chart.Title.Replace('"', '\'')}\""));
        md.AppendLine("    x-axis \"" + chart.XLabel + "\" [" + string.Join(", ", chart.X.Select(x => $"\"{x.Replace('"', '\'')}\"")) + "]");
        md.AppendLine(Invariant($"    y-axis \"{chart.YLabel}\""));
        foreach (Series series in chart.Series)
        {
            md.AppendLine("    " + (series.Line ? "line" : "bar") + " [" + string.Join(", ", series.Values.Select(ChartNumber)) + "]");
        }

        md.AppendLine("```").AppendLine();
        md.AppendLine(string.Join("; ", chart.Series.Select(s => $"{(s.Line ? "line" : "bars")}: {s.Name}")) + ".").AppendLine();
    }

    static string Value(Figure? figure) => figure?.Value is null ? "–" : Invariant($"{Number(figure.Value)} {figure.Unit}");

    /// <summary>For tables: thousands grouped; a tiny negative left by subtracting the idle rate is shown as 0.</summary>
    static string Number(double? value) => value is null ? "–" : (Math.Abs(value.Value) < 0.0005 ? 0 : value.Value).ToString("#,0.###", CultureInfo.InvariantCulture);

    /// <summary>For Mermaid's arrays: no grouping (a comma would split the number).</summary>
    static string ChartNumber(double value) => (Math.Abs(value) >= 0.0005 ? value : 0).ToString("0.###", CultureInfo.InvariantCulture);

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
