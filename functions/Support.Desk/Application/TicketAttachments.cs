using System.Diagnostics;
using System.Globalization;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Attachments;

namespace Support.Desk.Application;

/// <summary>A stored attachment as the API describes it.</summary>
public sealed record AttachmentInfo(string TicketId, string Id, AttachmentKind Kind, string FileName, string ContentType, long Size, int Redactions);

/// <summary>An attachment's bytes, opened for reading.</summary>
public sealed record AttachmentContent(Stream Content, string FileName, string ContentType, long Size);

/// <summary>Where attachments live (Blob Storage): one object per ticket and content hash.</summary>
public interface IAttachmentStore
{
    /// <summary>Stores the attachment; storing the same one again changes nothing.</summary>
    Task SaveAsync(string ticketId, InspectedAttachment attachment, CancellationToken cancellationToken);

    Task<AttachmentContent?> OpenAsync(string ticketId, string attachmentId, CancellationToken cancellationToken);
}

public abstract record AttachmentResult
{
    private AttachmentResult()
    {
    }

    /// <summary>Stored now, or (<paramref name="AlreadyStored"/>) by an earlier identical upload.</summary>
    public sealed record Stored(AttachmentInfo Attachment, bool AlreadyStored) : AttachmentResult;

    public sealed record Rejected(AttachmentRejection Rejection) : AttachmentResult;

    public sealed record NotFound : AttachmentResult;

    public sealed record Denied(AccessDecision Decision) : AttachmentResult;

    public sealed record Conflict(string Reason) : AttachmentResult;
}

/// <summary>
/// Screenshots and HTTP traces on tickets. A file is inspected by content and a HAR sanitized before anything
/// is stored, so secrets in a trace never reach storage; the timeline records each attachment once.
/// </summary>
public sealed class TicketAttachments(ITicketStore store, IAttachmentStore attachments, TimeProvider clock)
{
    public const int MaxAttachmentsPerTicket = 50;

    public async Task<AttachmentResult> AddAsync(Caller caller, string ticketId, byte[] content, string? fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        using Activity? span = DeskTelemetry.Source.StartActivity("ticket.attachment");
        if (TicketAccessPolicy.Decide(caller, TicketOperation.AddAttachment) is var decision and not AccessDecision.Continue)
        {
            return new AttachmentResult.Denied(decision);
        }

        if (TicketIds.Normalize(ticketId) is not { } id)
        {
            return new AttachmentResult.NotFound();
        }

        // The ticket with its timeline in one query: access, state, and whether this file is already recorded.
        TicketRecord? record = await store.FindRecordAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || !TicketAccessPolicy.MayAccess(caller, TicketOperation.AddAttachment, record.Ticket))
        {
            return new AttachmentResult.NotFound();
        }

        if (record.Ticket.Status == TicketStatus.Closed)
        {
            return new AttachmentResult.Conflict("The ticket is closed; open a new ticket and mention this one.");
        }

        int attached = record.Timeline.Count(e => e.Kind == TicketEventKind.AttachmentAdded);

        (InspectedAttachment? inspected, AttachmentRejection? rejection) = AttachmentInspector.Inspect(content, fileName);
        if (inspected is null)
        {
            return new AttachmentResult.Rejected(rejection!);
        }

        span?.SetTag("ticket.id", id).SetTag("attachment.kind", WireNames.Of(inspected.Kind));
        var info = new AttachmentInfo(id, inspected.Id, inspected.Kind, inspected.FileName, inspected.ContentType, inspected.Content.Length, inspected.Redactions);
        string suffix = "-" + EventDiscriminator(inspected.Id);
        if (record.Timeline.Any(e => e.Kind == TicketEventKind.AttachmentAdded && e.Id.EndsWith(suffix, StringComparison.Ordinal)))
        {
            return new AttachmentResult.Stored(info, AlreadyStored: true);
        }

        if (attached >= MaxAttachmentsPerTicket)
        {
            // Bounds what one ticket (or one leaked token) can put into storage.
            return new AttachmentResult.Conflict($"The ticket already has {MaxAttachmentsPerTicket} attachments, the most one ticket takes.");
        }

        // Blob first, timeline second: a crash in between leaves an unlisted blob that a retry lists.
        await attachments.SaveAsync(id, inspected, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = clock.GetUtcNow();
        string actor = caller.Staff?.Name ?? record.Ticket.Submission.Requester.Email;
        await store.AppendEventAsync(id, TicketEvent.Create(now, TicketEventKind.AttachmentAdded, actor, Describe(info), EventDiscriminator(inspected.Id)), cancellationToken)
            .ConfigureAwait(false);
        return new AttachmentResult.Stored(info, AlreadyStored: false);
    }

    public async Task<(AttachmentContent? Content, AccessDecision Decision)> OpenAsync(Caller caller, string ticketId, string attachmentId, CancellationToken cancellationToken)
    {
        if (TicketAccessPolicy.Decide(caller, TicketOperation.ReadAttachment) is var decision and not AccessDecision.Continue)
        {
            return (null, decision);
        }

        if (TicketIds.Normalize(ticketId) is not { } id || !IsAttachmentId(attachmentId))
        {
            return (null, AccessDecision.Continue);
        }

        VersionedTicket? ticket = await store.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (ticket is null || !TicketAccessPolicy.MayAccess(caller, TicketOperation.ReadAttachment, ticket.Ticket))
        {
            return (null, AccessDecision.Continue);
        }

        return (await attachments.OpenAsync(id, attachmentId, cancellationToken).ConfigureAwait(false), AccessDecision.Continue);
    }

    public static string LocationOf(string ticketId, string attachmentId) => $"/api/tickets/{ticketId}/attachments/{attachmentId}";

    static bool IsAttachmentId(string text) => text.Length == 24 && text.All(char.IsAsciiHexDigitLower);

    static string EventDiscriminator(string attachmentId) => "attachment-" + attachmentId;

    static string Describe(AttachmentInfo a)
    {
        string what = a.Kind == AttachmentKind.HttpTrace ? "HTTP trace" : "Screenshot";
        string size = a.Size >= 1024 * 1024
            ? string.Create(CultureInfo.InvariantCulture, $"{a.Size / (1024.0 * 1024):0.#} MiB")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, a.Size / 1024)} KiB");
        string redacted = a.Kind == AttachmentKind.HttpTrace ? $", {a.Redactions} secret(s) redacted" : string.Empty;
        return $"{what} {a.FileName} attached ({size}{redacted}): {LocationOf(a.TicketId, a.Id)}";
    }
}
