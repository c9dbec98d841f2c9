using System.Text.Json;

namespace Support.Desk.Domain;

/// <summary>
/// Reads and validates a ticket submission (camelCase JSON). It reports every invalid field at once,
/// rejects unknown and duplicated fields, and checks the tenant against the customer directory.
/// </summary>
public static class TicketSubmissionReader
{
    public const int MaxBodyBytes = 256 * 1024;
    public const int MaxSubjectLength = 200;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxNameLength = 200;
    public const int MaxListItems = 20;

    /// <summary>Clock skew tolerated on <c>startedAt</c> before it counts as "in the future".</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Every field a submission may carry (anything else is refused).</summary>
    public static readonly IReadOnlyList<string> KnownFields =
    [
        "tenant", "requester", "severity", "subject", "description", "applications", "connections", "loginStage",
        "startedAt", "affectedUsers", "frequency", "browsers", "browser", "appliance", "precheck",
    ];

    public static (TicketSubmission? Submission, Customer? Customer, ValidationErrors Errors) Read(
        JsonElement root, Func<string, Customer?> findCustomer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(findCustomer);
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "The request body must be a JSON object.");
            return (null, null, errors);
        }

        var r = new JsonFieldReader(root, string.Empty, KnownFields, errors);

        string? tenant = r.Text("tenant", 3, 64, singleLine: true);
        Customer? customer = null;
        if (tenant is not null)
        {
            customer = TenantNames.IsWellFormed(tenant) ? findCustomer(tenant) : null;
            if (customer is null)
            {
                errors.Add("tenant", $"Tenant '{tenant}' is not a customer with an enterprise support plan.");
            }
        }

        Requester? requester = null;
        if (r.Nested("requester", ["name", "email"]) is JsonFieldReader rq)
        {
            string? name = rq.Text("name", 1, MaxNameLength, singleLine: true);
            string? email = rq.Text("email", 3, EmailAddresses.MaxLength, singleLine: true);
            if (email is not null && !EmailAddresses.IsValid(email))
            {
                errors.Add("requester.email", "Must be a valid email address such as jane@example.com.");
                email = null;
            }

            requester = name is not null && email is not null ? new Requester(name, email) : null;
        }

        Severity? severity = r.Enum<Severity>("severity");
        string? subject = r.Text("subject", 1, MaxSubjectLength, singleLine: true);
        string? description = r.Text("description", 1, MaxDescriptionLength, singleLine: false);
        IReadOnlyList<string>? applications = r.StringList("applications", MaxListItems, MaxNameLength);
        IReadOnlyList<string>? connections = r.StringList("connections", MaxListItems, MaxNameLength);
        LoginStage? loginStage = r.Enum<LoginStage>("loginStage");
        DateTimeOffset? startedAt = r.Timestamp("startedAt");
        if (startedAt > now + AllowedClockSkew)
        {
            errors.Add("startedAt", "Must not be in the future.");
            startedAt = null;
        }

        AffectedUsers? affected = r.Enum<AffectedUsers>("affectedUsers");
        Frequency? frequency = r.Enum<Frequency>("frequency");
        BrowserScope? browsers = r.Enum<BrowserScope>("browsers");
        string? browser = r.Text("browser", 1, 100, singleLine: true, required: browsers == BrowserScope.One);
        if (browsers == BrowserScope.All && browser is not null)
        {
            errors.Add("browser", "Only given when browsers is 'one'.");
        }

        ApplianceDetails? appliance = null;
        bool applianceRequired = customer?.IsApplianceCustomer == true;
        JsonFieldReader? ap = r.Nested("appliance", ["version", "nodeStatus", "healthCheckStatus"], required: applianceRequired);
        if (ap is not null && customer is { IsApplianceCustomer: false })
        {
            errors.Add("appliance", "Only appliance customers provide appliance details.");
        }
        else if (ap is not null)
        {
            string? version = ap.Text("version", 1, 100, singleLine: true);
            string? nodeStatus = ap.Text("nodeStatus", 1, 2000, singleLine: false);
            string? health = ap.Text("healthCheckStatus", 1, 2000, singleLine: false);
            appliance = version is not null && nodeStatus is not null && health is not null
                ? new ApplianceDetails(version, nodeStatus, health)
                : null;
        }

        IReadOnlyList<PrecheckResponse>? precheck = null;
        if (r.Nested("precheck", [.. Prechecks.All.Select(i => i.Key)], required: false) is { } pc)
        {
            // Answers in the checklist's order, whatever the JSON's: the same answers give the same fingerprint.
            precheck = [.. Prechecks.All.Select(i => (i.Key, Answer: pc.Has(i.Key) ? pc.Enum<PrecheckAnswer>(i.Key) : null))
                .Where(a => a.Answer is not null).Select(a => new PrecheckResponse(a.Key, a.Answer!.Value))];
        }

        if (!errors.IsEmpty)
        {
            return (null, customer, errors);
        }

        var submission = new TicketSubmission(
            tenant!, requester!, severity!.Value, subject!, description!, applications!, connections!, loginStage!.Value,
            startedAt!.Value, affected!.Value, frequency!.Value, browsers!.Value, browser, appliance)
        {
            Precheck = precheck is { Count: > 0 } ? precheck : null,
        };
        return (submission, customer, errors);
    }
}
