using Microsoft.Extensions.Logging;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Incidents;
using Support.Desk.Domain.Status;
using Support.Desk.Settings;

namespace Support.Desk.Application.Incidents;

/// <summary>
/// Keeps the desk's incidents in step with each region's status page, on every poll that read the page: an incident
/// the page lists (major or critical, or every one, per <see cref="IncidentOptions.OpenFromStatusPage"/>) opens a desk
/// incident and links the region's open tickets; its status changes go into the incident's history; once the page no
/// longer lists it, the desk incident resolves and each linked ticket is proposed the resolution. By state, not by
/// change: a poll after a crash finds what the one before did not finish, and every step is idempotent (the incident's
/// ID derives from the page's, its link and resolution broadcasts have fixed keys).
/// </summary>
public sealed partial class StatusPageIncidentSync(
    IncidentDesk desk,
    IncidentBoard board,
    IIncidentStore store,
    IncidentOptions options,
    TimeProvider clock,
    ILogger<StatusPageIncidentSync> logger)
{
    /// <summary>Who the timeline says acted when the status page opened, updated or resolved an incident.</summary>
    public const string Actor = "status-page";

    /// <summary>Page incidents whose desk incident staff resolved while the page still lists them: not opened again, not looked up every poll.</summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> settled = new(StringComparer.Ordinal);

    public async Task ReconcileAsync(Region region, StatusSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        DateTimeOffset now = clock.GetUtcNow();
        Incident[] fromThisPage = [.. (await board.OpenAsync(cancellationToken).ConfigureAwait(false))
            .Where(i => i.Origin == IncidentOrigin.StatusPage && i.Regions.Contains(region))];
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (StatusIncident reported in snapshot.Incidents)
        {
            string id = IncidentIds.FromStatusPage(region, reported.Id);
            listed.Add(id);
            string state = $"{reported.Status}, {reported.Impact} impact";
            if (fromThisPage.FirstOrDefault(i => i.Id == id) is { } known)
            {
                if (known.StatusPageState != state)
                {
                    await this.RecordStateAsync(id, reported, state, now, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (this.Opens(reported) && !this.settled.ContainsKey(id))
            {
                var incident = new Incident(id, OneLine(reported.Name), [region], [], IncidentOrigin.StatusPage, IncidentStatus.Open, now, Actor, 0)
                {
                    StatusPageIncidentId = reported.Id,
                    StatusPageState = state,
                };
                if (await desk.OpenFromStatusPageAsync(incident, cancellationToken).ConfigureAwait(false) is IncidentResult.Opened opened)
                {
                    if (!opened.Incident.IsOpen)
                    {
                        this.settled[id] = true;
                    }
                    else if (!opened.Repeated)
                    {
                        LogOpened(logger, id, region, incident.Title);
                    }
                }
            }
        }

        foreach (Incident over in fromThisPage.Where(i => !listed.Contains(i.Id)))
        {
            LogResolved(logger, over.Id, region);
            await desk.ResolveFromStatusPageAsync(over.Id,
                $"The {Regions.DisplayName(region)} status page reports the incident \"{over.Title}\" resolved. If your issue continues, tell us and we will look into it on its own.",
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A page's incident name as a title: one line (it goes into email subjects), at most 200 characters.</summary>
    static string OneLine(string name)
    {
        string line = string.Join(' ', name.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        line = new string([.. line.Where(c => !char.IsControl(c))]);
        return line.Length == 0 ? "Status page incident" : line.Length <= IncidentCommandReaders.MaxTitleLength ? line : line[..IncidentCommandReaders.MaxTitleLength];
    }

    bool Opens(StatusIncident reported) => options.OpenFromStatusPage switch
    {
        StatusPageIncidents.Off => false,
        StatusPageIncidents.MajorOrCritical => reported.Impact is "major" or "critical",
        StatusPageIncidents.Every => true,
        _ => throw new InvalidOperationException($"Unknown setting {options.OpenFromStatusPage}."),
    };

    async Task RecordStateAsync(string id, StatusIncident reported, string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await store.LoadAsync(id, cancellationToken).ConfigureAwait(false) is not { } loaded || loaded.Incident.StatusPageState == state)
        {
            return;
        }

        Incident next = loaded.Incident with { StatusPageState = state };
        if (await store.TryUpdateAsync(next, loaded.Version, [new IncidentHistoryEntry(now, $"Status page: \"{reported.Name}\" is {state}.")], cancellationToken).ConfigureAwait(false) is not null)
        {
            board.Saved(next);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId} opened from the {Region} status page: {Name}.")]
    private static partial void LogOpened(ILogger logger, string incidentId, Region region, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId} resolved: the {Region} status page no longer lists it.")]
    private static partial void LogResolved(ILogger logger, string incidentId, Region region);
}
