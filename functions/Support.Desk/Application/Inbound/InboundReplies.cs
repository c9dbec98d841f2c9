using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Email;
using Support.Desk.Settings;

namespace Support.Desk.Application.Inbound;

/// <summary>A file attached to an inbound email.</summary>
public sealed record InboundAttachment(string FileName, byte[] Content);

/// <summary>
/// An email as the inbound provider hands it over: the From header, every recipient it was delivered to, the text
/// and HTML parts, the provider's SPF and DKIM verdicts (SendGrid's <c>SPF</c> and <c>dkim</c> fields), the envelope
/// sender, the Message-ID, and the attachments.
/// </summary>
public sealed record InboundEmail(
    string From,
    IReadOnlyList<string> Recipients,
    string? EnvelopeFrom,
    string Subject,
    string? Text,
    string? Html,
    string? Spf,
    string? Dkim,
    string? MessageId,
    IReadOnlyList<InboundAttachment> Attachments);

/// <summary>What became of an inbound email. Anything but <see cref="Posted"/> and <see cref="Repeated"/> changed nothing.</summary>
public abstract record InboundOutcome
{
    private InboundOutcome()
    {
    }

    public sealed record Posted(string TicketId, int AttachmentsStored, int AttachmentsRefused) : InboundOutcome;

    /// <summary>The same email again (the provider retried): already on the ticket.</summary>
    public sealed record Repeated(string TicketId) : InboundOutcome;

    /// <summary>Not posted, and why (logged; the sender learns nothing).</summary>
    public sealed record Dropped(string Reason) : InboundOutcome;
}

