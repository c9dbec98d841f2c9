using Microsoft.AspNetCore.Http;
using Support.Desk.Domain;
using Support.Desk.Domain.Status;
using Support.Desk.Settings;
using Support.Desk.Status;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// The regional status at the top of the Support Center's pages (the guidance's first check before logging an issue):
/// the customer's region first, each with its state in words, its open incidents, and a link to its status page.
/// Read from this instance's status board, so it costs no storage round trip while the board is fresh.
/// </summary>
public sealed class RegionStatusPanel(RegionStatusBoard board, StatusPageOptions statusPages)
{
    public async Task<Html> RenderAsync(Region home, CancellationToken cancellationToken)
    {
        var rows = new List<Html>();
        foreach ((Region region, Uri url) in statusPages.Pages().OrderBy(p => p.Region != home))
        {
            RegionState? state = await board.GetAsync(region, cancellationToken).ConfigureAwait(false);
            (string level, string words) = state switch
            {
                null or { Snapshot: null } => ("unknown", "not checked yet"),
                { Health: RegionHealth.Unknown } => ("unknown", "status page unreachable; check it directly"),
                { Snapshot: { } s } => (s.Indicator == StatusIndicator.None ? "operational" : WireNames.Of(s.Indicator), s.Description),
            };
            IReadOnlyList<StatusIncident> incidents = state?.Snapshot?.Incidents ?? [];
            rows.Add(Html.Of($"""
                <li class="status-{level}" data-region="{WireNames.Of(region)}">
                  <i class="swatch lvl-{level}" aria-hidden="true"></i>
                  <strong>{Regions.DisplayName(region)}{(region == home ? " (your region)" : string.Empty)}</strong>: {words}
                  <a href="{new Uri(url, "/").ToString()}" rel="noreferrer">status page</a>
                  {Html.When(incidents.Count > 0, Html.Of($"""<ul>{incidents.Select(i => Html.Of($"<li>Incident: {i.Name} ({i.Status}, {i.Impact} impact)</li>"))}</ul>"""))}
                </li>
                """));
        }

        return Html.Of($"""
            <section class="panel status-panel" aria-labelledby="h-status">
              <h2 id="h-status">Service status</h2>
              <ul class="regions">{rows}</ul>
            </section>
            """);
    }
}
