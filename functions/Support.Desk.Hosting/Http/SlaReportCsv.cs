using System.Globalization;
using System.Text;
using Support.Desk.Domain;
using Support.Desk.Domain.Reports;

namespace Support.Desk.Hosting.Http;

/// <summary>The staff report's tables as CSV (RFC 4180), one table per file, for spreadsheets.</summary>
public static class SlaReportCsv
{
    public enum Table
    {
        Attainment,
        Responses,
        Incidents,
        Backlog,
        Missed,
    }

    public static string Render(StaffSlaReport report, Table table)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        switch (table)
        {
            case Table.Attainment:
                Line(csv, "dimension", "value", "met", "missed", "still_running", "attainment");
                foreach (AttainmentRow row in report.Attainment)
                {
                    Line(csv, WireNames.Of(row.Dimension), row.Value, Number(row.Met), Number(row.Missed), Number(row.Running), row.Attainment is { } a ? a.ToString("0.0000", CultureInfo.InvariantCulture) : string.Empty);
                }

                break;
            case Table.Responses:
                Line(csv, "clock", "tier", "severity", "target_seconds", "answered", "median_seconds", "p90_seconds", "within_target");
                foreach (ResponseRow row in report.Responses)
                {
                    Line(csv, WireNames.Of(row.Kind), WireNames.Of(row.Tier), WireNames.Of(row.Severity), Number((long)row.Target.TotalSeconds), Number(row.Answered),
                        Number((long)row.Median.TotalSeconds), Number((long)row.P90.TotalSeconds), Number(row.WithinTarget));
                }

                break;
            case Table.Incidents:
                Line(csv, "incident", "missed");
                foreach (IncidentBreaches row in report.BreachesByIncident)
                {
                    Line(csv, row.Incident ?? string.Empty, Number(row.Missed));
                }

                break;
            case Table.Backlog:
                Line(csv, "day", "open_at_end_of_day");
                foreach (BacklogPoint row in report.Backlog)
                {
                    Line(csv, ReportDays.DayKey(row.Day), Number(row.Open));
                }

                break;
            case Table.Missed:
                Line(csv, "ticket", "clock", "tenant", "plan", "severity", "region", "kind", "due_at_utc", "answered_at_utc", "incident");
                foreach (MissedClock row in report.Missed)
                {
                    Line(csv, row.TicketId, row.ClockId, row.Tenant, WireNames.Of(row.Plan), WireNames.Of(row.Severity), WireNames.Of(row.Region), WireNames.Of(row.Kind),
                        Instant(row.DueAt), row.AnsweredAt is { } at ? Instant(at) : string.Empty, row.Incident ?? string.Empty);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(table), table, "Unknown report table.");
        }

        return csv.ToString();
    }

    static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    static void Line(StringBuilder csv, params string[] fields)
    {
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
    }

    /// <summary>Quoted when it must be; a leading formula character is defused, as spreadsheets would run it.</summary>
    static string Field(string value)
    {
        string safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, CultureInfo.InvariantCulture, out _) ? "'" + value : value;
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
