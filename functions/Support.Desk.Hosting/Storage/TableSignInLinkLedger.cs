using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Used sign-in links: a link's first use inserts its row; a second use finds it (409) and is refused. Rows are
/// partitioned by the day the link expires (<see cref="DayPartitions"/>), so housekeeping drops whole days once no
/// link of them can be presented again. Addresses that have signed in are kept apart, one small row each.
/// </summary>
public sealed class TableSignInLinkLedger(Tables tables, IOptions<StorageOptions> options) : ISignInLinkLedger
{
    public const string PartitionKind = "used-link";
    const string SignedInPartition = "signed-in-address";

    public async Task<bool> TryUseAsync(string linkId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(new TableEntity(DayPartitions.Key(PartitionKind, expiresAt), linkId) { ["Expires"] = expiresAt }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task MarkSignedInAsync(string email, DateTimeOffset at, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(SignedInPartition, AddressId(email)) { ["LastSignIn"] = at }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> HasSignedInAsync(string email, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        return (await table.GetEntityIfExistsAsync<TableEntity>(SignedInPartition, AddressId(email), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue;
    }

    static string AddressId(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())))[..32];

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.SupportCenterTable, cancellationToken);
}
