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
    ApplianceDetails? Appliance)
{
    /// <summary>What the customer checked before logging the issue (<see cref="Prechecks"/>), when they said.</summary>
    public IReadOnlyList<PrecheckResponse>? Precheck { get; init; }
}

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
    TicketCommitments Commitments)
{
    public SupportTier Tier => SupportPlans.TierOf(this.Plan);

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(this.TimeZoneId);

    /// <summary>The region's status-page disruption at submission (incident, degraded component), if any.</summary>
    public string? RegionAdvisory { get; init; }

    /// <summary>SHA-256 of the customer's ticket token; the token itself is never stored.</summary>
    public string? AccessTokenHash { get; init; }

    /// <summary>Which token is current: staff revoking access issues the next one, and the older ones stop working.</summary>
    public int AccessTokenVersion { get; init; }

    /// <summary>When the customer confirmed the resolution; the ticket's token expires a configured time after.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The major incident the ticket is part of, if any (see <see cref="Incidents.IncidentTicketRules"/>).</summary>
    public Incidents.IncidentLink? Incident { get; init; }
}

public enum TicketEventKind
{
    Submitted,
    RegionStatusNoted,

    /// <summary>No longer written (tickets had an orchestration each until the SLA shards); kept so older timelines read.</summary>
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

    /// <summary>A staff member's note for other staff only.</summary>
    InternalNote,

    /// <summary>Staff revoked the customer's link; a fresh one was sent.</summary>
    AccessLinkReissued,

    /// <summary>The ticket joined a major incident: its updates reach the ticket from then on.</summary>
    IncidentLinked,

    /// <summary>The ticket left its incident (staff unlinked it, or the customer said the incident's resolution did not fix it).</summary>
    IncidentUnlinked,

    /// <summary>An update staff posted to every ticket of an incident: a response to this one.</summary>
    IncidentUpdate,
}

/// <summary>
/// Which timeline entries a customer sees. Internal ones name escalation recipients, email-provider errors,
/// assignments and staff notes; staff see everything.
/// </summary>
public static class TicketEventVisibility
{
    public static bool IsVisibleToCustomer(TicketEventKind kind) => kind switch
    {
        TicketEventKind.Submitted or TicketEventKind.RegionStatusNoted or TicketEventKind.AgentReplied or TicketEventKind.InformationRequested
            or TicketEventKind.CustomerUpdate or TicketEventKind.AgentUpdate or TicketEventKind.ResolutionProposed or TicketEventKind.ResolutionConfirmed
            or TicketEventKind.ResolutionRejected or TicketEventKind.SeverityChanged or TicketEventKind.CustomerReminded or TicketEventKind.AttachmentAdded
            or TicketEventKind.AccessLinkReissued or TicketEventKind.IncidentLinked or TicketEventKind.IncidentUnlinked or TicketEventKind.IncidentUpdate => true,
        TicketEventKind.WorkflowStarted or TicketEventKind.AssigneeChanged or TicketEventKind.SlaWarning or TicketEventKind.SlaBreached
            or TicketEventKind.SlaEscalated or TicketEventKind.EmailSent or TicketEventKind.EmailFailed or TicketEventKind.InternalNote => false,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Every event kind must say whether customers see it."),
    };
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
