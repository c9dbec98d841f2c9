using System.Globalization;
using Microsoft.AspNetCore.Http;
using Support.Desk.Domain;
using Support.Desk.Domain.Status;
using Support.Desk.Hosting.Http;
using Support.Desk.Status;

namespace Support.Desk.Hosting.Pages;

/// <summary><c>/staff/regions</c>: each region's current status page state, its incidents, and a 7-day strip of its history.</summary>
public sealed class StaffRegionsPage(PageGate gate, StatusQueries queries, TimeProvider clock)
{
    public Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (StaffSession? session, IResult? refused) = await gate.RequireStaffAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            DateTimeOffset now = clock.GetUtcNow();
            (IReadOnlyList<RegionStatusView>? regions, _) = await queries.GetAsync(session.Caller, now.AddDays(-7), cancellationToken).ConfigureAwait(false);
            Html main = Html.Of($"""
                <h1>Regions</h1>
                <p class="legend" aria-hidden="true"><span><i class="swatch lvl-operational"></i> operational</span><span><i class="swatch lvl-minor"></i> minor</span><span><i class="swatch lvl-major"></i> major</span><span><i class="swatch lvl-critical"></i> critical</span><span><i class="swatch lvl-unknown"></i> unknown</span></p>
                {(regions ?? []).Select(r => Region(r, now))}
                """);
            return PageLayout.Staff(request, "Regions", main, session, gate.Sessions, "regions");
        });

    static Html Region(RegionStatusView view, DateTimeOffset now)
    {
        StatusSnapshot? snapshot = view.State?.Snapshot;
        string health = view.State is null ? "never polled"
            : view.State.Health == RegionHealth.Unknown ? $"unknown since {view.State.UnknownSince:yyyy-MM-dd HH:mm} UTC: {view.State.UnknownReason}"
            : snapshot is null ? "no snapshot" : $"{WireNames.Of(snapshot.Indicator)}: {snapshot.Description}";
        IReadOnlyList<StripCell> strip = StatusStrip.Of(view, now);
        string id = "region-" + WireNames.Of(view.Region);
        return Html.Of($"""
            <section class="panel" aria-labelledby="{id}">
              <h2 id="{id}">{Regions.DisplayName(view.Region)} <span class="muted">({WireNames.Of(view.Region)})</span></h2>
              <dl class="facts">
                <dt>Status</dt><dd>{health}</dd>
                <dt>Last checked</dt><dd>{(view.LastCheckedAt is { } at ? at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "not by this instance yet")}</dd>
                <dt>Status page</dt><dd><a href="{view.Page.ToString()}" rel="noreferrer">{view.Page.Host}</a></dd>
                <dt>Incidents</dt><dd>{(snapshot is null || snapshot.Incidents.Count == 0 ? Html.Trusted("none") : Html.Join(snapshot.Incidents.Select(i => Html.Of($"{i.Name} ({i.Status}, {i.Impact} impact)<br>"))))}</dd>
                <dt>Degraded</dt><dd>{(snapshot is null || !snapshot.Degraded.Any() ? Html.Trusted("nothing") : Html.Join(snapshot.Degraded.Select(c => Html.Of($"{c.Name}: {WireNames.Of(c.Status)}<br>"))))}</dd>
              </dl>
              <h3>Last 7 days</h3>
              <div class="strip" role="img" aria-label="{Describe(strip)}">{strip.Select(c => Html.Of($"""<span class="{Css(c.Level)}" title="{c.From:ddd d MMM HH:mm}–{c.Until:HH:mm} UTC: {Label(c.Level)}, {c.Changes} change(s)"></span>"""))}</div>
              <details><summary>History ({view.History.Count} change(s))</summary>
                <ul>{view.History.OrderByDescending(h => h.At).Select(h => Html.Of($"""<li><time datetime="{h.At:o}">{h.At:yyyy-MM-dd HH:mm} UTC</time>: {h.Summary}</li>"""))}</ul>
              </details>
            </section>
            """);
    }

    /// <summary>The strip in words for screen readers: the stretches that were not operational.</summary>
    static string Describe(IReadOnlyList<StripCell> strip)
    {
        StripCell[] bad = [.. strip.Where(c => c.Level != StripLevel.Operational)];
        return bad.Length == 0
            ? "Operational throughout the last 7 days."
            : "Last 7 days in 6-hour stretches; not operational: " + string.Join("; ", bad.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.From:ddd d MMM HH:mm} {Label(c.Level)}"))) + ".";
    }

    static string Css(StripLevel level) => "lvl-" + Label(level);

    static string Label(StripLevel level) => level switch
    {
        StripLevel.Operational => "operational",
        StripLevel.Minor => "minor",
        StripLevel.Major => "major",
        StripLevel.Critical => "critical",
        _ => "unknown",
    };
}
