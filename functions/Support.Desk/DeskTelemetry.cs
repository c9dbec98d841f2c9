using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Support.Desk;

/// <summary>
/// The desk's own traces and metrics, through System.Diagnostics so the core needs no telemetry package; the
/// hosts export them with OpenTelemetry (Azure Monitor, OTLP or the console).
/// </summary>
public static class DeskTelemetry
{
    public const string Name = "Support.Desk";

    public static readonly ActivitySource Source = new(Name);

    static readonly Meter Meter = new(Name);

    public static readonly Counter<long> TicketsCreated = Meter.CreateCounter<long>("support.tickets.created", description: "Tickets accepted at intake (not replays).");
    public static readonly Counter<long> SlaNotices = Meter.CreateCounter<long>("support.sla.notices", description: "SLA warnings, breaches, escalations and customer reminders sent.");
    public static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>("support.emails.sent", description: "Emails handed to the provider.");
    public static readonly Counter<long> EmailsFailed = Meter.CreateCounter<long>("support.emails.failed", description: "Email attempts that failed (transient or permanent).");
    public static readonly Counter<long> StatusPolls = Meter.CreateCounter<long>("support.status.polls", description: "Regional status page polls, by region and outcome.");
}
