using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Support.Desk.Domain;

/// <summary>
/// Reads and validates a ticket submission (camelCase JSON). It reports every invalid field at once,
/// rejects unknown and duplicated fields, and checks the tenant against the customer directory.
/// </summary>
public static partial class TicketSubmissionReader
{
    public const int MaxBodyBytes = 256 * 1024;
    public const int MaxSubjectLength = 200;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxNameLength = 200;
    public const int MaxListItems = 20;

    /// <summary>Clock skew tolerated on <c>startedAt</c> before it counts as "in the future".</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    static readonly string[] KnownFields =
    [
        "tenant", "requester", "severity", "subject", "description", "applications", "connections", "loginStage",
        "startedAt", "affectedUsers", "frequency", "browsers", "browser", "appliance",
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

        var r = new FieldReader(root, string.Empty, KnownFields, errors);

        string? tenant = r.String("tenant", 3, 64, singleLine: true);
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
        if (r.Object("requester") is FieldReader rq)
        {
            string? name = rq.String("name", 1, MaxNameLength, singleLine: true);
            string? email = rq.String("email", 3, EmailAddresses.MaxLength, singleLine: true);
            if (email is not null && !EmailAddresses.IsValid(email))
            {
                errors.Add("requester.email", "Must be a valid email address such as jane@example.com.");
                email = null;
            }

            requester = name is not null && email is not null ? new Requester(name, email) : null;
        }

        Severity? severity = r.Enum<Severity>("severity");
        string? subject = r.String("subject", 1, MaxSubjectLength, singleLine: true);
        string? description = r.String("description", 1, MaxDescriptionLength, singleLine: false);
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
        string? browser = r.String("browser", 1, 100, singleLine: true, required: browsers == BrowserScope.One);
        if (browsers == BrowserScope.All && browser is not null)
        {
            errors.Add("browser", "Only given when browsers is 'one'.");
        }

        ApplianceDetails? appliance = null;
        bool applianceRequired = customer?.IsApplianceCustomer == true;
        FieldReader? ap = r.Object("appliance", required: applianceRequired);
        if (ap is not null && customer is { IsApplianceCustomer: false })
        {
            errors.Add("appliance", "Only appliance customers provide appliance details.");
        }
        else if (ap is not null)
        {
            string? version = ap.String("version", 1, 100, singleLine: true);
            string? nodeStatus = ap.String("nodeStatus", 1, 2000, singleLine: false);
            string? health = ap.String("healthCheckStatus", 1, 2000, singleLine: false);
            appliance = version is not null && nodeStatus is not null && health is not null
                ? new ApplianceDetails(version, nodeStatus, health)
                : null;
        }

        if (!errors.IsEmpty)
        {
            return (null, customer, errors);
        }

        var submission = new TicketSubmission(
            tenant!, requester!, severity!.Value, subject!, description!, applications!, connections!, loginStage!.Value,
            startedAt!.Value, affected!.Value, frequency!.Value, browsers!.Value, browser, appliance);
        return (submission, customer, errors);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    /// <summary>Reads the fields of one JSON object, recording an error for each bad or unknown one.</summary>
    sealed class FieldReader
    {
        readonly Dictionary<string, JsonElement> fields = new(StringComparer.Ordinal);
        readonly string path;
        readonly ValidationErrors errors;

        public FieldReader(JsonElement obj, string path, IReadOnlyCollection<string> known, ValidationErrors errors)
        {
            this.path = path;
            this.errors = errors;
            foreach (JsonProperty property in obj.EnumerateObject())
            {
                string field = this.PathOf(property.Name);
                if (!known.Contains(property.Name))
                {
                    errors.Add(field, "Is not a recognised field.");
                }
                else if (!this.fields.TryAdd(property.Name, property.Value))
                {
                    errors.Add(field, "Appears more than once.");
                }
            }
        }

        public string? String(string name, int minLength, int maxLength, bool singleLine, bool required = true)
        {
            if (!this.TryGet(name, required, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                this.errors.Add(this.PathOf(name), "Must be a string.");
                return null;
            }

            return this.CheckText(this.PathOf(name), value.GetString()!, minLength, maxLength, singleLine);
        }

        public TEnum? Enum<TEnum>(string name)
            where TEnum : struct, Enum
        {
            if (!this.TryGet(name, required: true, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String && WireNames.TryParse(value.GetString(), out TEnum parsed))
            {
                return parsed;
            }

            this.errors.Add(this.PathOf(name), $"Must be one of: {string.Join(", ", WireNames.AllOf<TEnum>())}.");
            return null;
        }

        public List<string>? StringList(string name, int maxItems, int maxItemLength)
        {
            if (!this.TryGet(name, required: true, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                this.errors.Add(this.PathOf(name), "Must be an array of strings.");
                return null;
            }

            int count = value.GetArrayLength();
            if (count == 0 || count > maxItems)
            {
                this.errors.Add(this.PathOf(name), $"Must list between 1 and {maxItems} entries.");
                return null;
            }

            var items = new List<string>(count);
            int index = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                string itemPath = $"{this.PathOf(name)}[{index++}]";
                if (item.ValueKind != JsonValueKind.String)
                {
                    this.errors.Add(itemPath, "Must be a string.");
                }
                else if (this.CheckText(itemPath, item.GetString()!, 1, maxItemLength, singleLine: true) is { } text)
                {
                    items.Add(text);
                }
            }

            return items.Count == count ? items : null;
        }

        public DateTimeOffset? Timestamp(string name)
        {
            if (!this.TryGet(name, required: true, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String
                && Rfc3339().IsMatch(value.GetString()!)
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset parsed))
            {
                return parsed;
            }

            this.errors.Add(this.PathOf(name), "Must be an RFC 3339 timestamp with an offset, such as 2026-11-26T09:30:00Z.");
            return null;
        }

        public FieldReader? Object(string name, bool required = true)
        {
            if (!this.TryGet(name, required, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                this.errors.Add(this.PathOf(name), "Must be an object.");
                return null;
            }

            string[] known = name switch
            {
                "requester" => ["name", "email"],
                "appliance" => ["version", "nodeStatus", "healthCheckStatus"],
                _ => [],
            };
            return new FieldReader(value, this.PathOf(name), known, this.errors);
        }

        string? CheckText(string field, string text, int minLength, int maxLength, bool singleLine)
        {
            string trimmed = text.Trim();
            if (trimmed.Length < minLength)
            {
                this.errors.Add(field, minLength <= 1 ? "Must not be empty." : $"Must be at least {minLength} characters.");
                return null;
            }

            if (trimmed.Length > maxLength)
            {
                this.errors.Add(field, $"Must be at most {maxLength} characters.");
                return null;
            }

            foreach (char c in trimmed)
            {
                bool allowedWhitespace = !singleLine && c is '\n' or '\r' or '\t';
                if (char.IsControl(c) && !allowedWhitespace)
                {
                    this.errors.Add(field, singleLine ? "Must be a single line without control characters." : "Must not contain control characters.");
                    return null;
                }
            }

            return trimmed;
        }

        bool TryGet(string name, bool required, out JsonElement value)
        {
            if (this.fields.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null)
            {
                return true;
            }

            if (required)
            {
                this.errors.Add(this.PathOf(name), "Is required.");
            }

            return false;
        }

        string PathOf(string name) => this.path.Length == 0 ? name : $"{this.path}.{name}";
    }
}
