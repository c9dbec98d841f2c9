using Support.Desk.Domain;
using Support.Desk.Domain.Reports;

namespace Support.Desk.Hosting.Http.Contracts;

/// <summary>The staff SLA report. Durations are whole seconds of covered time (business hours where the plan says so).</summary>
public sealed record SlaReportContract(
    string From,
    string To,
    DateTimeOffset AsOf,
    AttainmentContract Total,
    IReadOnlyList<AttainmentContract> Attainment,
    IReadOnlyList<ResponseContract> Responses,
    IReadOnlyList<IncidentBreachesContract> BreachesByIncident,
    IReadOnlyList<BacklogContract> Backlog,
    IReadOnlyList<MissedClockContract> Missed)
{
    public static SlaReportContract Of(StaffSlaReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new SlaReportContract(
            ReportDays.DayKey(report.From),
            ReportDays.DayKey(report.To.AddDays(-1)),
            report.AsOf,
            AttainmentContract.From(report.Total),
            [.. report.Attainment.Select(AttainmentContract.From)],
            [.. report.Responses.Select(r => new ResponseContract(
                WireNames.Of(r.Kind), WireNames.Of(r.Tier), WireNames.Of(r.Severity), (long)r.Target.TotalSeconds, r.Answered,
                (long)r.Median.TotalSeconds, (long)r.P90.TotalSeconds, r.WithinTarget))],
            [.. report.BreachesByIncident.Select(b => new IncidentBreachesContract(b.Incident, b.Missed))],
            [.. report.Backlog.Select(b => new BacklogContract(ReportDays.DayKey(b.Day), b.Open))],
            [.. report.Missed.Select(m => new MissedClockContract(
                m.TicketId, m.ClockId, m.Tenant, WireNames.Of(m.Plan), WireNames.Of(m.Severity), WireNames.Of(m.Region), WireNames.Of(m.Kind),
                m.DueAt, m.AnsweredAt, m.Incident))]);
    }
}

/// <summary>Clocks started in the period under one value of a dimension (plan, tier, severity, tenant, region); attainment is met ÷ settled, null when none settled.</summary>
public sealed record AttainmentContract(string Dimension, string Value, int Met, int Missed, int Running, double? Attainment)
{
    public static AttainmentContract From(AttainmentRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(WireNames.Of(row.Dimension), row.Value, row.Met, row.Missed, row.Running, row.Attainment is { } a ? Math.Round(a, 4) : null);
    }
}

public sealed record ResponseContract(string Kind, string Tier, string Severity, long TargetSeconds, int Answered, long MedianSeconds, long P90Seconds, int WithinTarget);

public sealed record IncidentBreachesContract(string? Incident, int Missed);

public sealed record BacklogContract(string Day, int Open);

public sealed record MissedClockContract(
    string TicketId, string ClockId, string Tenant, string Plan, string Severity, string Region, string Kind, DateTimeOffset DueAt, DateTimeOffset? AnsweredAt, string? Incident);
