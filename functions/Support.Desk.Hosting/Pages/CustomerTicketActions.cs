using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Attachments;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// The posts of a customer's ticket page, <c>/tickets/{id}/{action}</c>: <see cref="Open"/> (the link's token, from the
/// fragment), <see cref="Attach"/> (a file, multipart), and the form commands, one row each in <see cref="Commands"/>
/// (the name, what the page says once it is done, the use case it runs through the API's readers). Any other name is
/// a 404: there is no default action.
/// </summary>
public sealed class CustomerTicketActions(PageGate gate, TicketCommands commands, TicketAttachments attachments, TicketQueries queries, CustomerTicketPage ticketPage)
{
    public const string Open = "open";
    public const string Attach = "attach";

    /// <summary>One form command of the customer's ticket page.</summary>
    public sealed record CustomerTicketCommand(string Name, string Done, Func<TicketCommands, Caller, string, IFormCollection, FormCommand, CancellationToken, Task<CommandResult>> Run);

    public static readonly FrozenDictionary<string, CustomerTicketCommand> Commands = new CustomerTicketCommand[]
    {
        new("update", "Thank you: your update is on the ticket, and the support engineer has been told.", (commands, caller, id, form, reader, ct) =>
            commands.AddUpdateAsync(caller, id, reader.Reader(TicketCommandReaders.Update, new JsonObject { ["body"] = form["body"].ToString() }), ct)),
        new("resolved", "Thank you for confirming. The ticket is closed.", (commands, caller, id, form, reader, ct) =>
            commands.ConfirmAsync(caller, id, reader.Reader(TicketCommandReaders.Confirmation, Confirmation(form, resolved: true)), ct)),
        new("not-resolved", "Thank you: the ticket is open again, and a support engineer will respond.", (commands, caller, id, form, reader, ct) =>
            commands.ConfirmAsync(caller, id, reader.Reader(TicketCommandReaders.Confirmation, Confirmation(form, resolved: false)), ct)),
    }.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    static JsonObject Confirmation(IFormCollection form, bool resolved) => form["comment"].ToString() is { Length: > 0 } comment
        ? new JsonObject { ["resolved"] = resolved, ["comment"] = comment }
        : new JsonObject { ["resolved"] = resolved };

