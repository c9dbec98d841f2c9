namespace Support.Desk.Testing;

/// <summary>
/// Configuration for one isolated desk: its own tables, task hub and mail folder, so tests sharing one
/// Azurite never see each other's data. Extra keys override (e.g. short SLA targets).
/// </summary>
public sealed partial class DeskSettings
{
    public DeskSettings(AzuriteProcess azurite)
        : this(azurite.ConnectionString)
    {
    }

    public DeskSettings(string storageConnectionString)
    {
        string suffix = Guid.NewGuid().ToString("N")[..10];
        this.TaskHub = "hub" + suffix;
        this.AttachmentsContainer = "attachments" + suffix;
        this.MailDirectory = Directory.CreateTempSubdirectory("mail-").FullName;
        this.Values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:ConnectionString"] = storageConnectionString,
            ["Storage:TicketsTable"] = "Tickets" + suffix,
            ["Storage:OpenTicketsTable"] = "Open" + suffix,
            ["Storage:EmailLedgerTable"] = "Ledger" + suffix,
            ["Storage:StaffQueueTable"] = "Queue" + suffix,
            ["Storage:SupportCenterTable"] = "Center" + suffix,
            ["Storage:TenantTicketsTable"] = "Tenant" + suffix,
            ["Storage:StatusSubscriptionsTable"] = "Subs" + suffix,
            ["Storage:IncidentsTable"] = "Incidents" + suffix,
            ["Storage:IncidentDigestsTable"] = "Digests" + suffix,
            ["Storage:SlaReportsTable"] = "Reports" + suffix,
            ["Storage:ReportSubscriptionsTable"] = "ReportSubs" + suffix,
            ["Storage:AttachmentsContainer"] = this.AttachmentsContainer,
            ["Email:PickupDirectory"] = this.MailDirectory,
            ["LocalHost:TaskHub"] = this.TaskHub,
            ["LocalHost:FunctionKey"] = FunctionKey,
            ["Access:StaffKeys"] = $"{StaffName}:{StaffKey}",
            ["Access:TicketTokenKeys"] = "integration-test-ticket-token-key-0123456789",
            ["Access:SessionKeys"] = "integration-test-session-key-0123456789abcdef",
            ["InboundEmail:Credentials"] = InboundEmailCredentials,
            ["Staff:Roster:0:Name"] = "Sam Rivera",
            ["Staff:Roster:0:Email"] = StaffName,
            ["Staff:Roster:1:Name"] = "Kim Weber",
            ["Staff:Roster:1:Email"] = OtherStaffName,
            ["Staff:Roster:1:Regions:0"] = "eu",
            ["Pages:SecureCookies"] = "false",

            // Empty: a developer's local.settings.json must not switch on Entra sign-in inside the tests.
            ["Access:Entra:Authority"] = string.Empty,
            ["Customers:acme-prod:Plan"] = "gold",
            ["Customers:acme-prod:Region"] = "us",
            ["Customers:acme-prod:TimeZone"] = "America/New_York",
            ["Customers:acme-prod:EmailDomains:0"] = "acme.example",
            ["Customers:globex:Plan"] = "platinum",
            ["Customers:globex:Region"] = "eu",
            ["Customers:globex:TimeZone"] = "Europe/Berlin",
            ["Customers:globex:Appliance"] = "true",
            ["Customers:globex:Contacts:0"] = GlobexContact,

            // Tests never reach the internet: status pages default to a closed loopback port (a fast
            // "connection refused"); tests about status monitoring point them at FakeStatusPages.
            ["StatusPages:Regions:us:Url"] = "http://127.0.0.1:9/us/api/v2/summary.json",
            ["StatusPages:Regions:eu:Url"] = "http://127.0.0.1:9/eu/api/v2/summary.json",
            ["StatusPages:Regions:au:Url"] = "http://127.0.0.1:9/au/api/v2/summary.json",
        };
    }

    /// <summary>Credentials of every test desk (as local settings hold them on a developer's machine).</summary>
    public const string StaffKey = "integration-test-staff-key-0123456789abcdef";

    /// <summary>Who the staff key belongs to: what the timeline records as the actor of staff requests.</summary>
    public const string StaffName = "sam@desk.example";

    /// <summary>A second person on the test roster (without a key), to assign tickets to.</summary>
    public const string OtherStaffName = "kim@desk.example";

    /// <summary>A Support Center contact of globex (listed by address); any address at acme.example acts for acme-prod.</summary>
    public const string GlobexContact = "hans@globex.example";

    public const string FunctionKey = "integration-test-function-key-0123456789abcdef";

    /// <summary>The inbound email endpoint's own credentials (user:secret), as SendGrid's Inbound Parse URL would carry them.</summary>
    public const string InboundEmailCredentials = "sendgrid:integration-test-inbound-email-secret-0123456789";

    public string TaskHub { get; }

    public string AttachmentsContainer { get; }

    public string MailDirectory { get; }

    public Dictionary<string, string?> Values { get; }

    public DeskSettings With(string key, string value)
    {
        this.Values[key] = value;
        return this;
    }

    public string[] MailFiles() => Directory.GetFiles(this.MailDirectory, "*.eml");

    /// <summary>The kinds of the emails sent so far, from their file names ({ticket}.{kind}.{n}.eml), sorted.</summary>
    public string[] MailKinds(string ticketId) =>
        [.. this.MailFiles().Select(Path.GetFileName).Where(f => f!.StartsWith(ticketId, StringComparison.Ordinal))
            .Select(f => f!.Split('.')[1]).Order(StringComparer.Ordinal)];
}
