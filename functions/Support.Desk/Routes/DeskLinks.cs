using System.Text;
using Support.Desk.Settings;

namespace Support.Desk.Routes;

/// <summary>
/// Every URL the desk hands out, in emails and in answers, filled in from the route catalog
/// (<see cref="SupportDeskRoutes"/>): relative paths for API answers (<c>Location</c>, <c>links</c>), absolute
/// URLs on <see cref="SupportCenterOptions.PublicBaseUrl"/> for emails. Customers' page links carry the ticket's
/// token in the fragment, which browsers never send to a server or a proxy's log.
/// </summary>
public sealed class DeskLinks(SupportCenterOptions supportCenter)
{
    /// <summary>A template's path with its parameters filled in (escaped); every parameter must be given.</summary>
    public static string PathOf(string template, params (string Name, string Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(template);
        var path = new StringBuilder("/");
        int position = 0;
        while (position < template.Length)
        {
            int open = template.IndexOf('{', position);
            if (open < 0)
            {
                path.Append(template, position, template.Length - position);
                break;
            }

            int close = template.IndexOf('}', open);
            string name = template[(open + 1)..close];
            string value = values.FirstOrDefault(v => v.Name == name).Value
                ?? throw new ArgumentException($"Route {template} needs a value for {name}.", nameof(values));
            path.Append(template, position, open - position).Append(Uri.EscapeDataString(value));
            position = close + 1;
        }

        return path.ToString();
    }

    public static string Ticket(string ticketId) => PathOf(SupportDeskRoutes.TicketTemplate, ("ticketId", ticketId));

    public static string Attachment(string ticketId, string attachmentId) =>
        PathOf(SupportDeskRoutes.AttachmentTemplate, ("ticketId", ticketId), ("attachmentId", attachmentId));

    /// <summary>The customer's ticket page, opening with <paramref name="token"/> when there is one; <paramref name="query"/> asks it to do something (confirm=resolved).</summary>
    public Uri CustomerTicketPage(string ticketId, string? token, string? query = null)
    {
        string path = PathOf(SupportDeskRoutes.CustomerTicketPageTemplate, ("ticketId", ticketId)) + (query is null ? string.Empty : "?" + query);
        return this.Absolute(path + (token is null ? string.Empty : "#token=" + token));
    }

    public Uri StaffTicketPage(string ticketId) => this.Absolute(PathOf(SupportDeskRoutes.StaffTicketPageTemplate, ("ticketId", ticketId)));

    public Uri StaffIncidentPage(string incidentId) => this.Absolute(PathOf(SupportDeskRoutes.StaffIncidentPageTemplate, ("incidentId", incidentId)));

    public Uri StaffConsole() => this.Absolute(PathOf(SupportDeskRoutes.StaffConsoleTemplate));

    /// <summary>The Support Center's home (My tickets).</summary>
    public Uri SupportCenter() => this.Absolute(PathOf(SupportDeskRoutes.MyTicketsTemplate));

    /// <summary>The organisation's SLA report for a month of its calendar.</summary>
    public Uri CustomerReport(int year, int month) =>
        this.Absolute(PathOf(SupportDeskRoutes.CustomerReportsTemplate) + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"?month={year:D4}-{month:D2}"));

    /// <summary>A sign-in link: its token in the fragment, so no server or proxy log ever holds it.</summary>
    public Uri SignInLink(string token) => this.Absolute(PathOf(SupportDeskRoutes.CustomerSignInLinkTemplate) + "#token=" + token);

    public Uri SubscriptionConfirmation(string token) => this.Absolute(PathOf(SupportDeskRoutes.StatusSubscriptionConfirmTemplate) + "?token=" + Uri.EscapeDataString(token));

    /// <summary>The one-click unsubscribe address (RFC 8058): a POST to it unsubscribes; a GET shows the button.</summary>
    public Uri Unsubscribe(string token) => this.Absolute(PathOf(SupportDeskRoutes.StatusUnsubscribeTemplate) + "?token=" + Uri.EscapeDataString(token));

    Uri Absolute(string pathAndFragment) => new(supportCenter.PublicBaseUrl, pathAndFragment);
}
