using System.Xml;
using Support.Desk.Application;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Http;

/// <summary>JSON shapes of ticket responses (camelCase; enums as kebab-case names).</summary>
public static class TicketResponses
{
    public static string LocationOf(string ticketId) => $"/api/tickets/{ticketId}";

    /// <summary>The 201 answer to a submission; <paramref name="accessToken"/> is the customer's bearer token for this ticket.</summary>
    public static object Acknowledgement(Ticket ticket, SlaClockStatus firstResponse, string? accessToken) => new
    {
        ticketId = ticket.Id,
        accessToken,
        status = WireNames.Of(ticket.Status),
        tenant = ticket.Submission.Tenant,
        severity = WireNames.Of(ticket.Severity),
        plan = WireNames.Of(ticket.Plan),
        supportTier = WireNames.Of(ticket.Tier),
        createdAt = ticket.CreatedAt,
        regionAdvisory = ticket.RegionAdvisory,
        sla = new
        {
            firstResponseDueAt = firstResponse.DueAt,
            firstResponseTarget = XmlConvert.ToString(firstResponse.Terms.Target),
            coverage = WireNames.Of(firstResponse.Terms.Coverage),
        },
        links = new { self = LocationOf(ticket.Id) },
    };

    public static object Detail(TicketView view)
    {
        Ticket t = view.Ticket;
        TicketSubmission s = t.Submission;
        return new
        {
            ticketId = t.Id,
            status = WireNames.Of(t.Status),
            tenant = s.Tenant,
            severity = WireNames.Of(t.Severity),
            severityDefinition = Severities.DefinitionOf(t.Severity),
            submittedSeverity = WireNames.Of(s.Severity),
            plan = WireNames.Of(t.Plan),
            supportTier = WireNames.Of(t.Tier),
            region = WireNames.Of(t.Region),
            timeZone = t.TimeZoneId,
            // What a customer needs to know stays; who is assigned and when the next escalation falls due is internal.
            assignee = view.ForStaff ? t.Assignee : null,
            createdAt = t.CreatedAt,
            regionAdvisory = t.RegionAdvisory,
            requester = new { name = s.Requester.Name, email = s.Requester.Email },
            subject = s.Subject,
            description = s.Description,
            applications = s.Applications,
            connections = s.Connections,
            loginStage = WireNames.Of(s.LoginStage),
            startedAt = s.StartedAt,
            affectedUsers = WireNames.Of(s.AffectedUsers),
            frequency = WireNames.Of(s.Frequency),
            browsers = WireNames.Of(s.Browsers),
            browser = s.Browser,
            appliance = s.Appliance is null ? null : new { version = s.Appliance.Version, nodeStatus = s.Appliance.NodeStatus, healthCheckStatus = s.Appliance.HealthCheckStatus },
            sla = new
            {
                firstResponse = view.Clocks.Where(c => c.Clock.Kind == SlaClockKind.FirstResponse).Select(Clock).FirstOrDefault(),
                nextResponse = view.Clocks.Where(c => c.Clock.Kind == SlaClockKind.NextResponse).Select(Clock).LastOrDefault(),
                clocks = view.Clocks.Select(Clock),
                waitingOnCustomerSince = t.Commitments.WaitingSince,
                nextNoticeAt = view.ForStaff ? view.NextNoticeAt : null,
            },
            timeline = view.Timeline.Select(e => new { at = e.At, kind = WireNames.Of(e.Kind), actor = e.Actor, summary = e.Summary, body = e.Body }),
            links = new { self = LocationOf(t.Id) },
        };
    }

    static object Clock(SlaClockStatus c) => new
    {
        id = c.Clock.Id,
        kind = WireNames.Of(c.Clock.Kind),
        state = WireNames.Of(c.State),
        target = XmlConvert.ToString(c.Terms.Target),
        coverage = WireNames.Of(c.Terms.Coverage),
        startedAt = c.Clock.StartedAt,
        dueAt = c.DueAt,
        satisfiedAt = c.Clock.SatisfiedAt,
        elapsed = XmlConvert.ToString(c.Elapsed),
        remaining = XmlConvert.ToString(c.Remaining),
        remainingSeconds = (long)c.Remaining.TotalSeconds,
        pausedIntervals = c.Clock.Pauses.Select(p => new { from = p.From, until = p.Until }),
        breached = c.Breached,
    };
}
