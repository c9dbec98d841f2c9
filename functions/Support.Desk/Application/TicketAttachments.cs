using System.Diagnostics;
using System.Globalization;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Attachments;
using Support.Desk.Application.Ports;

using Support.Desk.Routes;

namespace Support.Desk.Application;

/// <summary>An attachment as the timeline lists it: who added it when, and what it is.</summary>
public sealed record ListedAttachment(string Id, DateTimeOffset At, string Actor, string Description, bool IsTrace);

/// <summary>A stored attachment as the API describes it.</summary>
public sealed record AttachmentInfo(string TicketId, string Id, AttachmentKind Kind, string FileName, string ContentType, long Size, int Redactions);

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

    /// <summary>The body is over the size limit (413); known before it was read when the client declared its length.</summary>
    public sealed record TooLarge : AttachmentResult;

    /// <summary>No upload turn came free in time (503 with Retry-After).</summary>
    public sealed record Busy(TimeSpan RetryAfter) : AttachmentResult;
}

/// <summary>
/// Screenshots, HTTP traces and log files on tickets. A file is inspected by content, and a trace or log sanitized,
/// before anything is stored, so their secrets never reach storage; the timeline records each attachment once.
/// </summary>
public sealed class TicketAttachments(ITicketStore store, IAttachmentStore attachments, TicketCommands commands, TicketAccess access, UploadThrottle throttle, CustomerQuotas quotas, TimeProvider clock)
{
    public const int MaxAttachmentsPerTicket = 50;

