using System.Globalization;
using Support.Desk.Settings;

namespace Support.Desk.Domain.Queue;

/// <summary>How close a ticket's running clock is to its deadline: past the warning fraction is at risk.</summary>
public enum QueueRisk
{
    Ok,
    AtRisk,
    Breached,
}

/// <summary>
/// A ticket's place in the staff queue: the partition (open or closed) and a sort key, with the columns the queue
/// filters on. The key is a pure function of the ticket's stored state (never of the time it is computed at), so the
/// key a ticket had before a change can be computed again from the ticket as it was, and its row removed.
/// </summary>
/// <remarks>
/// Open tickets sort in three lanes: a running clock by its deadline (<c>1-…</c>), a paused clock by the time it has
/// left (<c>2-…</c>), and tickets with no open clock (answered, or a resolution proposed) by age (<c>3-…</c>). Closed
/// tickets sort newest first. Every key ends with the ticket ID, so keys are unique.
/// </remarks>
public sealed record QueueEntry(
    string TicketId,
    bool Open,
    string SortKey,
    string Tenant,
    Severity Severity,
    Region Region,
    SupportTier Tier,
    TicketStatus Status,
    string? Assignee,
    DateTimeOffset LastActivityAt)
{
    /// <summary>The incident the ticket is linked to, if any.</summary>
    public string? Incident { get; init; }

    public const string RunningLane = "1-";
    public const string PausedLane = "2-";
    public const string WaitingLane = "3-";

    public static QueueEntry Of(Ticket ticket, SlaPolicy policy, DateTimeOffset lastActivityAt)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(policy);
        return new QueueEntry(
            ticket.Id, ticket.Status != TicketStatus.Closed, SortKeyOf(ticket, policy), ticket.Submission.Tenant, ticket.Severity, ticket.Region,
            ticket.Tier, ticket.Status, ticket.Assignee, lastActivityAt)
        {
            Incident = ticket.Incident?.IncidentId,
        };
    }

    public static string SortKeyOf(Ticket ticket, SlaPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(policy);
        if (ticket.Status == TicketStatus.Closed)
        {
            DateTimeOffset closedAt = ticket.ClosedAt ?? ticket.CreatedAt;
            return Ticks(DateTimeOffset.MaxValue.UtcTicks - closedAt.UtcTicks) + "-" + ticket.Id;
        }

        SlaTerms terms = policy.TermsFor(ticket.Tier, ticket.Severity);
        CoverageCalendar calendar = policy.CalendarFor(ticket.Tier, ticket.Severity, ticket.TimeZone);
        SlaClock? open = ticket.Commitments.OpenClock;
        if (open is { IsRunning: true } && open.InstantWhenElapsed(calendar, terms.Target) is { } due)
        {
            return RunningLane + Ticks(due.UtcTicks) + "-" + ticket.Id;
        }

        if (open is { IsPaused: true })
        {
            // Elapsed up to the pause: the same whenever it is computed.
            TimeSpan left = terms.Target - open.Elapsed(calendar, open.Pauses[^1].From);
            return PausedLane + Ticks(Math.Max(0, left.Ticks)) + "-" + ticket.Id;
        }

        return WaitingLane + Ticks(ticket.CreatedAt.UtcTicks) + "-" + ticket.Id;
    }

    /// <summary>The deadline of a running clock, read back from a row's key; null for the other lanes.</summary>
    public static DateTimeOffset? RunningDeadlineOf(string sortKey)
    {
        ArgumentNullException.ThrowIfNull(sortKey);
        return sortKey.StartsWith(RunningLane, StringComparison.Ordinal) && sortKey.Length > RunningLane.Length + 19
            && long.TryParse(sortKey.AsSpan(RunningLane.Length, 19), NumberStyles.None, CultureInfo.InvariantCulture, out long ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
    }

    /// <summary>Every running deadline before <paramref name="instant"/> sorts below this key.</summary>
    public static string RunningBefore(DateTimeOffset instant) => RunningLane + Ticks(Math.Max(0, instant.UtcTicks));

    /// <summary>The risk of a clock as seen at one instant.</summary>
    public static QueueRisk RiskOf(SlaClockStatus? clock, double warningFraction)
    {
        if (clock is null)
        {
            return QueueRisk.Ok;
        }

        if (clock.Breached || clock.Remaining <= TimeSpan.Zero)
        {
            return QueueRisk.Breached;
        }

        return clock.Elapsed >= clock.Terms.Target * warningFraction ? QueueRisk.AtRisk : QueueRisk.Ok;
    }

    static string Ticks(long ticks) => ticks.ToString("D19", CultureInfo.InvariantCulture);
}

/// <summary>What a queue read asks for. Null filters take everything; <see cref="Assignee"/> <c>unassigned</c> means nobody.</summary>
public sealed record QueueFilter(
    TicketStatus? Status = null,
    bool Closed = false,
    string? Tenant = null,
    Severity? Severity = null,
    Region? Region = null,
    string? Assignee = null,
    SupportTier? Tier = null,
    DateTimeOffset? BreachingBefore = null)
{
    /// <summary>Only tickets linked to this incident.</summary>
    public string? Incident { get; init; }

    public const string Unassigned = "unassigned";
}
