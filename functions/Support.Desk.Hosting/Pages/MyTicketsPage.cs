using Microsoft.AspNetCore.Http;
using Support.Desk.Application;
using Support.Desk.Application.Ports;
using Support.Desk.Application.SupportCenter;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Status;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;
using Support.Desk.Status;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// <c>/tickets</c>, the Support Center's home for a signed-in contact: the organisation's tickets newest first with
/// their state and our response clock, every region's status (theirs first), and the status-email subscription.
/// </summary>
public sealed class MyTicketsPage(PageGate gate, TenantTickets tenantTickets, ICustomerDirectory directory, StatusSubscriptions subscriptions, RegionStatusPanel statusPanel, TimeProvider clock)
{
    public Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (CustomerSession? session, IResult? refused) = await gate.RequireCustomerAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            string? after = request.Query["after"].ToString() is { Length: > 0 and < 1024 } a ? a : null;
            (IReadOnlyList<TicketView> tickets, string? next) = await tenantTickets.ListAsync(session.Contact, after, cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = clock.GetUtcNow();
            Customer customer = directory.Find(session.Contact.Tenant)!;
            Html regions = await statusPanel.RenderAsync(customer.Region, cancellationToken).ConfigureAwait(false);
            Html subscription = await SubscriptionPanelAsync(request, session, customer.Region, cancellationToken).ConfigureAwait(false);
            Html main = Html.Of($"""
                <h1>Tickets of {session.Contact.Tenant}</h1>
                {Html.When(request.Query["done"] == "subscribed", Html.Trusted("""<p class="notice ok" role="status">Almost there: we emailed a confirmation link. Status emails start once it is confirmed.</p>"""))}
                {regions}
                <div class="actions"><a class="button" href="{DeskLinks.PathOf(SupportDeskRoutes.SubmitTicketPageTemplate)}">Submit a ticket</a></div>
                <h2 id="h-tickets">Newest first</h2>
                {(tickets.Count == 0
                    ? Html.Of($"""<p>{(after is null ? "Your organisation has no tickets yet." : "No older tickets.")}</p>""")
                    : Table(tickets, now))}
                <nav class="pager" aria-label="Pages">
                  {Html.When(after is not null, Html.Of($"""<a href="{DeskLinks.PathOf(SupportDeskRoutes.MyTicketsTemplate)}">Newest tickets</a>"""))}
                  {Html.When(next is not null, Html.Of($"""<a href="{DeskLinks.PathOf(SupportDeskRoutes.MyTicketsTemplate)}?after={Uri.EscapeDataString(next ?? string.Empty)}">Older tickets</a>"""))}
                </nav>
                {subscription}
                """);
            return PageLayout.Customer(request, "My tickets", main, active: "tickets");
        });

    static Html Table(IReadOnlyList<TicketView> tickets, DateTimeOffset now) => Html.Of($"""
        <div class="table-wrap">
        <table class="cards" aria-labelledby="h-tickets">
          <thead><tr><th scope="col">Ticket</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Our response</th><th scope="col" class="optional">Submitted</th></tr></thead>
          <tbody>{tickets.Select(view =>
          {
              Ticket t = view.Ticket;
              SlaClockStatus? open = view.Clocks.LastOrDefault(c => c.State is SlaClockState.Running or SlaClockState.Paused);
              return Html.Of($"""
                <tr>
                  <td data-label="Ticket"><span><a class="ticket-id" href="{DeskLinks.PathOf(SupportDeskRoutes.CustomerTicketPageTemplate, ("ticketId", t.Id))}">{t.Id}</a><br>{t.Submission.Subject}</span></td>
                  <td data-label="Severity">{WireNames.Of(t.Severity)}</td>
                  <td data-label="Status">{CustomerTicketPage.StatusInWords(t.Status)}</td>
                  <td data-label="Our response"><span>{CustomerTicketPage.Clock(open, t, now)}</span></td>
                  <td data-label="Submitted" class="optional"><time datetime="{t.CreatedAt:o}">{LocalTimes.Format(t.CreatedAt, t.TimeZone)}</time><br>by {t.Submission.Requester.Name}</td>
                </tr>
                """);
          })}</tbody>
        </table>
        </div>
        """);

    /// <summary>The region's status emails: subscribed (with a way out), waiting for confirmation, or a form to subscribe.</summary>
    async Task<Html> SubscriptionPanelAsync(HttpRequest request, CustomerSession session, Region region, CancellationToken cancellationToken)
    {
        StatusSubscription? mine = await subscriptions.FindAsync(region, session.Contact.Email, cancellationToken).ConfigureAwait(false);
        string name = Regions.DisplayName(region);
        string formToken = gate.Sessions.CustomerFormToken(session);
        Html state = mine switch
        {
            { ConfirmedAt: not null } => Html.Of($"""<p id="subscription-state">{session.Contact.Email} gets an email whenever the {name} status page reports an incident or a major disruption. Every email has a one-click unsubscribe link.</p>"""),
            not null => Html.Of($"""<p id="subscription-state">We emailed {session.Contact.Email} a link to confirm the {name} status subscription.</p>"""),
            _ => Html.Of($"""<p id="subscription-state">Get an email whenever the {name} status page reports an incident, an update to one, or a major disruption, and when it ends.</p>"""),
        };
        return Html.Of($"""
            <section class="panel" aria-labelledby="h-subscribe">
              <h2 id="h-subscribe">{name} status emails</h2>
              {state}
              <form method="post" action="{DeskLinks.PathOf(SupportDeskRoutes.StatusSubscriptionsTemplate)}">
                <input type="hidden" name="{PageSessions.FormField}" value="{formToken}">
                <input type="hidden" name="region" value="{WireNames.Of(region)}">
                <label for="subscribe-email">Email address for status emails</label>
                <input id="subscribe-email" name="email" type="email" required maxlength="{EmailAddresses.MaxLength}" value="{session.Contact.Email}" autocomplete="email">
                <p class="muted">A team list works too: the address gets a link to confirm before anything is sent.</p>
                <div class="actions"><button type="submit" class="secondary">Subscribe</button></div>
              </form>
            </section>
            """);
    }
}
