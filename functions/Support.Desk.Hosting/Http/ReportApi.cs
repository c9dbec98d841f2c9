using Microsoft.AspNetCore.Http;
using Support.Desk.Application.Reports;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Reports;
using Support.Desk.Hosting.Http.Contracts;

namespace Support.Desk.Hosting.Http;

/// <summary><c>GET /api/reports/sla</c> (staff): SLA attainment and response times for a period, as JSON or one table as CSV.</summary>
public sealed class ReportApi(ApiAccess access, SlaReportQueries reports, TimeProvider clock)
{
    public static readonly IReadOnlyList<ApiParameter> Parameters =
    [
        new("from", "query", $"First UTC day of the period, yyyy-MM-dd (default: {ReportPeriod.DefaultDays} days up to `to`)."),
        new("to", "query", $"Last UTC day of the period, included, yyyy-MM-dd (default: today); at most {ReportPeriod.MaxDays} days in all."),
        new("format", "query", "json (the default) or csv."),
        new("table", "query", "With format=csv: attainment (the default), responses, incidents, backlog or missed."),
    ];

    public Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (Caller? caller, IResult? refused) = await access.AuthenticateAsync(request).ConfigureAwait(false);
            if (caller is null)
            {
                return refused!;
            }

            if (TicketAccessPolicy.Decide(caller, TicketOperation.ReadReports) is var decision and not AccessDecision.Continue)
            {
                return ApiAccess.Refuse(request, decision);
            }

            (ReportQuery? query, ValidationErrors errors) = Read(request.Query, clock.GetUtcNow());
            if (query is null)
            {
                return Problems.Validation(request, errors);
            }

            StaffSlaReport report = await reports.StaffAsync(query.Period.From, query.Period.To, cancellationToken).ConfigureAwait(false);
            return query.CsvTable is { } table
                ? Results.Text(SlaReportCsv.Render(report, table), "text/csv; charset=utf-8")
                : Results.Json(SlaReportContract.Of(report), ApiJson.Options);
        });

    /// <summary>A validated report request: the period, and which table as CSV (null: JSON).</summary>
    public sealed record ReportQuery(ReportPeriod Period, SlaReportCsv.Table? CsvTable);

    /// <summary>Reads the query; unknown and repeated parameters are refused, so a misspelt one never silently changes the period.</summary>
    public static (ReportQuery? Query, ValidationErrors Errors) Read(IQueryCollection query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        foreach ((string key, var values) in query)
        {
            if (!Parameters.Any(p => p.Name == key))
            {
                errors.Add(key, "Not a parameter of this report.");
            }
            else if (values.Count > 1)
            {
                errors.Add(key, "Given more than once.");
            }
        }

        (ReportPeriod? period, ValidationErrors periodErrors) = ReportPeriod.Read(query["from"].ToString(), query["to"].ToString(), now);
        foreach ((string field, string[] messages) in periodErrors.ToDictionary())
        {
            foreach (string message in messages)
            {
                errors.Add(field, message);
            }
        }

        string format = query["format"].ToString() is { Length: > 0 } f ? f : "json";
        SlaReportCsv.Table? table = null;
        if (format == "csv")
        {
            string name = query["table"].ToString() is { Length: > 0 } t ? t : "attainment";
            if (WireNames.TryParse(name, out SlaReportCsv.Table parsed))
            {
                table = parsed;
            }
            else
            {
                errors.Add("table", "One of " + string.Join(", ", WireNames.AllOf<SlaReportCsv.Table>()) + ".");
            }
        }
        else if (format != "json")
        {
            errors.Add("format", "json or csv.");
        }
        else if (query.ContainsKey("table"))
        {
            errors.Add("table", "Only with format=csv.");
        }

        return errors.IsEmpty && period is not null ? (new ReportQuery(period, table), errors) : (null, errors);
    }
}
