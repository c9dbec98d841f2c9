using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Domain.Attachments;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Attachments in a private blob container, one blob per ticket and content hash
/// (<c>{ticketId}/{attachmentId}</c>), with the content type and display name the inspection settled on.
/// </summary>
public sealed class BlobAttachmentStore : IAttachmentStore
{
    readonly BlobContainerClient container;
    Task? creation;

    public BlobAttachmentStore(IOptions<StorageOptions> options)
    {
        StorageOptions o = options.Value;
        BlobServiceClient service;
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            service = new BlobServiceClient(o.ConnectionString);
        }
        else if (o.BlobServiceUri is not null)
        {
            service = new BlobServiceClient(o.BlobServiceUri, new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = o.ManagedIdentityClientId }));
        }
        else
        {
            throw new OptionsValidationException(
                StorageOptions.SectionName, typeof(StorageOptions), ["Set Storage:ConnectionString, Storage:BlobServiceUri or AzureWebJobsStorage."]);
        }

        this.container = service.GetBlobContainerClient(o.AttachmentsContainer);
    }

    public async Task SaveAsync(string ticketId, InspectedAttachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        await this.EnsureContainerAsync().ConfigureAwait(false);
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = attachment.ContentType },
            Metadata = new Dictionary<string, string>
            {
                ["kind"] = WireNames.Of(attachment.Kind),
                ["filename"] = attachment.FileName,
                ["redactions"] = attachment.Redactions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };

        // The name is the content's hash: a retried upload writes the same bytes again, harmlessly.
        await this.container.GetBlobClient(BlobName(ticketId, attachment.Id))
            .UploadAsync(new BinaryData(attachment.Content), upload, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AttachmentContent?> OpenAsync(string ticketId, string attachmentId, CancellationToken cancellationToken)
    {
        await this.EnsureContainerAsync().ConfigureAwait(false);
        try
        {
            Response<BlobDownloadStreamingResult> download = await this.container.GetBlobClient(BlobName(ticketId, attachmentId))
                .DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            BlobDownloadDetails details = download.Value.Details;
            string fileName = details.Metadata.TryGetValue("filename", out string? name) ? name : attachmentId;
            return new AttachmentContent(download.Value.Content, fileName, details.ContentType, details.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    static string BlobName(string ticketId, string attachmentId) => $"{ticketId}/{attachmentId}";

    /// <summary>Creates the container once per process; a failure is not cached, so the next call tries again.</summary>
    Task EnsureContainerAsync() => this.creation ??= this.CreateContainerAsync();

    async Task CreateContainerAsync()
    {
        try
        {
            await this.container.CreateIfNotExistsAsync(PublicAccessType.None).ConfigureAwait(false);
        }
        catch
        {
            this.creation = null;
            throw;
        }
    }
}
