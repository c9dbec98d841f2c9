using System.Globalization;
using System.Text.Json;

namespace Support.Desk.Domain.Status;

/// <summary>Turns a status page response body into a snapshot, or says why it cannot.</summary>
public interface IStatusPageParser
{
    /// <summary>Null and a reason when the body is not a valid page of this format.</summary>
    (StatusSnapshot? Snapshot, string? Error) Parse(ReadOnlySpan<byte> body);
}

/// <summary>
/// Atlassian Statuspage v2 <c>/api/v2/summary.json</c>: <c>status.indicator</c>, <c>components[]</c>,
/// unresolved <c>incidents[]</c> and <c>scheduled_maintenances[]</c>. Unknown indicator or component values
/// are treated as the most cautious known value rather than failing the whole page.
/// </summary>
public sealed class StatuspageV2Parser : IStatusPageParser
{
    public (StatusSnapshot? Snapshot, string? Error) Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            return (null, $"not JSON ({ex.Message.Split('.')[0]})");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("status", out JsonElement status) || status.ValueKind != JsonValueKind.Object
                || !status.TryGetProperty("indicator", out JsonElement indicatorText) || indicatorText.ValueKind != JsonValueKind.String)
            {
                return (null, "not a Statuspage summary (no status.indicator)");
            }

            StatusIndicator indicator = indicatorText.GetString() switch
            {
                "none" => StatusIndicator.None,
                "minor" => StatusIndicator.Minor,
                "major" => StatusIndicator.Major,
                "critical" => StatusIndicator.Critical,

                // An indicator we do not know (e.g. "maintenance") is shown, not hidden.
                _ => StatusIndicator.Minor,
            };

            DateTimeOffset pageUpdated = root.TryGetProperty("page", out JsonElement page) ? Time(page, "updated_at") ?? DateTimeOffset.MinValue : DateTimeOffset.MinValue;
            var components = Array(root, "components")
                .Where(c => !(c.TryGetProperty("group", out JsonElement g) && g.ValueKind == JsonValueKind.True))
                .Select(c => new StatusComponent(Text(c, "id"), Text(c, "name"), ComponentStatusOf(Text(c, "status"))))
                .ToList();
            var incidents = Array(root, "incidents")
                .Where(i => Text(i, "status") is not ("resolved" or "postmortem"))
                .Select(i => new StatusIncident(Text(i, "id"), Text(i, "name"), Text(i, "status"), Text(i, "impact", "none"), Time(i, "updated_at") ?? pageUpdated, Optional(i, "shortlink")))
                .ToList();
            var maintenances = Array(root, "scheduled_maintenances")
                .Where(m => Text(m, "status") is not "completed")
                .Select(m => new StatusMaintenance(Text(m, "id"), Text(m, "name"), Text(m, "status"), Time(m, "scheduled_for"), Time(m, "scheduled_until")))
                .ToList();
            string description = status.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : indicator.ToString();
            return (new StatusSnapshot(indicator, description, pageUpdated, components, incidents, maintenances), null);
        }
    }

    static ComponentStatus ComponentStatusOf(string status) => status switch
    {
        "operational" => ComponentStatus.Operational,
        "degraded_performance" => ComponentStatus.DegradedPerformance,
        "partial_outage" => ComponentStatus.PartialOutage,
        "major_outage" => ComponentStatus.MajorOutage,
        "under_maintenance" => ComponentStatus.UnderMaintenance,
        _ => ComponentStatus.PartialOutage,
    };

    static IEnumerable<JsonElement> Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : [];

    static string Text(JsonElement element, string name, string fallback = "") =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : fallback;

    static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed)
            ? parsed
            : null;
}
