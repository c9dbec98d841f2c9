using Support.Desk.Benchmarks.Harness;
using Support.Desk.Benchmarks.Results;
using Support.Desk.Testing;

namespace Support.Desk.Benchmarks.Scenarios;

/// <summary>
/// Storage requests per ticket, by table and queue, counted in Azurite's request log: from submission to the
/// confirmation email, and for one escalation (the warning and the breach of the first-response clock). What an
/// idle desk does anyway (queue polling, leases, SLA shard ticks) is measured first and subtracted.
/// </summary>
public static class StorageCostScenario
{
    const int Tickets = 20;
    static readonly TimeSpan UrgentTarget = TimeSpan.FromSeconds(12);
    static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(6);

    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        string log = Path.Combine(context.WorkDirectory, "azurite-requests.log");
        await using BenchDesk desk = await BenchDesk.CreateAsync(log);
        desk.With("Sla:Standard:Urgent:Target", UrgentTarget);
        await desk.StartHostAsync();

        // Warm up (tables and queues created, connections open) with a ticket whose clock runs for days.
        await TicketLoad.SubmitAsync(desk.Host.BaseAddress, 1, 1, severity: "low");
        await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Confirmation, 1, DateTimeOffset.UtcNow.AddMinutes(1));
        await Task.Delay(TimeSpan.FromSeconds(2));

        DateTimeOffset idleFrom = DateTimeOffset.UtcNow;
        context.Log($"storage-cost: measuring the idle desk for {IdleWindow.TotalSeconds:0} s");
        await Task.Delay(IdleWindow);
        DateTimeOffset idleTo = DateTimeOffset.UtcNow;

        // One client, one ticket after another: what one ticket costs, not what contention costs.
        DateTimeOffset submitFrom = DateTimeOffset.UtcNow;
        LoadOutcome load = await TicketLoad.SubmitAsync(desk.Host.BaseAddress, Tickets, 1);
        int confirmed = await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Confirmation, Tickets + 1, DateTimeOffset.UtcNow.AddMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(1));
        DateTimeOffset submitTo = DateTimeOffset.UtcNow;

        DateTimeOffset lastBreachDue = load.Tickets.Max(t => t.FirstResponseDueAt);
        int breaches = await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Breach, Tickets, lastBreachDue.AddMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(1));
        DateTimeOffset escalationTo = DateTimeOffset.UtcNow;

        var timeliness = NoticeTimeliness.Measure(load.Tickets, SentMail.Read(desk.MailDirectory));
        context.IdleDesk = timeliness;

        IReadOnlyList<StorageRequest> requests = StorageRequests.Read(log);
        Func<StorageRequest, string> Name = NamesOf(desk.Settings);
        Dictionary<string, double> idlePerSecond = Rates(requests, idleFrom, idleTo, Name);
        Dictionary<string, double> submitPerTicket = PerTicket(requests, submitFrom, submitTo, Name, idlePerSecond, load.Tickets.Count);
        Dictionary<string, double> escalationPerTicket = PerTicket(requests, submitTo, escalationTo, Name, idlePerSecond, load.Tickets.Count);

        var figures = new List<Figure>
        {
            new("submit-to-confirmation", "Storage requests per ticket, submission to confirmation email", Statistics.Round(submitPerTicket.Values.Sum(), 1), "requests",
                new Reference("bare insert of a ticket row", 1), Target.AtMost(25)),
            new("escalation", "Storage requests per ticket for one escalation (warning and breach)", Statistics.Round(escalationPerTicket.Values.Sum(), 1), "requests",
                new Reference("two bare writes", 2)),
            new("idle", "Storage requests per second of the idle desk (subtracted above)", Statistics.Round(idlePerSecond.Values.Sum(), 1), "requests/s"),
            new("confirmed", "Confirmations sent", confirmed - 1, "emails", new Reference("tickets submitted", Tickets)),
            new("escalated", "Breaches sent", breaches, "emails", new Reference("tickets submitted", Tickets)),
        };
        // Rows under a tenth of a request per ticket are noise left by subtracting the idle rate.
        BreakdownRow[] rows =
        [
            .. submitPerTicket.Keys.Union(escalationPerTicket.Keys).Order(StringComparer.Ordinal)
                .Select(target => new BreakdownRow(target, [Statistics.Round(submitPerTicket.GetValueOrDefault(target), 1), Statistics.Round(escalationPerTicket.GetValueOrDefault(target), 1)]))
                .Where(row => row.Values.Any(v => Math.Abs(v ?? 0) >= 0.1)),
        ];

        return new ScenarioResult(
            "storage-cost",
            "Storage requests per ticket",
            $"{Tickets} urgent tickets submitted one after another by one client on fresh storage, urgent target {UrgentTarget.TotalSeconds:0} s. " +
            $"Requests counted in Azurite's request log; the idle desk's rate ({IdleWindow.TotalSeconds:0} s measured before) is subtracted per table and queue. " +
            "Table batches are counted once, under their table.",
            (DateTimeOffset.UtcNow - started).TotalSeconds,
            figures,
            [new Chart("Storage requests per ticket, submission to confirmation", "table or queue", "requests per ticket",
                [.. submitPerTicket.OrderByDescending(p => p.Value).Take(10).Select(p => p.Key)],
                [new Series("requests", [.. submitPerTicket.OrderByDescending(p => p.Value).Take(10).Select(p => Statistics.Round(p.Value, 1))])])],
            Breakdowns: [new Breakdown("Requests per ticket by table and queue", ["submission to confirmation", "one escalation"], rows)]);
    }

    /// <summary>
    /// Tables and queues by their default names: each bench desk names its own (a suffix per desk), and names changed
    /// over time (the intake journal), so figures compare across runs.
    /// </summary>
    static Func<StorageRequest, string> NamesOf(DeskSettings settings)
    {
        string suffix = settings.TaskHub["hub".Length..];
        var tables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Tickets" + suffix] = "Tickets",
            ["Open" + suffix] = "OpenTickets",
            ["Ledger" + suffix] = "EmailLedger",
            ["Journal" + suffix] = "IntakeJournal",
        };
        return r => r.Service == "table" && tables.TryGetValue(r.Resource, out string? name)
            ? $"table {name}"
            : r.Target.Replace(suffix, string.Empty, StringComparison.OrdinalIgnoreCase);
    }

    static Dictionary<string, double> Rates(IReadOnlyList<StorageRequest> requests, DateTimeOffset from, DateTimeOffset to, Func<StorageRequest, string> name) =>
        requests.Where(r => r.At >= from && r.At < to).GroupBy(name).ToDictionary(g => g.Key, g => g.Count() / (to - from).TotalSeconds, StringComparer.Ordinal);

    static Dictionary<string, double> PerTicket(
        IReadOnlyList<StorageRequest> requests, DateTimeOffset from, DateTimeOffset to, Func<StorageRequest, string> name, Dictionary<string, double> idlePerSecond, int tickets)
    {
        Dictionary<string, double> counts = requests.Where(r => r.At >= from && r.At < to).GroupBy(name)
            .ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        double seconds = (to - from).TotalSeconds;
        foreach ((string target, double rate) in idlePerSecond)
        {
            counts[target] = counts.GetValueOrDefault(target) - rate * seconds;
        }

        return counts.ToDictionary(p => p.Key, p => p.Value / tickets, StringComparer.Ordinal);
    }
}
