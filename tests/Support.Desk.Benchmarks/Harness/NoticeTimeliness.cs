using Support.Desk.Benchmarks.Results;

namespace Support.Desk.Benchmarks.Harness;

/// <summary>One notice that went out: its kind, when it fell due, when it was sent.</summary>
public sealed record SentNotice(string Kind, DateTimeOffset DueAt, DateTimeOffset SentAt)
{
    public double LatenessSeconds => (this.SentAt - this.DueAt).TotalSeconds;
}

/// <summary>
/// How late each SLA warning and breach email went out, against when it fell due by the acknowledgement's own SLA
/// figures: the breach at the first-response deadline, the warning when the clock had run 75 % of the target.
/// A warning is skipped when the breach went out without it (the desk records it as skipped); a notice is
/// unsent when it had not gone out when the scenario stopped waiting.
/// </summary>
public sealed record NoticeTimeliness(
    IReadOnlyList<double> WarningLatenessSeconds,
    IReadOnlyList<double> BreachLatenessSeconds,
    int WarningsSkipped,
    int WarningsUnsent,
    int BreachesUnsent,
    IReadOnlyList<SentNotice> Sent)
{
    public const double WarningFraction = 0.75;

    public static NoticeTimeliness Measure(IReadOnlyCollection<SubmittedTicket> tickets, IReadOnlyList<SentEmail> mail)
    {
        ILookup<string, SentEmail> byTicket = mail.ToLookup(m => m.TicketId, StringComparer.Ordinal);
        var warnings = new List<double>();
        var breaches = new List<double>();
        var sent = new List<SentNotice>();
        int skipped = 0, warningsUnsent = 0, breachesUnsent = 0;
        foreach (SubmittedTicket ticket in tickets)
        {
            SentEmail? warning = byTicket[ticket.Id].Where(m => m.Kind == SentMail.Warning).MinBy(m => m.SentAt);
            SentEmail? breach = byTicket[ticket.Id].Where(m => m.Kind == SentMail.Breach).MinBy(m => m.SentAt);
            if (warning is not null)
            {
                DateTimeOffset due = ticket.WarningDueAt(WarningFraction);
                warnings.Add((warning.SentAt - due).TotalSeconds);
                sent.Add(new SentNotice(SentMail.Warning, due, warning.SentAt));
            }
            else if (breach is not null)
            {
                skipped++;
            }
            else
            {
                warningsUnsent++;
            }

            if (breach is not null)
            {
                breaches.Add((breach.SentAt - ticket.FirstResponseDueAt).TotalSeconds);
                sent.Add(new SentNotice(SentMail.Breach, ticket.FirstResponseDueAt, breach.SentAt));
            }
            else
            {
                breachesUnsent++;
            }
        }

        return new NoticeTimeliness(warnings, breaches, skipped, warningsUnsent, breachesUnsent, sent);
    }

    public IReadOnlyList<double> AllLatenessSeconds => [.. this.WarningLatenessSeconds, .. this.BreachLatenessSeconds];

    /// <summary>The figures of one run, with targets where given (lateness in seconds; skipped and unsent at most zero).</summary>
    public IEnumerable<Figure> Figures(string prefix, double? p99Target, double? maxTarget, bool countTargets, NoticeTimeliness? reference = null, string referenceLabel = "")
    {
        Reference? Ref(Func<NoticeTimeliness, double?> pick) =>
            reference is null ? null : new Reference(referenceLabel, Statistics.Round(pick(reference)));
        Target? P99 = p99Target is { } p ? Target.AtMost(p) : null;
        Target? Max = maxTarget is { } m ? Target.AtMost(m) : null;
        Target? None = countTargets ? Target.AtMost(0) : null;

        foreach ((string kind, string label, Func<NoticeTimeliness, IReadOnlyList<double>> of) in new (string, string, Func<NoticeTimeliness, IReadOnlyList<double>>)[]
        {
            ("warning", "Warning", t => t.WarningLatenessSeconds),
            ("breach", "Breach", t => t.BreachLatenessSeconds),
        })
        {
            yield return new Figure($"{prefix}{kind}-p50", $"{label} lateness p50", Statistics.Round(Statistics.Percentile(of(this), 50)), "s",
                Ref(r => Statistics.Percentile(of(r), 50)));
            yield return new Figure($"{prefix}{kind}-p99", $"{label} lateness p99", Statistics.Round(Statistics.Percentile(of(this), 99)), "s",
                Ref(r => Statistics.Percentile(of(r), 99)), P99);
            yield return new Figure($"{prefix}{kind}-max", $"{label} lateness max", Statistics.Round(Statistics.Max(of(this))), "s",
                Ref(r => Statistics.Max(of(r))), Max);
        }

        yield return new Figure($"{prefix}skipped", "Warnings skipped (breach sent first)", this.WarningsSkipped, "notices",
            Ref(r => r.WarningsSkipped), None);
        yield return new Figure($"{prefix}unsent", "Notices not sent when the run stopped waiting", this.WarningsUnsent + this.BreachesUnsent, "notices",
            Ref(r => r.WarningsUnsent + r.BreachesUnsent), None);
    }

    /// <summary>Lateness percentiles of warnings and breaches as a chart.</summary>
    public Chart Chart(string title)
    {
        string[] x = ["p50", "p90", "p99", "max"];
        double[] Points(IReadOnlyList<double> values) =>
            [.. new[] { 50.0, 90, 99, 100 }.Select(p => Statistics.Round(Statistics.Percentile(values, p)) ?? 0)];
        return new Chart(title, "percentile", "seconds late", x,
            [new Series("warnings", Points(this.WarningLatenessSeconds)), new Series("breaches", Points(this.BreachLatenessSeconds), Line: true)]);
    }
}
