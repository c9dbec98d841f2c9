using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Queue;
using Support.Desk.Settings;

namespace Support.Desk.Application.Queue;

/// <summary>
/// A ticket on a queue page: the ticket as stored now, its open clock seen now, how close it is to breaching, and when
/// a running clock crosses the warning fraction (pages colour the row from then on).
/// </summary>
public sealed record QueueRow(Ticket Ticket, SlaClockStatus? Clock, QueueRisk Risk, DateTimeOffset LastActivityAt, DateTimeOffset? WarningAt = null);

/// <summary>One page of the queue; <see cref="Continuation"/> reads the next one (null at the end).</summary>
public sealed record QueuePage(IReadOnlyList<QueueRow> Rows, string? Continuation);

/// <summary>The answer to a queue read.</summary>
public abstract record QueueResult
{
    private QueueResult()
    {
    }

    public sealed record Listed(QueuePage Page) : QueueResult;

    public sealed record Denied(AccessDecision Decision) : QueueResult;

    /// <summary>The continuation token is not one this desk handed out.</summary>
    public sealed record BadContinuation : QueueResult;
}

/// <summary>
/// The staff queue: keeps each ticket's row in <see cref="IStaffQueueIndex"/> in step with the ticket, and reads pages
/// of it for staff. Writers put the ticket's new row before saving the ticket and remove its old row after, so at
/// every instant (a crash included) the ticket's right row exists; a reader shows a row only when it is the row of
/// the ticket as stored, checked by a point read of each ticket on the page, and clears rows left behind.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The support desk's queue of tickets, as staff call it; not a collection type.")]
public sealed class StaffQueue(IStaffQueueIndex index, ITicketStore store, SlaPolicy policy, EscalationOptions escalation, TimeProvider clock)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>How old a row that does not match its ticket must be before a reader removes it: a writer may be between its two steps.</summary>
    static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    /// <summary>Before saving a changed (or new) ticket: its row as it will be.</summary>
    public Task PrepareAsync(Ticket ticket, DateTimeOffset activityAt, CancellationToken cancellationToken) =>
        index.PutAsync(QueueEntry.Of(ticket, policy, activityAt), cancellationToken);

    /// <summary>After saving: the row the ticket had before, when the change moved it.</summary>
    public Task SettleAsync(Ticket before, Ticket after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        string oldKey = QueueEntry.SortKeyOf(before, policy);
        bool wasOpen = before.Status != TicketStatus.Closed;
        return oldKey == QueueEntry.SortKeyOf(after, policy) && wasOpen == (after.Status != TicketStatus.Closed)
            ? Task.CompletedTask
            : index.RemoveAsync(before.Id, wasOpen, oldKey, cancellationToken);
    }

    public async Task<QueueResult> ListAsync(Caller caller, QueueFilter filter, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (TicketAccessPolicy.Decide(caller, TicketOperation.ReadQueue) is var decision and not AccessDecision.Continue)
        {
            return new QueueResult.Denied(decision);
        }

        string? after = continuation is null ? null : DecodeContinuation(continuation);
        if (continuation is not null && after is null)
        {
            return new QueueResult.BadContinuation();
        }

        using Activity? span = DeskTelemetry.Source.StartActivity("queue.read");
        int count = Math.Clamp(pageSize, 1, MaxPageSize);
        IReadOnlyList<QueueEntry> entries = await index.ReadAsync(filter, after, count, cancellationToken).ConfigureAwait(false);
        VersionedTicket?[] tickets = await Task.WhenAll(entries.Select(e => store.LoadAsync(e.TicketId, cancellationToken))).ConfigureAwait(false);
        DateTimeOffset now = clock.GetUtcNow();
        var rows = new List<QueueRow>(entries.Count);
        var leftovers = new List<Task>();
        for (int i = 0; i < entries.Count; i++)
        {
            QueueEntry entry = entries[i];
            Ticket? ticket = tickets[i]?.Ticket;
            bool current = ticket is not null && QueueEntry.SortKeyOf(ticket, policy) == entry.SortKey && (ticket.Status != TicketStatus.Closed) == entry.Open;
            if (!current)
            {
                if (now - entry.LastActivityAt > AbandonedAfter)
                {
                    leftovers.Add(this.ReplaceAbandonedAsync(entry, ticket, cancellationToken));
                }

                continue;
            }

            if (!Matches(filter, ticket!))
            {
                continue;
            }

            SlaClockStatus? open = ticket!.Commitments.OpenClock is { } clockNow ? TicketSla.Evaluate(ticket, clockNow.Id, policy, now) : null;
            DateTimeOffset? warningAt = open is { State: SlaClockState.Running }
                ? open.Clock.InstantWhenElapsed(policy.CalendarFor(ticket.Tier, ticket.Severity, ticket.TimeZone), open.Terms.Target * escalation.WarningFraction)
                : null;
            rows.Add(new QueueRow(ticket, open, QueueEntry.RiskOf(open, escalation.WarningFraction), entry.LastActivityAt, warningAt));
        }

        await Task.WhenAll(leftovers).ConfigureAwait(false);
        span?.SetTag("queue.rows", rows.Count);
        string? next = entries.Count == count ? EncodeContinuation(entries[^1].SortKey) : null;
        return new QueueResult.Listed(new QueuePage(rows, next));
    }

    /// <summary>
    /// Clears a row no writer will settle: the ticket was never stored, or its row moved and the writer died before
    /// removing the old one, or the SLA policy changed and every key with it. A ticket that exists gets its right row
    /// first, so a policy change re-sorts the queue instead of emptying it.
    /// </summary>
    async Task ReplaceAbandonedAsync(QueueEntry entry, Ticket? ticket, CancellationToken cancellationToken)
    {
        if (ticket is not null)
        {
            await index.PutAsync(QueueEntry.Of(ticket, policy, entry.LastActivityAt), cancellationToken).ConfigureAwait(false);
        }

        await index.RemoveAsync(entry.TicketId, entry.Open, entry.SortKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The filter checked against the ticket as stored (a row's columns may be a moment ahead of it).</summary>
    static bool Matches(QueueFilter filter, Ticket ticket) =>
        (filter.Status is null || filter.Status == ticket.Status)
        && (filter.Tenant is null || filter.Tenant == ticket.Submission.Tenant)
        && (filter.Severity is null || filter.Severity == ticket.Severity)
        && (filter.Region is null || filter.Region == ticket.Region)
        && (filter.Tier is null || filter.Tier == ticket.Tier)
        && (filter.Assignee is null || filter.Assignee == (ticket.Assignee ?? QueueFilter.Unassigned))
        && (filter.Incident is null || filter.Incident == ticket.Incident?.IncidentId);

    const string ContinuationPrefix = "q1.";

    static string EncodeContinuation(string sortKey) => ContinuationPrefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(sortKey));

    static string? DecodeContinuation(string token)
    {
        if (!token.StartsWith(ContinuationPrefix, StringComparison.Ordinal) || token.Length > 512)
        {
            return null;
        }

        try
        {
            string key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(ContinuationPrefix.Length)));
            return key.Length > 0 && key.All(c => c is '-' or (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z')) ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