    public Task<IResult> PostAsync(HttpRequest request, string ticketId, string action, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            string back = DeskLinks.PathOf(SupportDeskRoutes.CustomerTicketPageTemplate, ("ticketId", ticketId));
            if (action == Attach)
            {
                return await AttachAsync(request, ticketId, back, cancellationToken).ConfigureAwait(false);
            }

            CustomerTicketCommand? command = null;
            if (action != Open && !Commands.TryGetValue(action, out command))
            {
                return PageLayout.Error(request, StatusCodes.Status404NotFound, "action-not-found", "No such action.",
                    $"A ticket page takes {Open}, {Attach}, {string.Join(", ", Commands.Keys.Order(StringComparer.Ordinal))}.");
            }

            IFormCollection? form = await PageAccess.ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (form is null)
            {
                return PageLayout.Error(request, StatusCodes.Status415UnsupportedMediaType, "not-a-form", "Not a form.",
                    "Ticket pages take HTML form posts (application/x-www-form-urlencoded) of at most 128 KiB.");
            }

            if (command is null)
            {
                return await OpenAsync(request, ticketId, form, back, cancellationToken).ConfigureAwait(false);
            }

            if (await ticketPage.AccessOfAsync(request, ticketId, cancellationToken).ConfigureAwait(false) is not { } access || !access.Accepts(form))
            {
                return PageAccess.Forgery(request);
            }

            var reader = new FormCommand();
            CommandResult result = await command.Run(commands, access.Caller, ticketId, form, reader, cancellationToken).ConfigureAwait(false);
            return result switch
            {
                CommandResult.Done => PageLayout.SeeOther(request, back + "?done=" + action),
                CommandResult.Unreadable when reader.Invalid is { } invalid =>
                    await ticketPage.RenderAsync(request, ticketId, access, (action, FormCommand.Describe(invalid), form), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false),
                CommandResult.Conflict conflict =>
                    await ticketPage.RenderAsync(request, ticketId, access, (action, conflict.Reason, form), StatusCodes.Status409Conflict, cancellationToken).ConfigureAwait(false),
                _ => ticketPage.Gone(request, ticketId),
            };
        });

    /// <summary>
    /// A file from the page (multipart, the anti-forgery field first, then the file). The token is checked before a
    /// byte of the file is read, and the file goes through the same path as the API's uploads: the ticket's state
    /// and attachment count checked first, an upload turn, the size cap, inspection and sanitizing.
    /// </summary>
    async Task<IResult> AttachAsync(HttpRequest request, string ticketId, string page, CancellationToken cancellationToken)
    {
        if (await ticketPage.AccessOfAsync(request, ticketId, cancellationToken).ConfigureAwait(false) is not { } access || gate.MultipartOf(request) is not { } reader)
        {
            return PageAccess.Forgery(request);
        }

        MultipartSection? section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        string? formToken = null;
        if (section?.GetContentDispositionHeader() is { } field && field.Name.Value == PageSessions.FormField && !field.IsFileDisposition())
        {
            byte[]? value = await CappedReader.ReadAsync(section.Body, 512, null, cancellationToken).ConfigureAwait(false);
            formToken = value is null ? null : System.Text.Encoding.UTF8.GetString(value);
        }

        var tokenForm = new FormCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { [PageSessions.FormField] = formToken ?? string.Empty });
        if (formToken is null || !access.Accepts(tokenForm))
        {
            return PageAccess.Forgery(request);
        }

        section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        if (section?.GetContentDispositionHeader() is not { } file || !file.IsFileDisposition() || file.FileName.Value is not { Length: > 0 } fileName)
        {
            return await ticketPage.RenderAsync(request, ticketId, access, ("attach", "Choose a file to attach.", tokenForm), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        AttachmentResult result = await attachments.ReceiveAsync(access.Caller, ticketId,
            ct => CappedReader.ReadAsync(section.Body, AttachmentInspector.MaxUploadBytes, null, ct), fileName, cancellationToken).ConfigureAwait(false);
        string? problem = result switch
        {
            AttachmentResult.Stored => null,
            AttachmentResult.TooLarge => $"The file is too large: screenshots and logs may be at most {AttachmentInspector.MaxScreenshotBytes / (1024 * 1024)} MiB, HTTP traces {AttachmentInspector.MaxTraceBytes / (1024 * 1024)} MiB.",
            AttachmentResult.Busy => "We are checking other files right now; please try again in a minute.",
            AttachmentResult.Rejected rejected => rejected.Rejection.Detail,
            AttachmentResult.Conflict conflict => conflict.Reason,
            _ => string.Empty,
        };
        return problem switch
        {
            null => PageLayout.SeeOther(request, page + "?done=attach"),
            { Length: 0 } => ticketPage.Gone(request, ticketId),
            _ => await ticketPage.RenderAsync(request, ticketId, access, ("attach", problem, tokenForm), result is AttachmentResult.Rejected r ? r.Rejection.Status : StatusCodes.Status409Conflict, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The token from the link's fragment: checked against the ticket, then remembered for this ticket only.</summary>
    async Task<IResult> OpenAsync(HttpRequest request, string ticketId, IFormCollection form, string page, CancellationToken cancellationToken)
    {
        // Setting a ticket's cookie from another site would seat the victim inside the attacker's ticket: the post must show it comes from this page.
        if (!gate.Sessions.IsSameOrigin(request, requireEvidence: true))
        {
            return PageAccess.Forgery(request);
        }

        string token = form["token"].ToString();
        if (!token.StartsWith(TicketAccessTokens.Prefix, StringComparison.Ordinal) || token.Length > 256)
        {
            return ticketPage.Gone(request, ticketId);
        }

        if (await queries.GetAsync(Caller.ForTicketHolder(token), ticketId, cancellationToken).ConfigureAwait(false) is not TicketLookup.Found)
        {
            return ticketPage.Gone(request, ticketId);
        }

        gate.Sessions.RememberTicket(request, ticketId, token);
        string query = form["query"].ToString();
        return PageLayout.SeeOther(request, page + (query is "confirm=resolved" or "confirm=not-resolved" ? "?" + query : string.Empty));
    }
}