/// <summary>
/// Customers' replies by email become updates on their ticket. A reply is posted only when: it was sent to a ticket's
/// reply address with a genuine tag; SPF (with the envelope sender in the From domain) or DKIM (signed by the From
/// domain) passed; and the From address is the ticket's requester or a contact of its tenant. The text is the reply
/// without quoted history or signature (HTML converted to text when there is no text part); attachments go through
/// the same inspection and sanitizing as uploads. The update resumes a paused clock and notifies the assignee like
/// any customer update, exactly once however often the provider delivers the email (keyed by its Message-ID).
/// </summary>
public sealed partial class InboundReplies(
    ReplyAddresses replyAddresses,
    InboundEmailOptions options,
    ITicketStore store,
    ICustomerDirectory directory,
    TicketCommands commands,
    TicketAttachments attachments,
    IHtmlToText htmlToText,
    ILogger<InboundReplies> logger)
{
    public const int MaxReplyLength = 20_000;

    public async Task<InboundOutcome> ReceiveAsync(InboundEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        InboundOutcome outcome = await this.DecideAsync(email, cancellationToken).ConfigureAwait(false);
        if (outcome is InboundOutcome.Dropped dropped)
        {
            LogDropped(logger, email.MessageId ?? "(none)", dropped.Reason);
        }

        return outcome;
    }

    async Task<InboundOutcome> DecideAsync(InboundEmail email, CancellationToken cancellationToken)
    {
        if (options.Domain is not { } domain)
        {
            return new InboundOutcome.Dropped("inbound email is not set up (InboundEmail:ReplyDomain is empty)");
        }

        string[] tickets = [.. email.Recipients.Select(r => replyAddresses.TicketOf(r, domain)).OfType<string>().Distinct()];
        if (tickets.Length != 1)
        {
            return new InboundOutcome.Dropped(tickets.Length == 0 ? "no genuine reply address among the recipients" : "reply addresses of several tickets");
        }

        string ticketId = tickets[0];
        if (AddressOf(email.From) is not { } from)
        {
            return new InboundOutcome.Dropped("the From header holds no address");
        }

        if (!Authenticated(from, email))
        {
            return new InboundOutcome.Dropped($"neither SPF nor DKIM passed for {ContactAddresses.DomainOf(from)}");
        }

        if (await store.LoadAsync(ticketId, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return new InboundOutcome.Dropped("the ticket does not exist");
        }

        Ticket ticket = stored.Ticket;
        bool requester = string.Equals(ticket.Submission.Requester.Email, from, StringComparison.OrdinalIgnoreCase);
        if (!requester && directory.FindContact(from)?.Tenant != ticket.Submission.Tenant)
        {
            return new InboundOutcome.Dropped("the sender is neither the ticket's requester nor a contact of its tenant");
        }

        string body = ReplyText.Extract(!string.IsNullOrWhiteSpace(email.Text) ? email.Text : email.Html is { Length: > 0 } html ? htmlToText.Convert(html) : null);
        if (body.Length == 0 && email.Attachments.Count == 0)
        {
            return new InboundOutcome.Dropped("the reply is empty once the quoted history is removed");
        }

        if (body.Length > MaxReplyLength)
        {
            body = body[..MaxReplyLength] + "\n[… cut at 20,000 characters]";
        }

        if (body.Length == 0)
        {
            body = "(files attached by email)";
        }

        // The sender proved the address (SPF or DKIM) and the reply address proved the ticket: they act as the
        // ticket's customer, recorded under their own address.
        var caller = Caller.ForContact(new CustomerContact(from, ticket.Submission.Tenant));
        CommandResult result = await commands.AddEmailedUpdateAsync(caller, ticketId, body, ReplyIdOf(email), cancellationToken).ConfigureAwait(false);
        if (result is not CommandResult.Done done)
        {
            return new InboundOutcome.Dropped(result is CommandResult.Conflict conflict ? conflict.Reason : "the ticket did not take the update (" + result.GetType().Name + ")");
        }

        // Also when repeated: a delivery that died after the update but before its files stores them now, and a file
        // already on the ticket is recognised by its content and not added twice.
        int storedFiles = 0, refused = 0;
        foreach (InboundAttachment file in email.Attachments)
        {
            AttachmentResult saved = await attachments.ReceiveAsync(caller, ticketId, _ => Task.FromResult<byte[]?>(file.Content), file.FileName, cancellationToken).ConfigureAwait(false);
            if (saved is AttachmentResult.Stored)
            {
                storedFiles++;
            }
            else
            {
                refused++;
                LogAttachmentRefused(logger, file.FileName, ticketId, saved.GetType().Name);
            }
        }

        return done.Repeated ? new InboundOutcome.Repeated(ticketId) : new InboundOutcome.Posted(ticketId, storedFiles, refused);
    }

    /// <summary>The bare address of a From header ("Jane Doe &lt;jane@acme.example&gt;"), normalised.</summary>
    static string? AddressOf(string from) =>
        MailAddress.TryCreate(from?.Trim() ?? string.Empty, out MailAddress? parsed) ? ContactAddresses.Normalize(parsed.Address) : null;

    /// <summary>
    /// SPF counts when it passed for an envelope sender in the From domain (or a subdomain of it); DKIM when a signature
    /// of the From domain (or a parent of it) passed. Either is enough, as DMARC has it.
    /// </summary>
    internal static bool Authenticated(string from, InboundEmail email)
    {
        string fromDomain = ContactAddresses.DomainOf(from);
        bool Aligned(string domain) => fromDomain.Equals(domain, StringComparison.OrdinalIgnoreCase)
            || fromDomain.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase)
            || domain.EndsWith("." + fromDomain, StringComparison.OrdinalIgnoreCase);
        bool spf = string.Equals(email.Spf?.Trim(), "pass", StringComparison.OrdinalIgnoreCase)
            && ContactAddresses.Normalize(email.EnvelopeFrom) is { } envelope && Aligned(ContactAddresses.DomainOf(envelope));
        return spf || DkimPasses(email.Dkim).Any(Aligned);
    }

    /// <summary>The domains whose DKIM signature passed, from SendGrid's field: <c>{@acme.example : pass, @mailer.example : fail}</c>.</summary>
    internal static IEnumerable<string> DkimPasses(string? dkim)
    {
        foreach (string entry in (dkim ?? string.Empty).Trim().TrimStart('{').TrimEnd('}').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = entry.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[1].Equals("pass", StringComparison.OrdinalIgnoreCase) && parts[0].TrimStart('@') is { Length: > 0 } domain)
            {
                yield return domain.ToLowerInvariant();
            }
        }
    }

    /// <summary>The reply's identity for exactly-once: its Message-ID; without one, its content.</summary>
    static string ReplyIdOf(InboundEmail email)
    {
        string identity = email.MessageId is { Length: > 0 } id ? "id:" + id.Trim() : "content:" + email.From + "\n" + email.Subject + "\n" + email.Text + "\n" + email.Html;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..24];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound email {MessageId} was not posted: {Reason}.")]
    private static partial void LogDropped(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attachment {FileName} of an emailed reply to {TicketId} was not stored ({Outcome}).")]
    private static partial void LogAttachmentRefused(ILogger logger, string fileName, string ticketId, string outcome);
}
