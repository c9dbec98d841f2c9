namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Where the desk keeps its tables. Locally a connection string (Azurite); in Azure the table endpoint
/// with the app's managed identity, since shared-key access is disabled there.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Connection string; <c>AzureWebJobsStorage</c> is used when neither this nor <see cref="TableServiceUri"/> is set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>e.g. https://account.table.core.windows.net, used with DefaultAzureCredential.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>e.g. https://account.blob.core.windows.net, for attachments, used with DefaultAzureCredential.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Blob container of ticket attachments (private).</summary>
    public string AttachmentsContainer { get; set; } = "attachments";

    /// <summary>Managed identity client ID for DefaultAzureCredential (user-assigned identity).</summary>
    public string? ManagedIdentityClientId { get; set; }

    public string TicketsTable { get; set; } = "Tickets";

    /// <summary>Open tickets by SLA shard with their next due time: the shards' schedule.</summary>
    public string OpenTicketsTable { get; set; } = "OpenTickets";

    /// <summary>The staff queue: open and closed tickets in queue order (see <c>TableStaffQueueIndex</c>).</summary>
    public string StaffQueueTable { get; set; } = "StaffQueue";

    public string EmailLedgerTable { get; set; } = "EmailLedger";

    public string RegionStatusTable { get; set; } = "RegionStatus";

    public string RegionStatusHistoryTable { get; set; } = "RegionStatusHistory";

    /// <summary>The Support Center's short-lived rows: request counters of the throttle, and used sign-in links.</summary>
    public string SupportCenterTable { get; set; } = "SupportCenter";

    /// <summary>Every tenant's tickets, newest first ("My tickets").</summary>
    public string TenantTicketsTable { get; set; } = "TenantTickets";

    public string StatusSubscriptionsTable { get; set; } = "StatusSubscriptions";

    /// <summary>Major incidents: each one's row, broadcasts, idempotency keys and history.</summary>
    public string IncidentsTable { get; set; } = "Incidents";

    /// <summary>Staff notices waiting for (or listed by) their incident's digest.</summary>
    public string IncidentDigestsTable { get; set; } = "IncidentDigests";

    /// <summary>SLA report facts by month and tenant, and the staff report's day digests.</summary>
    public string SlaReportsTable { get; set; } = "SlaReports";

    /// <summary>Contacts who get their organisation's SLA report by email each month.</summary>
    public string ReportSubscriptionsTable { get; set; } = "ReportSubscriptions";
}
