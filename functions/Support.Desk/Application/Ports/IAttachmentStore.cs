using Support.Desk.Domain.Attachments;

namespace Support.Desk.Application.Ports;

/// <summary>An attachment's bytes, opened for reading.</summary>
public sealed record AttachmentContent(Stream Content, string FileName, string ContentType, long Size);

/// <summary>Where attachments live (Blob Storage): one object per ticket and content hash.</summary>
public interface IAttachmentStore
{
    /// <summary>Stores the attachment; storing the same one again changes nothing.</summary>
    Task SaveAsync(string ticketId, InspectedAttachment attachment, CancellationToken cancellationToken);

    Task<AttachmentContent?> OpenAsync(string ticketId, string attachmentId, CancellationToken cancellationToken);
}
