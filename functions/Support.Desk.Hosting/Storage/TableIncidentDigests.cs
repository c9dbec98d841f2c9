using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Digest entries in one table, partition <c>{incident}|{level}</c>: a row per notice (row key its message ID, so a
/// repeated delivery adds nothing), whose <c>Digest</c> is 0 until a digest claims it, and the pair's state row.
/// Claiming is a batch of merges within the partition (a hundred a round trip).
/// </summary>
public sealed class TableIncidentDigests(Tables tables, IOptions<StorageOptions> options) : IIncidentDigests
{
    const string StateRow = "~state";
    const int BatchSize = 100;

    public async Task AddAsync(DigestEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition(entry.IncidentId, entry.Level), entry.NoticeId)
            {
                ["Incident"] = entry.IncidentId,
                ["Level"] = entry.Level,
                ["Digest"] = 0,
                ["At"] = entry.At,
                ["TicketId"] = entry.TicketId,
                ["Subject"] = entry.Subject,
                ["Tenant"] = entry.Tenant,
                ["Severity"] = WireNames.Of(entry.Severity),
                ["Plan"] = WireNames.Of(entry.Plan),
                ["Assignee"] = entry.Assignee,
                ["DueAt"] = entry.DueAt,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Added by an earlier delivery of the same notice.
        }
    }

    public async Task<IReadOnlyList<(string IncidentId, string Level)>> WithUnclaimedAsync(CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var pairs = new HashSet<(string, string)>();
        await foreach (TableEntity e in table.QueryAsync<TableEntity>("Digest eq 0 or Pending gt 0", select: ["Incident", "Level"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            pairs.Add((e.GetString("Incident"), e.GetString("Level")));
        }

        return [.. pairs];
    }

    public async Task<VersionedDigestState> LoadStateAsync(string incidentId, string level, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(incidentId, level), StateRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return new VersionedDigestState(DigestState.Empty(incidentId, level), null);
        }

        TableEntity e = row.Value!;
        int pending = e.GetInt32("Pending") ?? 0;
        return new VersionedDigestState(
            new DigestState(incidentId, level, e.GetInt32("Sent") ?? 0, e.GetDateTimeOffset("LastSentAt"), pending > 0 ? pending : null) { PendingSince = e.GetDateTimeOffset("PendingSince") },
            e.ETag.ToString());
    }

    public async Task<string?> TrySaveStateAsync(DigestState state, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition(state.IncidentId, state.Level), StateRow)
        {
            ["Incident"] = state.IncidentId,
            ["Level"] = state.Level,
            ["Sent"] = state.Sent,
            ["LastSentAt"] = state.LastSentAt,
            ["Pending"] = state.Pending ?? 0,
            ["PendingSince"] = state.PendingSince,
        };
        try
        {
            Response response = version is null
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<DigestEntry>> ClaimAsync(string incidentId, string level, int digest, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        string partition = Partition(incidentId, level);
        var unclaimed = new List<TableEntity>();
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Digest eq {0}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            unclaimed.Add(e);
        }

        foreach (TableEntity[] chunk in unclaimed.Chunk(BatchSize))
        {
            await table.SubmitTransactionAsync(
                chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(partition, e.RowKey) { ["Digest"] = digest }, ETag.All)),
                cancellationToken).ConfigureAwait(false);
        }

        var entries = new List<DigestEntry>();
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Digest eq {digest}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new DigestEntry(
                incidentId, level, e.RowKey, e.GetDateTimeOffset("At")!.Value, e.GetString("TicketId"), e.GetString("Subject"), e.GetString("Tenant"),
                WireNames.Parse<Severity>(e.GetString("Severity")), WireNames.Parse<SupportPlan>(e.GetString("Plan")), e.GetString("Assignee"), e.GetDateTimeOffset("DueAt")));
        }

        return entries;
    }

    static string Partition(string incidentId, string level) => incidentId + "|" + level;

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.IncidentDigestsTable, cancellationToken);
}
