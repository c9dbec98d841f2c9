using System.ComponentModel;
using System.Xml;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Http.Contracts;

/// <summary>The 201 answer to a submission.</summary>
public sealed record AcknowledgementContract(
    string TicketId,
    [property: Description("The customer's bearer token for this ticket (also in the links of their emails). Returned again on an idempotent replay.")] string? AccessToken,
    [property: WireValues(typeof(TicketStatus))] string Status,
    string Tenant,
    [property: WireValues(typeof(Severity))] string Severity,
    [property: WireValues(typeof(SupportPlan))] string Plan,
    [property: WireValues(typeof(SupportTier))] string SupportTier,
    DateTimeOffset CreatedAt,
    [property: Description("The region's status-page disruption at submission, if any.")] string? RegionAdvisory,
    AcknowledgedSlaContract Sla,
    SelfLinkContract Links)
{
    public static AcknowledgementContract From(Ticket ticket, SlaClockStatus firstResponse, string? accessToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(firstResponse);
        return new(
            ticket.Id, accessToken, WireNames.Of(ticket.Status), ticket.Submission.Tenant, WireNames.Of(ticket.Severity), WireNames.Of(ticket.Plan), WireNames.Of(ticket.Tier),
            ticket.CreatedAt, ticket.RegionAdvisory,
            new AcknowledgedSlaContract(firstResponse.DueAt, XmlConvert.ToString(firstResponse.Terms.Target), WireNames.Of(firstResponse.Terms.Coverage)),
            new SelfLinkContract(DeskLinks.Ticket(ticket.Id)));
    }
}

public sealed record AcknowledgedSlaContract(
    DateTimeOffset? FirstResponseDueAt,
    [property: Description("ISO 8601 duration of covered time.")] string FirstResponseTarget,
    [property: WireValues(typeof(Coverage))] string Coverage);

public sealed record SelfLinkContract(string Self);

/// <summary>A ticket as its reader may see it: staff see everything; a customer the timeline entries that are theirs, without assignee and notices.</summary>
public sealed record TicketContract(
    string TicketId,
    [property: WireValues(typeof(TicketStatus))] string Status,
    string Tenant,
    [property: WireValues(typeof(Severity))] string Severity,
    string SeverityDefinition,
    [property: WireValues(typeof(Severity))] string SubmittedSeverity,
    [property: WireValues(typeof(SupportPlan))] string Plan,
    [property: WireValues(typeof(SupportTier))] string SupportTier,
    [property: WireValues(typeof(Region))] string Region,
    string TimeZone,
    [property: Description("Staff only.")] string? Assignee,
    DateTimeOffset CreatedAt,
    string? RegionAdvisory,
    RequesterContract Requester,
    string Subject,
    string Description,
    IReadOnlyList<string> Applications,
    IReadOnlyList<string> Connections,
    [property: WireValues(typeof(LoginStage))] string LoginStage,
    DateTimeOffset StartedAt,
    [property: WireValues(typeof(AffectedUsers))] string AffectedUsers,
    [property: WireValues(typeof(Frequency))] string Frequency,
    [property: WireValues(typeof(BrowserScope))] string Browsers,
    string? Browser,
    ApplianceContract? Appliance,
    [property: Description("What the customer checked before logging the issue: check key to ok, problem or not-checked.")] IReadOnlyDictionary<string, string>? Precheck,
    TicketSlaContract Sla,
    IReadOnlyList<TimelineEntryContract> Timeline,
    SelfLinkContract Links)
{
    /// <summary>The major incident the ticket is linked to (its updates reach the ticket), if any.</summary>
    [Description("The major incident the ticket is linked to, if any: its updates reach the ticket.")]
    public string? Incident { get; init; }

    public static TicketContract From(TicketView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        Ticket t = view.Ticket;
        TicketSubmission s = t.Submission;
        SlaClockContract[] clocks = [.. view.Clocks.Select(SlaClockContract.From)];
        return new(
            t.Id, WireNames.Of(t.Status), s.Tenant, WireNames.Of(t.Severity), Severities.DefinitionOf(t.Severity), WireNames.Of(s.Severity), WireNames.Of(t.Plan),
            WireNames.Of(t.Tier), WireNames.Of(t.Region), t.TimeZoneId,

            // What a customer needs to know stays; who is assigned and when the next escalation falls due is internal.
            view.ForStaff ? t.Assignee : null,
            t.CreatedAt, t.RegionAdvisory, new RequesterContract(s.Requester.Name, s.Requester.Email), s.Subject, s.Description, s.Applications, s.Connections,
            WireNames.Of(s.LoginStage), s.StartedAt, WireNames.Of(s.AffectedUsers), WireNames.Of(s.Frequency), WireNames.Of(s.Browsers), s.Browser,
            s.Appliance is null ? null : new ApplianceContract(s.Appliance.Version, s.Appliance.NodeStatus, s.Appliance.HealthCheckStatus),
            s.Precheck?.ToDictionary(p => p.Key, p => WireNames.Of(p.Answer)),
            new TicketSlaContract(
                clocks.FirstOrDefault(c => c.Kind == WireNames.Of(SlaClockKind.FirstResponse)),
                clocks.LastOrDefault(c => c.Kind == WireNames.Of(SlaClockKind.NextResponse)),
                clocks,
                t.Commitments.WaitingSince,
                view.ForStaff ? view.NextNoticeAt : null),
            [.. view.Timeline.Select(e => new TimelineEntryContract(e.At, WireNames.Of(e.Kind), e.Actor, e.Summary, e.Body))],
            new SelfLinkContract(DeskLinks.Ticket(t.Id)))
        {
            Incident = t.Incident?.IncidentId,
        };
    }
}

