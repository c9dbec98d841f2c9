using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Support.Desk.Benchmarks.Harness;
using Support.Desk.Benchmarks.Results;
using Support.Desk.Testing;

namespace Support.Desk.Benchmarks.Scenarios;

/// <summary>
/// A regional outage: 1,000 urgent tickets of one region linked to an open incident. <c>incident-broadcast</c>: one
/// update posted, timed until every ticket has it (its first-response clock met) and every customer's email is sent,
/// with the storage requests it took per ticket from Azurite's log. <c>incident-breach-wave</c>: the same tickets
/// breaching with and without the incident, counting staff emails. <c>incident-crash</c>: the host killed halfway
/// through a broadcast and started again: no ticket answered twice, none missed.
/// </summary>
public static class IncidentScenario
{
    const int Tickets = 1000;
    const int Clients = 16;
    const string UpdateKind = "incident-update";

    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A request Azurite logs under a name of our choosing (a table that does not exist).</summary>
    static async Task<string> OpenIncidentAsync(BenchDesk desk)
    {
        using HttpResponseMessage opened = await desk.Host.Client.PostAsync("/api/incidents", Json("""{"title":"Identity outage in the Americas","regions":["us"]}"""));
        opened.EnsureSuccessStatusCode();
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    static async Task PostUpdateAsync(BenchDesk desk, string incidentId)
    {
        using HttpResponseMessage posted = await desk.Host.Client.PostAsync($"/api/incidents/{incidentId}/updates", Json("""{"body":"We have identified the cause and are rolling back."}"""));
        posted.EnsureSuccessStatusCode();
    }

    /// <summary>Update emails per ticket (file names are {ticket}.incident-update.{n}.eml).</summary>
    static Dictionary<string, int> UpdateEmails(string directory) =>
        Directory.EnumerateFiles(directory, $"*.{UpdateKind}.*.eml").Select(f => Path.GetFileName(f).Split('.')[0])
            .GroupBy(id => id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    static async Task<DateTimeOffset?> WaitForUpdatesAsync(string directory, int expected, TimeSpan patience)
    {
        DateTimeOffset until = DateTimeOffset.UtcNow + patience;
        while (DateTimeOffset.UtcNow < until)
        {
            if (UpdateEmails(directory).Count >= expected)
            {
                return DateTimeOffset.UtcNow;
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>Tickets whose first-response clock is met and whose timeline has the update once, by reading each (after the timing).</summary>
    static async Task<(int Met, int Twice)> CheckTicketsAsync(BenchDesk desk, IEnumerable<SubmittedTicket> tickets)
    {
        int met = 0, twice = 0;
        await Parallel.ForEachAsync(tickets, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (t, ct) =>
        {
            JsonElement ticket = await desk.Host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{t.Id}", ct);
            int updates = ticket.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == UpdateKind);
            if (ticket.GetProperty("sla").GetProperty("firstResponse").GetProperty("state").GetString() is "met" && updates >= 1)
            {
                Interlocked.Increment(ref met);
            }

            if (updates > 1)
            {
                Interlocked.Increment(ref twice);
            }
        });
        return (met, twice);
    }

    public static async Task<ScenarioResult> BroadcastAsync(BenchContext context)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        string log = Path.Combine(context.WorkDirectory, "azurite-incident.log");
        await using BenchDesk desk = await BenchDesk.CreateAsync(log);
        desk.With("Sla:Standard:Urgent:Target", TimeSpan.FromHours(1)).With("Incidents:WorkerInterval", TimeSpan.FromSeconds(1));
        await desk.StartHostAsync();
        string incidentId = await OpenIncidentAsync(desk);
        LoadOutcome load = await TicketLoad.SubmitAsync(desk.Host.BaseAddress, Tickets, Clients);
        await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Confirmation, load.Tickets.Count, DateTimeOffset.UtcNow.AddMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(3));

        // Azurite stamps its log lines when it writes them, in bursts under load, so the window is marked in the log
        // itself: a request for a table that does not exist before the post and after the last email.
        await StorageRequests.MarkAsync(desk.Azurite.ConnectionString, "BenchMarkStart");
        context.Log($"incident-broadcast: posting one update to {load.Tickets.Count} linked tickets");
        DateTimeOffset postedAt = DateTimeOffset.UtcNow;
        await PostUpdateAsync(desk, incidentId);
        DateTimeOffset? allSent = await WaitForUpdatesAsync(desk.MailDirectory, load.Tickets.Count, TimeSpan.FromMinutes(3));
        await StorageRequests.MarkAsync(desk.Azurite.ConnectionString, "BenchMarkEnd");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Dictionary<string, int> emails = UpdateEmails(desk.MailDirectory);

        string suffix = desk.Settings.TaskHub["hub".Length..];
        StorageRequest[] window = [.. await StorageRequests.BetweenMarksAsync(log, "BenchMarkStart", "BenchMarkEnd", TimeSpan.FromMinutes(2))];
        int requests = window.Length;
        BreakdownRow[] byTarget = [.. window.GroupBy(r => r.Target.Replace(suffix, string.Empty, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(g => g.Count()).Select(g => new BreakdownRow(g.Key, [Statistics.Round((double)g.Count() / load.Tickets.Count, 2)]))];
        (int met, int twice) = await CheckTicketsAsync(desk, load.Tickets);

        var figures = new List<Figure>
        {
            new("all-answered", "Post to every clock met and every customer email sent", Statistics.Round(allSent is null ? null : (allSent.Value - postedAt).TotalSeconds, 1), "s", null, Target.AtMost(30)),
            new("per-ticket-rate", "Tickets answered per second", Statistics.Round(allSent is null ? null : load.Tickets.Count / (allSent.Value - postedAt).TotalSeconds, 1), "tickets/s"),
            new("storage-per-ticket", "Storage requests per linked ticket (post to last email, idle desk included)", Statistics.Round((double)requests / load.Tickets.Count, 1), "requests"),
            new("clocks-met", "First-response clocks met by the update", met, "tickets", new Reference("linked tickets", load.Tickets.Count), Target.AtLeast(load.Tickets.Count)),
            new("emailed-twice", "Customers emailed the update twice", emails.Count(e => e.Value > 1), "customers", null, Target.AtMost(0)),
            new("answered-twice", "Tickets with the update twice on their timeline", twice, "tickets", null, Target.AtMost(0)),
        };
        return new ScenarioResult("incident-broadcast", "Incident: one update to 1,000 linked tickets",
            $"{load.Tickets.Count:N0} urgent tickets (region us, linked at intake to a staff-opened incident; target 1 h) from {Clients} clients; once every confirmation is out, one update is posted through the API. " +
            "Timed until every ticket's update email is in the pickup folder; then every ticket is read to check its clock and timeline. Broadcast parallelism 16.",
            (DateTimeOffset.UtcNow - started).TotalSeconds, figures,
            Breakdowns: [new Breakdown("Storage requests per linked ticket, post to last email, by table and queue", ["requests"], byTarget)]);
    }

    public static async Task<ScenarioResult> BreachWaveAsync(BenchContext context)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        TimeSpan target = TimeSpan.FromSeconds(60);
        TimeSpan interval = TimeSpan.FromMinutes(1);
        var grouped = await WaveAsync(context, target, interval, linked: true);
        var ungrouped = await WaveAsync(context, target, interval, linked: false);
        var figures = new List<Figure>
        {
            new("staff-emails-grouped", "Staff emails during the wave, tickets in an incident", grouped.StaffEmails, "emails", new Reference("without an incident", ungrouped.StaffEmails)),
            new("digests", "Digests sent (new urgent, warning, breach)", grouped.Digests, "digests"),
            new("digests-too-soon", "Digests of one level sent less than an interval after the one before", grouped.TooSoon, "digests", null, Target.AtMost(0)),
            new("listed", "Notices listed in a digest (new urgent, warning, breach of each ticket)", grouped.Listed, "notices", new Reference("notices", 3 * Tickets), Target.AtLeast(3 * Tickets)),
            new("unlisted", "Notices no digest listed when the run ended", grouped.Unlisted, "notices", null, Target.AtMost(0)),
            new("staff-emails-ungrouped", "Staff emails during the wave, no incident", ungrouped.StaffEmails, "emails"),
        };
        return new ScenarioResult("incident-breach-wave", "Incident: staff emails in a 1,000-ticket breach wave, with and without grouping",
            $"{Tickets:N0} urgent tickets (target {target.TotalSeconds:0} s) from {Clients} clients, run twice on fresh storage: once linked at intake to an open incident " +
            $"(digest interval {interval.TotalMinutes:0} min, shorter than the default 5 so the run sees several), once with no incident. Counted: staff emails (new urgent ticket, warning, breach, and digests) " +
            $"until every notice is listed in a digest ({grouped.WaveSeconds:0} s for the grouped run), and each digest's entries in its table.",
            (DateTimeOffset.UtcNow - started).TotalSeconds, figures);
    }

    static async Task<(int StaffEmails, int Digests, int TooSoon, int Listed, int Unlisted, double WaveSeconds)> WaveAsync(BenchContext context, TimeSpan target, TimeSpan interval, bool linked)
    {
        await using BenchDesk desk = await BenchDesk.CreateAsync();
        desk.With("Sla:Standard:Urgent:Target", target).With("Incidents:DigestInterval", interval).With("Incidents:WorkerInterval", TimeSpan.FromSeconds(1));
        await desk.StartHostAsync();
        string? incidentId = linked ? await OpenIncidentAsync(desk) : null;
        context.Log($"incident-breach-wave: {Tickets} urgent tickets {(linked ? "in an incident" : "without an incident")}");
        DateTimeOffset from = DateTimeOffset.UtcNow;
        LoadOutcome load = await TicketLoad.SubmitAsync(desk.Host.BaseAddress, Tickets, Clients);
        DateTimeOffset lastDue = load.Tickets.Max(t => t.FirstResponseDueAt);
        var entries = new Azure.Data.Tables.TableClient(desk.Azurite.ConnectionString, desk.Settings.Values["Storage:IncidentDigestsTable"]!);
        (int Listed, int Unlisted) Entries()
        {
            try
            {
                int[] digestOf = [.. entries.Query<Azure.Data.Tables.TableEntity>(e => e.RowKey != "~state", select: ["Digest"]).Select(e => e.GetInt32("Digest") ?? 0)];
                return (digestOf.Count(d => d > 0), digestOf.Count(d => d == 0));
            }
            catch (Azure.RequestFailedException)
            {
                return (0, 0);
            }
        }

        if (linked)
        {
            // Each notice is recorded on its ticket's timeline and joins the digest: wait until the digests have listed all three of every ticket.
            DateTimeOffset until = lastDue.AddMinutes(4);
            while (DateTimeOffset.UtcNow < until && Entries().Listed < 3 * load.Tickets.Count)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
        else
        {
            await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Breach, load.Tickets.Count, lastDue.AddMinutes(2));
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        double wave = (DateTimeOffset.UtcNow - from).TotalSeconds;
        string[] staffKinds = ["urgent-ticket", SentMail.Warning, SentMail.Breach, "sla-escalation"];
        int perTicket = staffKinds.Sum(k => SentMail.Count(desk.MailDirectory, k));
        string[] digests = incidentId is null ? [] : Directory.GetFiles(desk.MailDirectory, $"{incidentId}.digest-*.eml");
        // At most one digest per incident, level and interval: consecutive digests of a level at least an interval apart (by the time each was written).
        int tooSoon = digests.GroupBy(f => Path.GetFileName(f).Split('.')[1])
            .Sum(g => g.Select(File.GetLastWriteTimeUtc).Order().Zip(g.Select(File.GetLastWriteTimeUtc).Order().Skip(1)).Count(p => p.Second - p.First < interval - TimeSpan.FromSeconds(1)));
        (int listed, int unlisted) = linked ? Entries() : (0, 0);
        return (perTicket + digests.Length, digests.Length, tooSoon, listed, unlisted, wave);
    }

    public static async Task<ScenarioResult> CrashAsync(BenchContext context)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        TimeSpan lease = TimeSpan.FromSeconds(30);
        await using BenchDesk desk = await BenchDesk.CreateAsync();
        desk.With("Sla:Standard:Urgent:Target", TimeSpan.FromHours(1)).With("Incidents:WorkerInterval", TimeSpan.FromSeconds(1)).With("Incidents:BroadcastLease", lease);
        await desk.StartHostAsync();
        string incidentId = await OpenIncidentAsync(desk);
        LoadOutcome load = await TicketLoad.SubmitAsync(desk.Host.BaseAddress, Tickets, Clients);
        await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Confirmation, load.Tickets.Count, DateTimeOffset.UtcNow.AddMinutes(3));
        await PostUpdateAsync(desk, incidentId);
        await WaitForUpdatesAsync(desk.MailDirectory, load.Tickets.Count / 3, TimeSpan.FromMinutes(2));
        int beforeKill = UpdateEmails(desk.MailDirectory).Count;
        DateTimeOffset killedAt = DateTimeOffset.UtcNow;
        context.Log($"incident-crash: killing the host with {beforeKill} of {load.Tickets.Count} update emails sent");
        await desk.CrashAndRestartAsync();
        DateTimeOffset? allSent = await WaitForUpdatesAsync(desk.MailDirectory, load.Tickets.Count, TimeSpan.FromMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Dictionary<string, int> emails = UpdateEmails(desk.MailDirectory);
        (int met, int twice) = await CheckTicketsAsync(desk, load.Tickets);
        var figures = new List<Figure>
        {
            new("sent-before-kill", "Update emails sent when the host was killed", beforeKill, "emails", new Reference("linked tickets", load.Tickets.Count)),
            new("finished-after-kill", "Kill to every update email sent", Statistics.Round(allSent is null ? null : (allSent.Value - killedAt).TotalSeconds, 1), "s",
                new Reference("broadcast lease", lease.TotalSeconds), Target.AtMost(lease.TotalSeconds + 30)),
            new("missed", "Tickets without the update", load.Tickets.Count - met, "tickets", null, Target.AtMost(0)),
            new("answered-twice", "Tickets with the update twice on their timeline", twice, "tickets", null, Target.AtMost(0)),
            new("emailed-twice", "Customers emailed the update twice", emails.Count(e => e.Value > 1), "customers", null, Target.AtMost(0)),
        };
        return new ScenarioResult("incident-crash", "Incident: host killed in the middle of a broadcast",
            $"{load.Tickets.Count:N0} linked urgent tickets; one update posted; the host is killed (SIGKILL) once a third of the update emails are out and a new one started at once on the same storage. " +
            $"The dead host's lease on the broadcast ({lease.TotalSeconds:0} s) must lapse before the new one takes it over; each ticket's saved state says whether it has the update.",
            (DateTimeOffset.UtcNow - started).TotalSeconds, figures);
    }
}
