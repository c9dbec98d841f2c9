using System.ComponentModel;
using Support.Desk.Application.Queue;
using Support.Desk.Domain;
using Support.Desk.Domain.Queue;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Http.Contracts;

/// <summary>One page of the staff queue.</summary>
public sealed record QueuePageContract(
    IReadOnlyList<QueueRowContract> Tickets,
    [property: Description("Pass as `continuation` to read the next page; absent on the last page.")] string? Continuation,
    QueueLinksContract Links)
{
    public static QueuePageContract From(QueuePage page, string? nextLink)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new([.. page.Rows.Select(QueueRowContract.From)], page.Continuation, new QueueLinksContract(nextLink));
    }
}

public sealed record QueueLinksContract([property: Description("The next page, with the same filters.")] string? Next);

/// <summary>A ticket in the queue, with its open clock seen now.</summary>
public sealed record QueueRowContract(
    string TicketId,
    string Subject,
    string Tenant,
    [property: WireValues(typeof(SupportPlan))] string Plan,
    [property: WireValues(typeof(SupportTier))] string SupportTier,
    [property: WireValues(typeof(Severity))] string Severity,
    [property: WireValues(typeof(TicketStatus))] string Status,
    [property: WireValues(typeof(Region))] string Region,
    string? Assignee,
    [property: Description("The open response clock (running or paused); absent when none is open.")] SlaClockContract? Clock,
    [property: Description("When the open clock breaches, while it runs.")] DateTimeOffset? DueAt,
    [property: WireValues(typeof(QueueRisk)), Description("ok; at-risk once the warning fraction of the target has elapsed; breached.")] string Risk,
    DateTimeOffset LastActivityAt,
    SelfLinkContract Links)
{
    public static QueueRowContract From(QueueRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Ticket t = row.Ticket;
        return new(
            t.Id, t.Submission.Subject, t.Submission.Tenant, WireNames.Of(t.Plan), WireNames.Of(t.Tier), WireNames.Of(t.Severity), WireNames.Of(t.Status),
            WireNames.Of(t.Region), t.Assignee, row.Clock is null ? null : SlaClockContract.From(row.Clock), row.Clock?.State == SlaClockState.Running ? row.Clock.DueAt : null,
            WireNames.Of(row.Risk), row.LastActivityAt, new SelfLinkContract(DeskLinks.Ticket(t.Id)));
    }
}
