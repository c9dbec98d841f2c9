using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace Support.Desk.Hosting.Storage;

/// <summary>Table clients, each table created once per process on first use rather than on every call.</summary>
public sealed class Tables
{
    readonly TableServiceClient service;
    readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tables = new(StringComparer.Ordinal);

    public Tables(IOptions<StorageOptions> options)
    {
        StorageOptions o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            this.service = new TableServiceClient(o.ConnectionString);
        }
        else if (o.TableServiceUri is not null)
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = o.ManagedIdentityClientId });
            this.service = new TableServiceClient(o.TableServiceUri, credential);
        }
        else
        {
            throw new OptionsValidationException(
                StorageOptions.SectionName, typeof(StorageOptions), ["Set Storage:ConnectionString, Storage:TableServiceUri or AzureWebJobsStorage."]);
        }
    }

    public Task<TableClient> GetAsync(string tableName, CancellationToken cancellationToken) =>
        this.tables.GetOrAdd(tableName, name => new Lazy<Task<TableClient>>(() => this.CreateAsync(name, cancellationToken))).Value;

    async Task<TableClient> CreateAsync(string tableName, CancellationToken cancellationToken)
    {
        TableClient client = this.service.GetTableClient(tableName);
        try
        {
            await client.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Let the next caller try again instead of caching the failure.
            this.tables.TryRemove(tableName, out _);
            throw;
        }

        return client;
    }
}
