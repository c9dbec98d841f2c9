using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Support.Desk.Domain;
using Support.Desk.Domain.Status;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Incidents;
using Support.Desk.Application.SupportCenter;
using Support.Desk.Settings;
using Support.Desk.Routes;

namespace Support.Desk.Status;

/// <summary>
/// Polls every configured region's status page concurrently. A poll that finds nothing new writes nothing;
/// a change updates the region's state and appends history; a page that cannot be read marks the region
/// unknown once per failure streak (logged once), keeping the last good status readable. When a region
/// goes to a major or critical state, staff get one email listing that region's open tickets, and one
/// more when it recovers. Changes that matter to customers (<see cref="StatusChanges.MattersToSubscribers"/>) are
/// recorded with the state as pending broadcasts, emailed to the region's subscribers, then cleared: a crash in
/// between repeats the broadcast, and the messages' fixed IDs keep it to one email per subscriber.
/// </summary>
public sealed partial class StatusMonitor(
    IStatusPageFetcher fetcher,
    IStatusPageParser parser,
    IRegionStatusStore store,
    RegionStatusBoard board,
    IOpenTicketIndex openTickets,
    ITicketStore tickets,
    IEmailSender email,
    StatusSubscriptions subscriptions,
    EscalationOptions escalation,
    DeskLinks links,
    StatusPageOptions options,
    StatusPageIncidentSync incidents,
    TimeProvider clock,
    ILogger<StatusMonitor> logger)
{
    public sealed record PollResult(Region Region, string Outcome, bool Wrote)
    {
        /// <summary>The page as this poll knows it (null while the region's status is unknown).</summary>
        public StatusSnapshot? Snapshot { get; init; }
    }

    public async Task<IReadOnlyList<PollResult>> PollAllAsync(CancellationToken cancellationToken)
    {
        Dictionary<Region, VersionedRegionState> known = (await store.LoadAllAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(s => s.State.Region);
        return await Task.WhenAll(options.Pages().Select(page =>
            this.PollRegionAsync(page.Region, page.Url, known.GetValueOrDefault(page.Region), cancellationToken))).ConfigureAwait(false);
    }

    async Task<PollResult> PollRegionAsync(Region region, Uri url, VersionedRegionState? known, CancellationToken cancellationToken)
    {
        using Activity? span = DeskTelemetry.Source.StartActivity("status.poll");
        span?.SetTag("status.region", WireNames.Of(region));
        PollResult result = await this.PollAsync(region, url, known, cancellationToken).ConfigureAwait(false);
        if (result.Snapshot is { } snapshot)
        {
            try
            {
                await incidents.ReconcileAsync(region, snapshot, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next poll reconciles again; the region's status itself was recorded.
                LogIncidentsFailed(logger, ex, region);
            }
        }

        string outcome = result.Outcome.Split(':')[0];
        span?.SetTag("status.outcome", outcome).SetTag("status.wrote", result.Wrote);
        DeskTelemetry.StatusPolls.Add(1, new("region", WireNames.Of(region)), new("outcome", outcome));
        return result;
    }

    async Task<PollResult> PollAsync(Region region, Uri url, VersionedRegionState? known, CancellationToken cancellationToken)
    {
        try
        {
            DateTimeOffset now = clock.GetUtcNow();
            RegionState? state = known?.State;
            FetchResult fetched = await fetcher.FetchAsync(url, state?.ETag, state?.LastModified, cancellationToken).ConfigureAwait(false);
            (RegionState? next, List<StatusHistoryEntry> history, string outcome) = this.Decide(region, state, fetched, now);
            board.Checked(region, now);
            StatusSnapshot? readable = (next ?? state) is { Health: RegionHealth.Ok } readableState ? readableState.Snapshot : null;
            if (next is null && state?.PendingNotice is null && (state?.PendingBroadcasts.Count ?? 0) == 0)
            {
                return new PollResult(region, outcome, Wrote: false) { Snapshot = readable };
            }

            next = WithOutageNotice(next ?? state!, now);
            string version = await store.SaveAsync(next, known?.Version, history, cancellationToken).ConfigureAwait(false);
            board.Record(next, now);
            if (next.PendingNotice is not null)
            {
                await this.SendNoticeAsync(next, cancellationToken).ConfigureAwait(false);
                next = next with { PendingNotice = null };
                version = await store.SaveAsync(next, version, [], cancellationToken).ConfigureAwait(false);
                board.Record(next, now);
            }

            if (next.PendingBroadcasts.Count > 0 && next.Snapshot is { } current)
            {
                foreach (StatusBroadcast broadcast in next.PendingBroadcasts)
                {
                    await subscriptions.BroadcastAsync(region, broadcast, current, cancellationToken).ConfigureAwait(false);
                }

                next = next with { PendingBroadcasts = [] };
                await store.SaveAsync(next, version, [], cancellationToken).ConfigureAwait(false);
                board.Record(next, now);
            }

            return new PollResult(region, outcome, Wrote: true) { Snapshot = readable };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One region's trouble (storage, email) never stops the others; the next poll tries again.
            LogPollFailed(logger, ex, region);
            return new PollResult(region, "error: " + ex.Message, Wrote: false);
        }
    }

    (RegionState? Next, List<StatusHistoryEntry> History, string Outcome) Decide(Region region, RegionState? state, FetchResult fetched, DateTimeOffset now)
    {
        StatusSnapshot? snapshot = null;
        string? problem = null;
        string? etag = state?.ETag, lastModified = state?.LastModified;
        switch (fetched)
        {
            case FetchResult.NotModified when state?.Snapshot is { } cached:
                snapshot = cached;
                break;
            case FetchResult.NotModified:
                problem = "304 Not Modified without a cached page";
                break;
            case FetchResult.Content content when content.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true:
                problem = $"HTML instead of JSON ({content.ContentType})";
                break;
            case FetchResult.Content content:
                (snapshot, problem) = parser.Parse(content.Body);
                (etag, lastModified) = (content.ETag, content.LastModified);
                break;
            case FetchResult.Failed failed:
                problem = failed.Reason;
                break;
        }

        if (snapshot is not null && now - snapshot.PageUpdatedAt > options.StaleAfter)
        {
            problem = $"the page has not changed since {snapshot.PageUpdatedAt:u}";
            snapshot = null;
        }

        if (problem is not null)
        {
            if (state?.Health == RegionHealth.Unknown)
            {
                return (null, [], "unknown (streak continues): " + problem);
            }

            // First failure of a streak: recorded and logged once; the last good snapshot stays.
            LogRegionUnknown(logger, region, problem);
            RegionState unknown = (state ?? Empty(region, now)) with { Health = RegionHealth.Unknown, UnknownReason = problem, UnknownSince = now, ChangedAt = now };
            return (unknown, [new StatusHistoryEntry(region, now, StatusChangeKind.BecameUnknown, $"Status unknown: {problem}")], "unknown: " + problem);
        }

        IReadOnlyList<StatusChange> changes = StatusChanges.Between(state?.Snapshot, snapshot!);
        var history = changes.Select(c => new StatusHistoryEntry(region, now, c.Kind, c.Summary, c.Indicator)).ToList();

        // The first snapshot ever read is no change to anyone: subscribers hear from the second on.
        string[] told = state?.Snapshot is { } before ? [.. changes.Where(c => StatusChanges.MattersToSubscribers(c, before)).Select(c => c.Summary)] : [];
        if (state?.Health == RegionHealth.Unknown)
        {
            LogRegionRecovered(logger, region);
            history.Insert(0, new StatusHistoryEntry(region, now, StatusChangeKind.Recovered, $"Status readable again after: {state.UnknownReason}"));
        }

        if (history.Count == 0)
        {
            return (null, [], fetched is FetchResult.NotModified ? "not modified" : "unchanged");
        }

        RegionState next = (state ?? Empty(region, now)) with
        {
            Snapshot = snapshot,
            Health = RegionHealth.Ok,
            UnknownReason = null,
            UnknownSince = null,
            ChangedAt = now,
            ETag = etag,
            LastModified = lastModified,
            PendingBroadcasts = told.Length == 0
                ? state?.PendingBroadcasts ?? []
                : [.. state?.PendingBroadcasts ?? [], new StatusBroadcast($"{WireNames.Of(region)}-{now.UtcTicks}", now, told)],
        };
        return (next, history, "changed");
    }

    static RegionState WithOutageNotice(RegionState state, DateTimeOffset now)
    {
        if (state.Health != RegionHealth.Ok || state.Snapshot is null)
        {
            return state;
        }

        string ticks = now.UtcTicks.ToString(CultureInfo.InvariantCulture);
        return (state.Snapshot.IsOutage, state.OutageNotified) switch
        {
            (true, false) => state with { OutageNotified = true, PendingNotice = "outage." + ticks },
            (false, true) => state with { OutageNotified = false, PendingNotice = "recovery." + ticks },
            _ => state,
        };
    }

    /// <summary>
    /// Notes the outage (or recovery) on every open ticket of the region, then emails staff the list. The notes have
    /// IDs fixed by the notice, so a poll that repeats a notice after a crash writes each note once.
    /// </summary>
    async Task SendNoticeAsync(RegionState state, CancellationToken cancellationToken)
    {
        IReadOnlyList<OpenTicketEntry> open = await openTickets.ListAsync(state.Region, cancellationToken).ConfigureAwait(false);
        TicketEvent note = StatusEmails.TimelineNote(state);
        await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, (ticket, ct) =>
            new ValueTask(tickets.AppendEventAsync(ticket.TicketId, note, ct))).ConfigureAwait(false);
        await email.SendAsync(StatusEmails.Notice(state, open, escalation, links), cancellationToken).ConfigureAwait(false);
    }

    static RegionState Empty(Region region, DateTimeOffset now) =>
        new(region, null, RegionHealth.Ok, null, null, now, null, null, OutageNotified: false, PendingNotice: null);

    [LoggerMessage(Level = LogLevel.Error, Message = "Status of region {Region} is unknown: {Reason}. Logged once until it recovers.")]
    private static partial void LogRegionUnknown(ILogger logger, Region region, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Status of region {Region} is readable again.")]
    private static partial void LogRegionRecovered(ILogger logger, Region region);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping the incidents of region {Region} in step with its status page failed; the next poll tries again.")]
    private static partial void LogIncidentsFailed(ILogger logger, Exception error, Region region);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling region {Region} failed; the next poll tries again.")]
    private static partial void LogPollFailed(ILogger logger, Exception error, Region region);
}
