using System.Text.Json;
using System.Text.Json.Nodes;
using Support.Desk.Domain;

namespace Support.Desk.UnitTests;

/// <summary>A valid submission to start from, and the sample customers, as in customers.sample.json.</summary>
internal static class SubmissionSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);

    public static readonly Customer Acme = new("acme-prod", SupportPlan.Gold, Region.Us, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), false, "csm@acme.example");
    public static readonly Customer Globex = new("globex", SupportPlan.Platinum, Region.Eu, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), true, null);

    public static Customer? Find(string tenant) => tenant switch
    {
        "acme-prod" => Acme,
        "globex" => Globex,
        _ => null,
    };

    public static JsonObject Valid() => new()
    {
        ["tenant"] = "acme-prod",
        ["requester"] = new JsonObject { ["name"] = "Jane Doe", ["email"] = "jane@acme.example" },
        ["severity"] = "high",
        ["subject"] = "Login fails after upgrade",
        ["description"] = "Users see an error after entering credentials.\nStarted after the 09:00 deploy.",
        ["applications"] = new JsonArray("Acme Portal", "Acme Mobile"),
        ["connections"] = new JsonArray("acme-ad"),
        ["loginStage"] = "after-credentials",
        ["startedAt"] = "2026-11-26T09:30:00-05:00",
        ["affectedUsers"] = "all",
        ["frequency"] = "always",
        ["browsers"] = "all",
    };

    public static JsonObject ValidAppliance()
    {
        JsonObject body = Valid();
        body["tenant"] = "globex";
        body["appliance"] = new JsonObject { ["version"] = "17203", ["nodeStatus"] = "3 of 3 nodes up", ["healthCheckStatus"] = "All checks passing" };
        return body;
    }

    public static (TicketSubmission? Submission, Customer? Customer, ValidationErrors Errors) Read(JsonNode body)
    {
        using JsonDocument document = JsonDocument.Parse(body.ToJsonString());
        return TicketSubmissionReader.Read(document.RootElement, Find, Now);
    }
}
