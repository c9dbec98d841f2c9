using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>Used sign-in links: a link's first use inserts its row; a second use finds it (409) and is refused.</summary>
public sealed class TableSignInLinkLedger(Tables tables, IOptions<StorageOptions> options) : ISignInLinkLedger
{
    public async Task<bool> TryUseAsync(string linkId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.SupportCenterTable, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(new TableEntity("sign-in-link-" + linkId, "used") { ["Expires"] = expiresAt }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
