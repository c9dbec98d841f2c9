using System.Globalization;
using Support.Desk.Domain.Reports;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// Charts drawn on the server as inline SVG (no script, no library, nothing from elsewhere). Every chart names its
/// figures in text and in its accessible name, and tells its parts apart by pattern as well as shade, so it reads
/// without colour; the page gives the same numbers as a table.
/// </summary>
public static class SvgCharts
{
    const int Width = 640;

    /// <summary>One horizontal bar per row: met (solid), missed (hatched), still running (outlined), each with its figures.</summary>
    public static Html AttainmentBars(string id, string title, IReadOnlyList<AttainmentRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        const int barHeight = 22;
        const int gap = 30;
        const int labelWidth = 110;
        int height = (rows.Count * (barHeight + gap)) + 10;
        string description = string.Join("; ", rows.Select(Describe));
        var bars = new List<Html>();
        for (int i = 0; i < rows.Count; i++)
        {
            AttainmentRow row = rows[i];
            int total = row.Met + row.Missed + row.Running;
            double scale = total == 0 ? 0 : (Width - labelWidth - 10) / (double)total;
            int y = (i * (barHeight + gap)) + 4;
            double metWidth = row.Met * scale;
            double missedWidth = row.Missed * scale;
            double runningWidth = row.Running * scale;
            bars.Add(Html.Of($"""
                <text x="0" y="{y + 16}" class="chart-label">{row.Value}</text>
                <rect x="{labelWidth}" y="{y}" width="{N(metWidth)}" height="{barHeight}" class="bar-met"><title>{row.Value}: {row.Met} met</title></rect>
                <rect x="{N(labelWidth + metWidth)}" y="{y}" width="{N(missedWidth)}" height="{barHeight}" fill="url(#{id}-hatch)" class="bar-missed"><title>{row.Value}: {row.Missed} missed</title></rect>
                <rect x="{N(labelWidth + metWidth + missedWidth)}" y="{y}" width="{N(runningWidth)}" height="{barHeight}" class="bar-running"><title>{row.Value}: {row.Running} still running</title></rect>
                <text x="{labelWidth}" y="{y + barHeight + 16}" class="chart-note">{Describe(row)}</text>
                """));
        }

        return Html.Of($"""
            <figure class="chart">
              <svg id="{id}" viewBox="0 0 {Width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" focusable="false">
                <title id="{id}-title">{title}</title>
                <desc id="{id}-desc">{description}</desc>
                <defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-ground"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>
                {Html.Join(bars)}
              </svg>
              <figcaption>{title}. Solid: met; hatched: missed; outlined: still running.</figcaption>
            </figure>
            """);
    }

    /// <summary>A line of open tickets at the end of each day, with its lowest and highest values marked.</summary>
    public static Html BacklogLine(string id, string title, IReadOnlyList<BacklogPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return Html.Empty;
        }

        const int height = 180;
        const int left = 50;
        const int bottom = 150;
        int max = Math.Max(1, points.Max(p => p.Open));
        double step = points.Count == 1 ? 0 : (Width - left - 10) / (double)(points.Count - 1);
        string line = string.Join(' ', points.Select((p, i) => N(left + (i * step)) + "," + N(bottom - (p.Open * (bottom - 10) / (double)max))));
        BacklogPoint first = points[0];
        BacklogPoint last = points[^1];
        BacklogPoint peak = points.MaxBy(p => p.Open)!;
        string description = string.Create(
            CultureInfo.InvariantCulture,
            $"{first.Open} open at the end of {ReportDays.DayKey(first.Day)}, {last.Open} at the end of {ReportDays.DayKey(last.Day)}, highest {peak.Open} on {ReportDays.DayKey(peak.Day)}.");
        return Html.Of($"""
            <figure class="chart">
              <svg id="{id}" viewBox="0 0 {Width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" focusable="false">
                <title id="{id}-title">{title}</title>
                <desc id="{id}-desc">{description}</desc>
                <line x1="{left}" y1="{bottom}" x2="{Width - 10}" y2="{bottom}" class="axis"/>
                <line x1="{left}" y1="10" x2="{left}" y2="{bottom}" class="axis"/>
                <text x="{left - 6}" y="16" class="chart-note" text-anchor="end">{max}</text>
                <text x="{left - 6}" y="{bottom}" class="chart-note" text-anchor="end">0</text>
                <text x="{left}" y="{bottom + 18}" class="chart-note">{ReportDays.DayKey(first.Day)}</text>
                <text x="{Width - 10}" y="{bottom + 18}" class="chart-note" text-anchor="end">{ReportDays.DayKey(last.Day)}</text>
                <polyline points="{line}" class="backlog-line"/>
              </svg>
              <figcaption>{description}</figcaption>
            </figure>
            """);
    }

    static string Describe(AttainmentRow row) => row.Attainment is null
        ? string.Create(CultureInfo.InvariantCulture, $"{row.Value}: no settled clocks ({row.Running} still running)")
        : string.Create(CultureInfo.InvariantCulture, $"{row.Value}: {Percent(row.Attainment)} met ({row.Met} met, {row.Missed} missed, {row.Running} still running)");

    /// <summary>A share as a percentage with one decimal; "no settled clocks" when there is none to take it of.</summary>
    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "no settled clocks";

    static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
