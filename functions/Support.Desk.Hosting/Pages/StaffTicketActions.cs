using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// The forms of a staff ticket page, one row each: the action's name in <c>/staff/tickets/{id}/{action}</c>, what
/// the page says once it is done, and the use case it runs with the form's fields (through the API's own readers, so
/// a form validates exactly as the API does). A name that is not a row is a 404: there is no default action.
/// </summary>
public sealed class StaffTicketActions(PageGate gate, TicketCommands commands, StaffTicketPage page)
{
    /// <summary>One staff action: its name, its confirmation, and the command it runs.</summary>
    public sealed record StaffTicketAction(string Name, string Done, Func<TicketCommands, Caller, string, StaffForm, CancellationToken, Task<CommandResult>> Run);

    /// <summary>A posted staff form, with the adapter that hands its fields to the API's readers and keeps what they refused.</summary>
    public sealed record StaffForm(IFormCollection Fields, FormCommand Command)
    {
        public string this[string name] => this.Fields[name].ToString();

        /// <summary>The JSON body the API would take, of the fields given and not empty.</summary>
        public JsonObject Body(params string[] names)
        {
            var body = new JsonObject();
            foreach (string name in names.Where(n => this[n].Length > 0))
            {
                body[name] = this[name];
            }

            return body;
        }
    }

    public static readonly FrozenDictionary<string, StaffTicketAction> All = new StaffTicketAction[]
    {
        new("reply", "Reply sent; the response clock is satisfied.", (commands, caller, id, form, ct) =>
            commands.RespondAsync(caller, id, form.Command.Reader(TicketCommandReaders.Response, new JsonObject { ["kind"] = "reply", ["body"] = form["body"] }), ct)),
        new("request-info", "Information requested; the clock is paused until the customer answers.", (commands, caller, id, form, ct) =>
            commands.RespondAsync(caller, id, form.Command.Reader(TicketCommandReaders.Response, new JsonObject { ["kind"] = "request-info", ["body"] = form["body"] }), ct)),
        new("resolution", "Resolution proposed; the customer is asked to confirm.", (commands, caller, id, form, ct) =>
            commands.ProposeResolutionAsync(caller, id, form.Command.Reader(TicketCommandReaders.Resolution, new JsonObject { ["summary"] = form["summary"] }), ct)),
        new("update", "Update posted; the customer sees it.", (commands, caller, id, form, ct) =>
            commands.AddUpdateAsync(caller, id, form.Command.Reader(TicketCommandReaders.Update, new JsonObject { ["role"] = "agent", ["body"] = form["body"], ["internal"] = false }), ct)),
        new("note", "Internal note added.", (commands, caller, id, form, ct) =>
            commands.AddUpdateAsync(caller, id, form.Command.Reader(TicketCommandReaders.Update, new JsonObject { ["role"] = "agent", ["body"] = form["body"], ["internal"] = true }), ct)),
        new("assignment", "Severity and assignee saved.", (commands, caller, id, form, ct) =>
            commands.ReassignAsync(caller, id, form.Command.Reader(TicketCommandReaders.Reassign, form.Body("severity", "assignee")), ct)),
        new("assign-to-me", "The ticket is yours.", (commands, caller, id, form, ct) =>
            commands.ReassignAsync(caller, id, form.Command.Reader(TicketCommandReaders.Reassign, new JsonObject { ["assignee"] = TicketCommands.AssignToMe }), ct)),
        new("revoke-access", "Earlier links stopped working; the requester was sent a fresh one.", (commands, caller, id, _, ct) =>
            commands.RevokeAccessAsync(caller, id, ct)),
    }.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    public Task<IResult> PostAsync(HttpRequest request, string ticketId, string action, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            if (!All.TryGetValue(action, out StaffTicketAction? row))
            {
                return PageLayout.Error(request, StatusCodes.Status404NotFound, "action-not-found", "No such action.",
                    $"A ticket page takes {string.Join(", ", All.Keys.Order(StringComparer.Ordinal))}.");
            }

            (StaffSession? session, IFormCollection? fields, IResult? refused) = await gate.RequireStaffFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            var form = new StaffForm(fields!, new FormCommand());
            CommandResult result = await row.Run(commands, session.Caller, ticketId, form, cancellationToken).ConfigureAwait(false);
            string back = DeskLinks.PathOf(SupportDeskRoutes.StaffTicketPageTemplate, ("ticketId", ticketId));
            return result switch
            {
                CommandResult.Done => PageLayout.SeeOther(request, back + "?done=" + action),
                CommandResult.Unreadable when form.Command.Invalid is { } invalid => await page.RenderAsync(request, session, ticketId,
                    new StaffTicketPage.FormProblem(action, FormCommand.Describe(invalid), fields!), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false),
                CommandResult.Invalid bad => await page.RenderAsync(request, session, ticketId,
                    new StaffTicketPage.FormProblem(action, FormCommand.Describe(bad.Errors), fields!), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false),
                CommandResult.Conflict conflict => await page.RenderAsync(request, session, ticketId,
                    new StaffTicketPage.FormProblem(action, conflict.Reason, fields!), StatusCodes.Status409Conflict, cancellationToken).ConfigureAwait(false),
                CommandResult.Refused refusal => PageLayout.Error(request, StatusCodes.Status403Forbidden, "forbidden", "Not allowed.", refusal.Reason),
                CommandResult.Denied => PageLayout.Error(request, StatusCodes.Status403Forbidden, "forbidden", "Not allowed.", "Your session may not do this."),
                CommandResult.NotFound => StaffTicketPage.NotFound(request),
                CommandResult.Unreadable => throw new InvalidOperationException("A staff form's reader refused it without saying why."),
                _ => throw new InvalidOperationException($"Unknown command result {result.GetType().Name}."),
            };
        });
}