    /// <summary>
    /// Receives an upload without letting it cost more than it must: the caller's access, the ticket's state and
    /// its attachment count are checked before a byte of the body is read; the body is read (by
    /// <paramref name="readBody"/>, which answers null for a body over the limit) only inside an upload turn.
    /// </summary>
    public async Task<AttachmentResult> ReceiveAsync(
        Caller caller, string ticketId, Func<CancellationToken, Task<byte[]?>> readBody, string? fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readBody);
        if (await this.CheckAsync(caller, ticketId, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        using IDisposable? turn = await throttle.EnterAsync(cancellationToken).ConfigureAwait(false);
        if (turn is null)
        {
            return new AttachmentResult.Busy(UploadThrottle.RetryAfter);
        }

        byte[]? content = await readBody(cancellationToken).ConfigureAwait(false);
        return content is null
            ? new AttachmentResult.TooLarge()
            : await this.AddAsync(caller, ticketId, content, fileName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Null when the caller may attach a file to the ticket now; otherwise the answer.</summary>
    async Task<AttachmentResult?> CheckAsync(Caller caller, string ticketId, CancellationToken cancellationToken)
    {
        (TicketRecord? record, AttachmentResult? refused) = await this.OpenForAttachingAsync(caller, ticketId, cancellationToken).ConfigureAwait(false);
        return refused ?? ClosedOrFull(record!);
    }

    /// <summary>
    /// The ticket with its timeline in one query (access, state, and which files it already has), or why the
    /// caller may not attach to it: 401/403 before any lookup, and the same 404 for a ticket that does not exist
    /// as for one the caller's token does not open.
    /// </summary>
    async Task<(TicketRecord? Record, AttachmentResult? Refused)> OpenForAttachingAsync(Caller caller, string ticketId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (TicketAccessPolicy.Decide(caller, TicketOperation.AddAttachment) is var decision and not AccessDecision.Continue)
        {
            return (null, new AttachmentResult.Denied(decision));
        }

        TicketRecord? record = TicketIds.Normalize(ticketId) is { } id ? await store.FindRecordAsync(id, cancellationToken).ConfigureAwait(false) : null;
        return record is null || !access.MayAccess(caller, TicketOperation.AddAttachment, record.Ticket)
            ? (null, new AttachmentResult.NotFound())
            : (record, null);
    }

    static AttachmentResult.Conflict? ClosedOrFull(TicketRecord record)
    {
        if (record.Ticket.Status == TicketStatus.Closed)
        {
            return new AttachmentResult.Conflict("The ticket is closed; open a new ticket and mention this one.");
        }

        // Bounds what one ticket (or one leaked token) can put into storage.
        return record.Timeline.Count(e => e.Kind == TicketEventKind.AttachmentAdded) >= MaxAttachmentsPerTicket
            ? new AttachmentResult.Conflict($"The ticket already has {MaxAttachmentsPerTicket} attachments, the most one ticket takes.")
            : null;
    }

    /// <summary>Inspects and stores a file already read, checking the ticket again (it may have changed while the body arrived).</summary>
    public async Task<AttachmentResult> AddAsync(Caller caller, string ticketId, byte[] content, string? fileName, CancellationToken cancellationToken)
    {
        using Activity? span = DeskTelemetry.Source.StartActivity("ticket.attachment");
        (TicketRecord? found, AttachmentResult? refused) = await this.OpenForAttachingAsync(caller, ticketId, cancellationToken).ConfigureAwait(false);
        if (found is not { } record)
        {
            return refused!;
        }

        string id = record.Ticket.Id;
        if (record.Ticket.Status == TicketStatus.Closed)
        {
            return ClosedOrFull(record)!;
        }

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

        if (ClosedOrFull(record) is { } full)
        {
            return full;
        }

        // A customer's files count against their quota (what they store, after sanitizing); staff are not counted.
        if (caller.Staff is null)
        {
            await quotas.TakeAsync(QuotaKind.AttachmentBytes, caller.ActorOn(record.Ticket), record.Ticket.Submission.Tenant, cancellationToken, inspected.Content.Length).ConfigureAwait(false);
        }

        // Blob first, timeline second: a crash in between leaves an unlisted blob that a retry lists. The timeline entry
        // is saved with the ticket, so the assignee's notice of a customer's file is queued in the same write.
        await attachments.SaveAsync(id, inspected, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = clock.GetUtcNow();
        string actor = caller.ActorOn(record.Ticket);
        TicketEvent added = TicketEvent.Create(now, TicketEventKind.AttachmentAdded, actor, Describe(info), EventDiscriminator(inspected.Id));
        return await commands.RecordAttachmentAsync(caller, id, added, cancellationToken).ConfigureAwait(false) switch
        {
            CommandResult.Done => new AttachmentResult.Stored(info, AlreadyStored: false),
            CommandResult.Conflict conflict => new AttachmentResult.Conflict(conflict.Reason),
            CommandResult.Denied denied => new AttachmentResult.Denied(denied.Decision),
            _ => new AttachmentResult.NotFound(),
        };
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
        if (ticket is null || !access.MayAccess(caller, TicketOperation.ReadAttachment, ticket.Ticket))
        {
            return (null, AccessDecision.Continue);
        }

        return (await attachments.OpenAsync(id, attachmentId, cancellationToken).ConfigureAwait(false), AccessDecision.Continue);
    }

    /// <summary>The attachments of a timeline, oldest first, from the entries that recorded them.</summary>
    public static IReadOnlyList<ListedAttachment> Listed(IEnumerable<TicketEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        const string marker = "-attachment-";
        return [.. timeline.Where(e => e.Kind == TicketEventKind.AttachmentAdded && e.Id.LastIndexOf(marker, StringComparison.Ordinal) > 0).Select(e =>
        {
            string id = e.Id[(e.Id.LastIndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
            int link = e.Summary.LastIndexOf(": /", StringComparison.Ordinal);
            return new ListedAttachment(id, e.At, e.Actor, link > 0 ? e.Summary[..link] : e.Summary, e.Summary.StartsWith(TraceWord, StringComparison.Ordinal));
        })];
    }

    const string TraceWord = "HTTP trace";

    static bool IsAttachmentId(string text) => text.Length == 24 && text.All(char.IsAsciiHexDigitLower);

    static string EventDiscriminator(string attachmentId) => "attachment-" + attachmentId;

    static string Describe(AttachmentInfo a)
    {
        string what = a.Kind switch
        {
            AttachmentKind.HttpTrace => TraceWord,
            AttachmentKind.LogFile => "Log file",
            _ => "Screenshot",
        };
        string size = a.Size >= 1024 * 1024
            ? string.Create(CultureInfo.InvariantCulture, $"{a.Size / (1024.0 * 1024):0.#} MiB")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, a.Size / 1024)} KiB");
        string redacted = a.Kind is AttachmentKind.HttpTrace or AttachmentKind.LogFile ? $", {a.Redactions} value(s) redacted" : string.Empty;
        return $"{what} {a.FileName} attached ({size}{redacted}): {DeskLinks.Attachment(a.TicketId, a.Id)}";
    }
}
