using Support.Desk.Benchmarks.Harness;
using Support.Desk.Benchmarks.Results;

namespace Support.Desk.Benchmarks.Scenarios;

/// <summary>
/// Intake under load: tickets per second and answer times at 1, 16 and 64 concurrent clients, each next to the
/// same clients inserting bare ticket-sized rows into the same Azurite. The 16-client phase is the outage burst:
/// 1,000 tickets, timed until all are acknowledged and until all their confirmations are sent.
/// </summary>
public static class IntakeScenario
{
    static readonly (int Clients, int Tickets)[] Phases = [(1, 200), (16, 1000), (64, 1000)];

    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        await using BenchDesk desk = await BenchDesk.CreateAsync();
        await desk.StartHostAsync();
        await TicketLoad.SubmitAsync(desk.Host.BaseAddress, 10, 4, severity: "low");
        int sent = await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Confirmation, 10, DateTimeOffset.UtcNow.AddMinutes(1));

        var figures = new List<Figure>();
        var x = new List<string>();
        var deskRates = new List<double>();
        var bareRates = new List<double>();
        var deskP99 = new List<double>();
        var bareP99 = new List<double>();
        foreach ((int clients, int tickets) in Phases)
        {
            context.Log($"intake: {tickets} tickets from {clients} client(s)");
            int before = SentMail.Count(desk.MailDirectory, SentMail.Confirmation);
            LoadOutcome load = await TicketLoad.SubmitAsync(desk.Host.BaseAddress, tickets, clients, severity: "low");
            int confirmed = await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Confirmation, before + load.Tickets.Count, DateTimeOffset.UtcNow.AddMinutes(5)) - before;
            DateTimeOffset lastConfirmation = SentMail.Read(desk.MailDirectory).Where(m => m.Kind == SentMail.Confirmation).Max(m => m.SentAt);
            (IReadOnlyList<double> bare, double bareSeconds) = await BareInsert.RunAsync(desk.Azurite.ConnectionString, tickets, clients);

            string p = $"c{clients}.";
            double? P(IReadOnlyCollection<double> v, double q) => Statistics.Round(Statistics.Percentile(v, q), 1);
            figures.Add(new Figure(p + "rate", $"{clients} client(s): tickets acknowledged per second", Statistics.Round(load.PerSecond, 1), "tickets/s",
                new Reference("bare inserts/s", Statistics.Round(tickets / bareSeconds, 1))));
            figures.Add(new Figure(p + "p50", $"{clients} client(s): answer time p50", P(load.LatenciesMs, 50), "ms", new Reference("bare insert", P(bare, 50))));
            figures.Add(new Figure(p + "p95", $"{clients} client(s): answer time p95", P(load.LatenciesMs, 95), "ms", new Reference("bare insert", P(bare, 95))));
            figures.Add(new Figure(p + "p99", $"{clients} client(s): answer time p99", P(load.LatenciesMs, 99), "ms", new Reference("bare insert", P(bare, 99)),
                clients == 16 ? Target.AtMost(250) : null));
            figures.Add(new Figure(p + "failed", $"{clients} client(s): submissions not acknowledged", load.Failures, "requests", new Reference("submitted", tickets),
                Target.AtMost(0)));
            if (clients == 16)
            {
                figures.Add(new Figure("burst.acknowledged", "Burst of 1,000: all acknowledged after", Statistics.Round(load.Seconds, 1), "s",
                    new Reference("1,000 bare inserts", Statistics.Round(bareSeconds, 1))));
                figures.Add(new Figure("burst.confirmed", "Burst of 1,000: all confirmations sent after", Statistics.Round((lastConfirmation - load.StartedAt).TotalSeconds, 1), "s",
                    new Reference("all acknowledged", Statistics.Round(load.Seconds, 1)), Target.AtMost(60)));
                figures.Add(new Figure("burst.confirmations", "Burst of 1,000: confirmations sent", confirmed, "emails", new Reference("acknowledged", load.Tickets.Count),
                    Target.AtLeast(load.Tickets.Count)));
            }

            x.Add($"{clients} client(s)");
            deskRates.Add(Statistics.Round(load.PerSecond, 1));
            bareRates.Add(Statistics.Round(tickets / bareSeconds, 1));
            deskP99.Add(P(load.LatenciesMs, 99) ?? 0);
            bareP99.Add(P(bare, 99) ?? 0);
        }

        (IReadOnlyList<Figure> realistic, string realisticNote) = await RealisticPhaseAsync(context);
        figures.AddRange(realistic);

        return new ScenarioResult(
            "intake",
            "Intake: tickets per second and answer times",
            $"One desk on fresh storage ({sent} warm-up tickets first). Phases of " + string.Join(", ", Phases.Select(p => $"{p.Tickets} tickets from {p.Clients} client(s)")) +
            "; each phase waits for its confirmations before the next, and is followed by the same clients inserting as many bare ticket-sized rows into the same Azurite. "
            + "The phases submit low-severity tickets, whose clocks wait for business hours when the run is outside them. " + realisticNote,
            (DateTimeOffset.UtcNow - started).TotalSeconds,
            figures,
            [
                new Chart("Tickets per second", "clients", "per second", x, [new Series("desk", deskRates), new Series("bare insert", bareRates, Line: true)]),
                new Chart("Answer time p99", "clients", "ms", x, [new Series("desk", deskP99), new Series("bare insert", bareP99, Line: true)]),
            ]);
    }

    /// <summary>
    /// The realistic case: normal-severity tickets with a pasted-log description (2 KB) during business hours (forced
    /// open all week, so the run measures the same at any hour), so each ticket's first SLA step sends the customer's
    /// confirmation and the new-ticket notice to the queue while intake goes on. Fresh storage, warmed up.
    /// </summary>
    static async Task<(IReadOnlyList<Figure> Figures, string Note)> RealisticPhaseAsync(BenchContext context)
    {
        const int Tickets = 1000;
        await using BenchDesk desk = await BenchDesk.CreateAsync();
        desk.With("Sla:Standard:BusinessHours:Opens", "00:00").With("Sla:Standard:BusinessHours:Closes", "24:00").With("Sla:Standard:BusinessHours:Days", "Mon-Sun");
        await desk.StartHostAsync();
        string description = string.Concat(Enumerable.Range(0, 24).Select(i => $"2026-12-04T10:{i:D2}:17Z ERROR auth: SAML response rejected (clock skew 312 s) for user {i}\n"));
        await TicketLoad.SubmitAsync(desk.Host.BaseAddress, 50, 16, severity: "normal", description: description);
        await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Confirmation, 50, DateTimeOffset.UtcNow.AddMinutes(1));
        context.Log($"intake: {Tickets} normal-severity tickets in business hours from 16 clients");
        LoadOutcome load = await TicketLoad.SubmitAsync(desk.Host.BaseAddress, Tickets, 16, severity: "normal", description: description);
        int confirmed = await SentMail.WaitForAsync(desk.MailDirectory, SentMail.Confirmation, 50 + load.Tickets.Count, DateTimeOffset.UtcNow.AddMinutes(5)) - 50;
        int notices = SentMail.Count(desk.MailDirectory, "new-ticket");
        (IReadOnlyList<double> bare, double bareSeconds) = await BareInsert.RunAsync(desk.Azurite.ConnectionString, Tickets, 16);
        double? P(IReadOnlyCollection<double> v, double q) => Statistics.Round(Statistics.Percentile(v, q), 1);
        Figure[] figures =
        [
            new("real.rate", "Realistic, 16 clients: tickets acknowledged per second", Statistics.Round(load.PerSecond, 1), "tickets/s",
                new Reference("bare inserts/s", Statistics.Round(Tickets / bareSeconds, 1))),
            new("real.p50", "Realistic, 16 clients: answer time p50", P(load.LatenciesMs, 50), "ms", new Reference("bare insert", P(bare, 50))),
            new("real.p95", "Realistic, 16 clients: answer time p95", P(load.LatenciesMs, 95), "ms", new Reference("bare insert", P(bare, 95))),
            new("real.p99", "Realistic, 16 clients: answer time p99", P(load.LatenciesMs, 99), "ms", new Reference("bare insert", P(bare, 99)), Target.AtMost(250)),
            new("real.failed", "Realistic, 16 clients: submissions not acknowledged", load.Failures, "requests", new Reference("submitted", Tickets), Target.AtMost(0)),
            new("real.emails", "Realistic: emails per ticket from its first SLA step", Statistics.Round((confirmed + notices) / (double)Math.Max(1, load.Tickets.Count), 2), "emails",
                new Reference("low severity outside business hours", 1)),
        ];
        string note = $"A last phase on its own fresh desk is the realistic case: {Tickets:N0} normal-severity tickets with a 2 KB description, from 16 clients, in business hours "
            + "(opened all week for the run), after 50 warm-up tickets: each ticket's first step sends two emails (confirmation and new-ticket notice), while intake goes on.";
        return (figures, note);
    }
}
