namespace Support.Desk.Domain.Reports;

/// <summary>The dimensions attainment is broken down by.</summary>
public enum ReportDimension
{
    Plan,
    Tier,
    Severity,
    Tenant,
    Region,
}

/// <summary>Clocks started in the period under one value of a dimension: met, missed, still counting.</summary>
public sealed record AttainmentRow(ReportDimension Dimension, string Value, int Met, int Missed, int Running)
{
    /// <summary>Met as a share of the settled clocks (null when none settled).</summary>
    public double? Attainment => this.Met + this.Missed == 0 ? null : (double)this.Met / (this.Met + this.Missed);
}

/// <summary>Response times of one kind of clock under one tier and severity, against the target.</summary>
public sealed record ResponseRow(SlaClockKind Kind, SupportTier Tier, Severity Severity, TimeSpan Target, int Answered, TimeSpan Median, TimeSpan P90, int WithinTarget);

public sealed record IncidentBreaches(string? Incident, int Missed);

public sealed record BacklogPoint(DateOnly Day, int Open);

/// <summary>
/// The staff SLA report for the UTC days <see cref="From"/> to <see cref="To"/> (exclusive): every figure is about
/// the clocks that started in the period, as they stand at <see cref="AsOf"/>.
/// </summary>
public sealed record StaffSlaReport(
    DateOnly From,
    DateOnly To,
    DateTimeOffset AsOf,
    AttainmentRow Total,
    IReadOnlyList<AttainmentRow> Attainment,
    IReadOnlyList<ResponseRow> Responses,
    IReadOnlyList<IncidentBreaches> BreachesByIncident,
    IReadOnlyList<BacklogPoint> Backlog,
    IReadOnlyList<MissedClock> Missed)
{
    /// <param name="period">The period's day digests.</param>
    /// <param name="history">Every day digest up to the period's end (the backlog counts tickets opened before the period too).</param>
    public static StaffSlaReport Build(DateOnly from, DateOnly to, DateTimeOffset asOf, IReadOnlyList<SlaDayDigest> period, IReadOnlyList<SlaDayDigest> history, SlaPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(policy);
        ClockCount[] counts = [.. period.SelectMany(d => d.Counts)];
        // One pass: a year holds hundreds of thousands of counts, each adding to one row per dimension.
        var sums = new Dictionary<(ReportDimension, string), int[]>();
        foreach (ClockCount count in counts)
        {
            foreach (ReportDimension dimension in Dimensions)
            {
                (ReportDimension, string) key = (dimension, ValueOf(count, dimension));
                if (!sums.TryGetValue(key, out int[]? sum))
                {
                    sum = new int[3];
                    sums[key] = sum;
                }

                sum[OutcomeSlot(count.Outcome)] += count.Count;
            }
        }

        AttainmentRow[] attainment =
        [
            .. sums.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
                .Select(p => new AttainmentRow(p.Key.Item1, p.Key.Item2, p.Value[0], p.Value[1], p.Value[2])),
        ];

        ResponseRow[] responses =
        [
            .. period.SelectMany(d => d.Responses)
                .GroupBy(r => (r.Kind, r.Tier, r.Severity))
                .OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Tier).ThenBy(g => g.Key.Severity)
                .Select(g =>
                {
                    long[] seconds = [.. g.SelectMany(r => r.Seconds).Order()];
                    TimeSpan target = policy.TermsFor(g.Key.Tier, g.Key.Severity).Target;
                    return new ResponseRow(
                        g.Key.Kind, g.Key.Tier, g.Key.Severity, target, seconds.Length,
                        TimeSpan.FromSeconds(Percentile(seconds, 0.5)), TimeSpan.FromSeconds(Percentile(seconds, 0.9)),
                        seconds.Count(s => s <= target.TotalSeconds));
                }),
        ];
        MissedClock[] missed = [.. period.SelectMany(d => d.Missed).OrderBy(m => m.DueAt)];
        IncidentBreaches[] byIncident =
        [
            .. missed.GroupBy(m => m.Incident ?? string.Empty, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new IncidentBreaches(g.Key.Length == 0 ? null : g.Key, g.Count())),
        ];
        return new StaffSlaReport(from, to, asOf, Row(ReportDimension.Plan, "all", counts), attainment, responses, byIncident, BacklogOf(from, to, asOf, history), missed);
    }

    static readonly ReportDimension[] Dimensions = Enum.GetValues<ReportDimension>();

    /// <summary>Where an outcome is added up: met, missed, or still counting (running or paused).</summary>
    static int OutcomeSlot(SlaOutcome outcome) => outcome switch
    {
        SlaOutcome.Met => 0,
        SlaOutcome.Missed => 1,
        SlaOutcome.Running or SlaOutcome.Paused => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Every outcome is met, missed or still counting."),
    };

    static AttainmentRow Row(ReportDimension dimension, string value, IEnumerable<ClockCount> counts)
    {
        var sum = new int[3];
        foreach (ClockCount c in counts)
        {
            sum[OutcomeSlot(c.Outcome)] += c.Count;
        }

        return new AttainmentRow(dimension, value, sum[0], sum[1], sum[2]);
    }

    static string ValueOf(ClockCount count, ReportDimension dimension) => dimension switch
    {
        ReportDimension.Plan => WireNames.Of(count.Plan),
        ReportDimension.Tier => WireNames.Of(SupportPlans.TierOf(count.Plan)),
        ReportDimension.Severity => WireNames.Of(count.Severity),
        ReportDimension.Tenant => count.Tenant,
        ReportDimension.Region => WireNames.Of(count.Region),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Unknown report dimension."),
    };

    /// <summary>Tickets open at the end of each day of the period (up to <paramref name="asOf"/>): opened by then, not closed by then.</summary>
    static BacklogPoint[] BacklogOf(DateOnly from, DateOnly to, DateTimeOffset asOf, IReadOnlyList<SlaDayDigest> history)
    {
        DateOnly last = ReportDays.DayOf(asOf) < to ? ReportDays.DayOf(asOf) : to.AddDays(-1);
        if (last < from)
        {
            return [];
        }

        // Net change per day (opened that day, less closed that day), then a running sum from the earliest day known.
        var change = new SortedDictionary<DateOnly, int>();
        void Add(DateOnly day, int delta) => change[day] = change.GetValueOrDefault(day) + delta;
        foreach (SlaDayDigest digest in history.Where(d => d.Day <= last))
        {
            Add(digest.Day, digest.Opened);
            foreach ((DateOnly closedOn, int count) in digest.ClosedOn)
            {
                Add(closedOn, -count);
            }
        }

        var points = new List<BacklogPoint>();
        int open = 0;
        using SortedDictionary<DateOnly, int>.Enumerator next = change.GetEnumerator();
        bool more = next.MoveNext();
        for (DateOnly day = from; day <= last; day = day.AddDays(1))
        {
            while (more && next.Current.Key <= day)
            {
                open += next.Current.Value;
                more = next.MoveNext();
            }

            points.Add(new BacklogPoint(day, open));
        }

        return [.. points];
    }

    /// <summary>Nearest-rank percentile of sorted values (0 when none).</summary>
    public static long Percentile(IReadOnlyList<long> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }

        int rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
