using System.Xml;
using Support.Desk.Application;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Http;

/// <summary>JSON shapes of ticket responses (camelCase; enums as kebab-case names).</summary>
public static class TicketResponses
{
    public static string LocationOf(string ticketId) => $"/api/tickets/{ticketId}";

    public static object Acknowledgement(Ticket ticket) => new
    {
        ticketId = ticket.Id,
        status = WireNames.Of(ticket.Status),
        tenant = ticket.Submission.Tenant,
        severity = WireNames.Of(ticket.Submission.Severity),
        plan = WireNames.Of(ticket.Plan),
        supportTier = WireNames.Of(ticket.Tier),
        createdAt = ticket.CreatedAt,
        sla = new
        {
            firstResponseDueAt = ticket.FirstResponse.DueAt,
            firstResponseTarget = XmlConvert.ToString(ticket.FirstResponse.Target),
            coverage = WireNames.Of(ticket.FirstResponse.Coverage),
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
            severity = WireNames.Of(s.Severity),
            severityDefinition = Severities.DefinitionOf(s.Severity),
            plan = WireNames.Of(t.Plan),
            supportTier = WireNames.Of(t.Tier),
            region = WireNames.Of(t.Region),
            timeZone = t.TimeZoneId,
            createdAt = t.CreatedAt,
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
            sla = view.Clocks.ToDictionary(
                c => c.Name,
                c => new
                {
                    state = c.Breached ? "breached" : "running",
                    target = XmlConvert.ToString(c.Deadline.Target),
                    coverage = WireNames.Of(c.Deadline.Coverage),
                    startedAt = c.Deadline.StartedAt,
                    dueAt = c.Deadline.DueAt,
                    remaining = XmlConvert.ToString(c.Remaining),
                    remainingSeconds = (long)c.Remaining.TotalSeconds,
                    breached = c.Breached,
                }),
            timeline = view.Timeline.Select(e => new { at = e.At, kind = WireNames.Of(e.Kind), actor = e.Actor, summary = e.Summary }),
            links = new { self = LocationOf(t.Id) },
        };
    }
}
