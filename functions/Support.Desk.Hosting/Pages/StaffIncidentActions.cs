using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Support.Desk.Application;
using Support.Desk.Application.Incidents;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Incidents;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// The forms of an incident's page, one row each: the action's name in <c>/staff/incidents/{id}/{action}</c>, what the
/// page says once it is done, and the use case it runs with the form's fields (through the API's readers). Each form
/// carries a key made when the page was drawn, so a double submit posts once. A name that is not a row is a 404.
/// </summary>
public static class StaffIncidentActions
{
    /// <summary>The hidden field with the form's idempotency key.</summary>
    public const string KeyField = "key";

    public sealed record StaffIncidentAction(string Name, string Done, Func<IncidentDesk, Caller, string, StaffTicketActions.StaffForm, string?, CancellationToken, Task<IncidentResult>> Run);

    public static readonly FrozenDictionary<string, StaffIncidentAction> All = new StaffIncidentAction[]
    {
        new("update", "Update posted; it reaches every linked ticket (as a response) and each requester once.", (desk, caller, id, form, key, ct) =>
            desk.PostAsync(caller, id, form.Command.Reader(IncidentCommandReaders.Post, new JsonObject { ["body"] = form["body"], ["internal"] = false }), key, ct)),
        new("note", "Internal note posted on every linked ticket.", (desk, caller, id, form, key, ct) =>
            desk.PostAsync(caller, id, form.Command.Reader(IncidentCommandReaders.Post, new JsonObject { ["body"] = form["body"], ["internal"] = true }), key, ct)),
        new("resolve", "Incident resolved; every linked open ticket is proposed the resolution, and each customer confirms.", (desk, caller, id, form, key, ct) =>
            desk.ResolveAsync(caller, id, form.Command.Reader(TicketCommandReaders.Resolution, new JsonObject { ["summary"] = form["summary"] }), key, ct)),
        new("link", "Ticket linked.", (desk, caller, id, form, key, ct) =>
            desk.LinkAsync(caller, id, form.Command.Reader(IncidentCommandReaders.Link, new JsonObject { ["ticketId"] = form["ticketId"] }), key, ct)),
        new("unlink", "Ticket unlinked; it is handled on its own.", (desk, caller, id, form, key, ct) =>
            desk.UnlinkAsync(caller, id, form.Command.Reader(IncidentCommandReaders.Link, new JsonObject { ["ticketId"] = form["ticketId"] }), key, ct)),
        new("link-matching", "Linking every open ticket that matches.", (desk, caller, id, form, key, ct) =>
            desk.LinkAsync(caller, id, form.Command.Reader(IncidentCommandReaders.Link, new JsonObject { ["filter"] = form.Body(IncidentCommandReaders.FilterFields.ToArray()) }), key, ct)),
        new("unlink-matching", "Unlinking every linked ticket that matches.", (desk, caller, id, form, key, ct) =>
            desk.UnlinkAsync(caller, id, form.Command.Reader(IncidentCommandReaders.Link, new JsonObject { ["filter"] = form.Body(IncidentCommandReaders.FilterFields.ToArray()) }), key, ct)),
    }.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);
}
