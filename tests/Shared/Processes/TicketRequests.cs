using System.Globalization;
using System.Text.Json.Nodes;

namespace Support.Desk.Testing;

/// <summary>Ticket submissions as a webhook caller sends them.</summary>
internal static class TicketRequests
{
    /// <summary>Who every test ticket is from.</summary>
    public const string RequesterEmail = "jane@customer.example";

    public static JsonObject Body(string tenant = "acme-prod", string severity = "high", string subject = "Login fails after upgrade")
    {
        var body = new JsonObject
        {
            ["tenant"] = tenant,
            ["requester"] = new JsonObject { ["name"] = "Jane Doe", ["email"] = RequesterEmail },
            ["severity"] = severity,
            ["subject"] = subject,
            ["description"] = "Users see an error page right after entering their credentials.",
            ["applications"] = new JsonArray("Customer Portal"),
            ["connections"] = new JsonArray("corp-ad"),
            ["loginStage"] = "after-credentials",
            ["startedAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["affectedUsers"] = "all",
            ["frequency"] = "always",
            ["browsers"] = "all",
        };
        if (tenant == "globex")
        {
            body["appliance"] = new JsonObject { ["version"] = "17203", ["nodeStatus"] = "3 of 3 up", ["healthCheckStatus"] = "passing" };
        }

        return body;
    }

    public static string Json(string tenant = "acme-prod", string severity = "high", string subject = "Login fails after upgrade") =>
        Body(tenant, severity, subject).ToJsonString();
}
