using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Fills an index that was added after tickets already existed, once: the fill writes idempotent rows, then a marker
/// row in the index's table says it is done, so a start that dies half-way is simply repeated by the next, and every
/// later start costs one point read.
/// </summary>
public abstract class OneTimeBackfill(Tables tables)
{
    const string MarkerRow = "backfilled-v1";

    /// <summary>What is filled, for the log ("the staff queue").</summary>
    public abstract string Index { get; }

    /// <summary>The index's table.</summary>
    protected abstract string TableName { get; }

    /// <summary>A partition of that table that its readers never query.</summary>
    protected abstract string MarkerPartition { get; }

    /// <summary>Puts every ticket from before the index into it; how many.</summary>
    protected abstract Task<int> FillAsync(CancellationToken cancellationToken);

    /// <summary>Fills the index unless the marker says it was filled; how many tickets it put in.</summary>
    public async Task<int> BackfillAsync(CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(this.TableName, cancellationToken).ConfigureAwait(false);
        if ((await table.GetEntityIfExistsAsync<TableEntity>(this.MarkerPartition, MarkerRow, cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue)
        {
            return 0;
        }

        int added = await this.FillAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(this.MarkerPartition, MarkerRow), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return added;
    }
}

/// <summary>
/// Runs the backfills in the background when a host starts, in order (My tickets' fill reads the staff queue's).
/// They are created when it runs, by the composition root's factory: a host builds its hosted services before it
/// validates the options, and the backfills' ports read validated options, so an invalid setting must fail as a
/// validation, not here.
/// </summary>
public sealed partial class BackfillsAtStart(Func<IReadOnlyList<OneTimeBackfill>> backfills, ILogger<BackfillsAtStart> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (OneTimeBackfill backfill in backfills())
        {
            try
            {
                int added = await backfill.BackfillAsync(stoppingToken).ConfigureAwait(false);
                if (added > 0)
                {
                    LogAdded(logger, added, backfill.Index);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage not reachable at start: the next start tries again; the index shows every ticket changed since.
                LogFailed(logger, ex, backfill.Index);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Put {Count} tickets from before {Index} existed into it.")]
    private static partial void LogAdded(ILogger logger, int count, string index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fill {Index} with the tickets from before it existed; the next start tries again.")]
    private static partial void LogFailed(ILogger logger, Exception error, string index);
}
