namespace Support.Desk.Domain;

public enum TicketStatus
{
    Open,
    InProgress,
    WaitingOnCustomer,
    ResolutionProposed,
    Closed,
}

/// <summary>How far into the login sequence the affected users get.</summary>
public enum LoginStage
{
    BeforeLoginPage,
    AtLoginPage,
    AfterCredentials,
    AfterLogin,
    NotLoginRelated,
}

public enum AffectedUsers
{
    All,
    Some,
}

public enum Frequency
{
    Always,
    Sometimes,
}

public enum BrowserScope
{
    All,
    One,
}

public sealed record Requester(string Name, string Email);

/// <summary>What an appliance customer must tell us about the appliance.</summary>
public sealed record ApplianceDetails(string Version, string NodeStatus, string HealthCheckStatus);

/// <summary>A validated submission: what the customer told us, per "Information to provide".</summary>
public sealed record TicketSubmission(
    string Tenant,
    Requester Requester,
    Severity Severity,
    string Subject,
    string Description,
    IReadOnlyList<string> Applications,
    IReadOnlyList<string> Connections,
    LoginStage LoginStage,
    DateTimeOffset StartedAt,
    AffectedUsers AffectedUsers,
    Frequency Frequency,
    BrowserScope Browsers,
    string? Browser,
    ApplianceDetails? Appliance);

/// <summary>
/// A stored ticket. <see cref="Severity"/> is the current one (the provider may re-assign it; the submitted
/// one stays in <see cref="Submission"/>). <see cref="RequestFingerprint"/> identifies the submission for
/// idempotent replays.
/// </summary>
public sealed record Ticket(
    string Id,
    TicketStatus Status,
    DateTimeOffset CreatedAt,
    SupportPlan Plan,
    Region Region,
    string TimeZoneId,
    Severity Severity,
    string? Assignee,
    TicketSubmission Submission,
    string? IdempotencyKey,
    string RequestFingerprint,
    TicketWork Work)
{
    public SupportTier Tier => SupportPlans.TierOf(this.Plan);

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(this.TimeZoneId);

    /// <summary>The region's status-page disruption at submission (incident, degraded component), if any.</summary>
    public string? RegionAdvisory { get; init; }

    /// <summary>SHA-256 of the customer's ticket token; the token itself is never stored.</summary>
    public string? AccessTokenHash { get; init; }
}

public enum TicketEventKind
{
    Submitted,
    RegionStatusNoted,
    WorkflowStarted,
    AgentReplied,
    InformationRequested,
    CustomerUpdate,
    AgentUpdate,
    ResolutionProposed,
    ResolutionConfirmed,
    ResolutionRejected,
    SeverityChanged,
    AssigneeChanged,
    SlaWarning,
    SlaBreached,
    SlaEscalated,
    CustomerReminded,
    EmailSent,
    EmailFailed,
    AttachmentAdded,
}

/// <summary>
/// One entry on a ticket's timeline. <see cref="Id"/> sorts by time and is deterministic for entries the
/// workflow writes, so a retried write lands on the same entry instead of adding a second one.
/// <see cref="Body"/> holds the text of replies, updates and resolutions.
/// </summary>
public sealed record TicketEvent(string Id, DateTimeOffset At, TicketEventKind Kind, string Actor, string Summary, string? Body = null)
{
    public static TicketEvent Create(DateTimeOffset at, TicketEventKind kind, string actor, string summary, string? discriminator = null, string? body = null) =>
        new(EventIdFor(at, kind, discriminator), at, kind, actor, summary, body);

    public static string EventIdFor(DateTimeOffset at, TicketEventKind kind, string? discriminator = null) =>
        $"{at.UtcTicks:D19}-{WireNames.Of(kind)}" + (discriminator is null ? string.Empty : "-" + discriminator);
}