public sealed record RequesterContract(string Name, string Email);

public sealed record ApplianceContract(string Version, string NodeStatus, string HealthCheckStatus);

public sealed record TicketSlaContract(
    [property: Description("The first-response clock.")] SlaClockContract? FirstResponse,
    [property: Description("The latest next-response clock, if any.")] SlaClockContract? NextResponse,
    IReadOnlyList<SlaClockContract> Clocks,
    DateTimeOffset? WaitingOnCustomerSince,
    [property: Description("When the next warning, escalation or reminder falls due (staff only).")] DateTimeOffset? NextNoticeAt);

/// <summary>One response clock at the moment of reading.</summary>
public sealed record SlaClockContract(
    string Id,
    [property: WireValues(typeof(SlaClockKind))] string Kind,
    [property: WireValues(typeof(SlaClockState))] string State,
    [property: Description("ISO 8601 duration of covered time.")] string Target,
    [property: WireValues(typeof(Coverage))] string Coverage,
    DateTimeOffset StartedAt,
    [property: Description("Set while the clock runs, and when it was missed.")] DateTimeOffset? DueAt,
    DateTimeOffset? SatisfiedAt,
    string Elapsed,
    string Remaining,
    long RemainingSeconds,
    IReadOnlyList<PauseContract> PausedIntervals,
    bool Breached)
{
    public static SlaClockContract From(SlaClockStatus c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(
            c.Clock.Id, WireNames.Of(c.Clock.Kind), WireNames.Of(c.State), XmlConvert.ToString(c.Terms.Target), WireNames.Of(c.Terms.Coverage), c.Clock.StartedAt, c.DueAt,
            c.Clock.SatisfiedAt, XmlConvert.ToString(c.Elapsed), XmlConvert.ToString(c.Remaining), (long)c.Remaining.TotalSeconds,
            [.. c.Clock.Pauses.Select(p => new PauseContract(p.From, p.Until))], c.Breached);
    }
}

public sealed record PauseContract(DateTimeOffset From, DateTimeOffset? Until);

public sealed record TimelineEntryContract(
    DateTimeOffset At,
    [property: WireValues(typeof(TicketEventKind))] string Kind,
    [property: Description("Who acted: the signed-in staff member, the ticket's requester, or the desk's workflow.")] string Actor,
    string Summary,
    [property: Description("The text of replies, updates and resolutions.")] string? Body);
