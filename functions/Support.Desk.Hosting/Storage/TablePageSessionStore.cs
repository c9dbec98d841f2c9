using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Domain;
using Support.Desk.Hosting.Pages;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Page sessions in the Support Center table: partition <c>session-{issue day}</c>, row key the session's random ID,
/// so reading one is a point read. A person's sessions carry a hash of who they are, so "sign out everywhere" is a
/// filtered read of the (at most two) partitions a current session can be in.
/// </summary>
public sealed class TablePageSessionStore(Tables tables, IOptions<StorageOptions> options) : IPageSessionStore
{
    public const string PartitionKind = "session";

    public async Task CreateAsync(StoredPageSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        await table.AddEntityAsync(new TableEntity(DayPartitions.Key(PartitionKind, session.Day), session.Id)
        {
            ["Kind"] = WireNames.Of(session.Kind),
            ["Subject"] = session.Subject,
            ["SubjectId"] = SubjectId(session.Kind, session.Subject),
            ["Tenant"] = session.Tenant,
            ["Method"] = WireNames.Of(session.Method),
            ["Credential"] = session.Credential,
            ["IssuedAt"] = session.IssuedAt,
            ["ExpiresAt"] = session.ExpiresAt,
            ["LastSeen"] = session.LastSeen,
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredPageSession?> FindAsync(string day, string id, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(DayPartitions.Key(PartitionKind, day), id, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue || row.Value is not { } entity
            || !WireNames.TryParse(entity.GetString("Kind"), out PageSessionKind kind) || !WireNames.TryParse(entity.GetString("Method"), out SignInMethod method))
        {
            return null;
        }

        return new StoredPageSession(day, id, kind, entity.GetString("Subject") ?? string.Empty, entity.GetString("Tenant"), method, entity.GetString("Credential"),
            entity.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue, entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
            entity.GetDateTimeOffset("LastSeen") ?? DateTimeOffset.MinValue);
    }

    public async Task TouchAsync(StoredPageSession session, DateTimeOffset seen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Only while the row exists (ETag *): a touch must never bring back a session that was just ended.
            await table.UpdateEntityAsync(new TableEntity(DayPartitions.Key(PartitionKind, session.Day), session.Id) { ["LastSeen"] = seen },
                ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Ended meanwhile.
        }
    }

    public async Task EndAsync(string day, string id, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        await table.DeleteEntityAsync(DayPartitions.Key(PartitionKind, day), id, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> EndAllAsync(PageSessionKind kind, string subject, IReadOnlyList<string> days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(days);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        string subjectId = SubjectId(kind, subject);
        int ended = 0;
        foreach (string day in days)
        {
            string filter = TableClient.CreateQueryFilter($"PartitionKey eq {DayPartitions.Key(PartitionKind, day)} and SubjectId eq {subjectId}");
            await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                ended++;
            }
        }

        return ended;
    }

    static string SubjectId(PageSessionKind kind, string subject) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WireNames.Of(kind) + "|" + subject.ToLowerInvariant())))[..32];

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.SupportCenterTable, cancellationToken);
}
