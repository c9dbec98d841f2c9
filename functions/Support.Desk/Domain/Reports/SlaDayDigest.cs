using System.Globalization;
using System.Text;

namespace Support.Desk.Domain.Reports;

/// <summary>Clocks that started on a day, counted by who and what they were for and how they stand.</summary>
public sealed record ClockCount(string Tenant, SupportPlan Plan, Severity Severity, Region Region, SlaClockKind Kind, SlaOutcome Outcome, int Count);

/// <summary>The response times (whole seconds of covered time) of the day's answered clocks, by tier, severity and kind.</summary>
public sealed record ResponseTimes(SupportTier Tier, Severity Severity, SlaClockKind Kind, IReadOnlyList<long> Seconds);

/// <summary>A clock that missed its deadline, with its ticket.</summary>
public sealed record MissedClock(
    string TicketId, string ClockId, string Tenant, SupportPlan Plan, Severity Severity, Region Region, SlaClockKind Kind,
    DateTimeOffset DueAt, DateTimeOffset? AnsweredAt, string? Incident);

/// <summary>
/// What the staff report needs of one UTC day, packed small: the clocks started that day (counted, their response
/// times, the missed ones listed), the tickets opened that day and the days they were closed on. A year's report reads
/// 365 of these instead of every fact; the day's facts stay the source, and a digest is rebuilt when one changes.
/// </summary>
public sealed record SlaDayDigest(
    DateOnly Day,
    IReadOnlyList<ClockCount> Counts,
    IReadOnlyList<ResponseTimes> Responses,
    IReadOnlyList<MissedClock> Missed,
    int Opened,
    IReadOnlyDictionary<DateOnly, int> ClosedOn)
{
    public static SlaDayDigest Of(DateOnly day, IEnumerable<TicketFact> tickets, IEnumerable<ClockFact> clocks)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(clocks);
        ClockFact[] started = [.. clocks.Where(c => ReportDays.DayOf(c.StartedAt) == day)];
        TicketFact[] opened = [.. tickets.Where(t => ReportDays.DayOf(t.CreatedAt) == day)];
        ClockCount[] counts =
        [
            .. started
                .GroupBy(c => (c.Tenant, c.Plan, c.Severity, c.Region, c.Kind, c.Outcome))
                .Select(g => new ClockCount(g.Key.Tenant, g.Key.Plan, g.Key.Severity, g.Key.Region, g.Key.Kind, g.Key.Outcome, g.Count()))
                .OrderBy(c => c.Tenant, StringComparer.Ordinal).ThenBy(c => c.Plan).ThenBy(c => c.Severity).ThenBy(c => c.Kind).ThenBy(c => c.Outcome),
        ];
        ResponseTimes[] responses =
        [
            .. started
                .Where(c => c.ResponseTime is not null)
                .GroupBy(c => (c.Tier, c.Severity, c.Kind))
                .OrderBy(g => g.Key.Tier).ThenBy(g => g.Key.Severity).ThenBy(g => g.Key.Kind)
                .Select(g => new ResponseTimes(g.Key.Tier, g.Key.Severity, g.Key.Kind, [.. g.Select(c => (long)c.ResponseTime!.Value.TotalSeconds).Order()])),
        ];
        MissedClock[] missed =
        [
            .. started
                .Where(c => c.Outcome == SlaOutcome.Missed && c.DueAt is not null)
                .OrderBy(c => c.DueAt)
                .Select(c => new MissedClock(c.TicketId, c.ClockId, c.Tenant, c.Plan, c.Severity, c.Region, c.Kind, c.DueAt!.Value, c.AnsweredAt, c.Incident)),
        ];
        Dictionary<DateOnly, int> closedOn = opened.Where(t => t.ClosedAt is not null)
            .GroupBy(t => ReportDays.DayOf(t.ClosedAt!.Value))
            .ToDictionary(g => g.Key, g => g.Count());
        return new SlaDayDigest(day, counts, responses, missed, opened.Length, closedOn);
    }

    /// <summary>
    /// The digest as lines of tab-separated fields (every field is a wire name, a tenant, an ID or a number, none with
    /// tabs or line breaks): about a tenth of its JSON, which is what a year's report reads.
    /// </summary>
    public string Encode()
    {
        var text = new StringBuilder();
        text.Append("D\t").Append(ReportDays.DayKey(this.Day)).Append('\t').Append(this.Opened.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach ((DateOnly day, int count) in this.ClosedOn.OrderBy(p => p.Key))
        {
            text.Append("X\t").Append(ReportDays.DayKey(day)).Append('\t').Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (ClockCount c in this.Counts)
        {
            text.AppendJoin('\t', "C", c.Tenant, WireNames.Of(c.Plan), WireNames.Of(c.Severity), WireNames.Of(c.Region), WireNames.Of(c.Kind), WireNames.Of(c.Outcome), c.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (ResponseTimes r in this.Responses)
        {
            text.AppendJoin('\t', "R", WireNames.Of(r.Tier), WireNames.Of(r.Severity), WireNames.Of(r.Kind), string.Join(',', r.Seconds.Select(s => s.ToString(CultureInfo.InvariantCulture)))).Append('\n');
        }

        foreach (MissedClock m in this.Missed)
        {
            text.AppendJoin(
                '\t', "M", m.TicketId, m.ClockId, m.Tenant, WireNames.Of(m.Plan), WireNames.Of(m.Severity), WireNames.Of(m.Region), WireNames.Of(m.Kind),
                m.DueAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                m.AnsweredAt is { } a ? a.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : "-",
                m.Incident ?? "-").Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads what <see cref="Encode"/> wrote; a malformed digest throws (it is rebuilt from the facts).</summary>
    public static SlaDayDigest Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        DateOnly? day = null;
        int opened = 0;
        var closedOn = new Dictionary<DateOnly, int>();
        var counts = new List<ClockCount>();
        var responses = new List<ResponseTimes>();
        var missed = new List<MissedClock>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split('\t');
            switch (f[0])
            {
                case "D":
                    day = ParseDay(f[1]);
                    opened = int.Parse(f[2], CultureInfo.InvariantCulture);
                    break;
                case "X":
                    closedOn[ParseDay(f[1])] = int.Parse(f[2], CultureInfo.InvariantCulture);
                    break;
                case "C":
                    counts.Add(new ClockCount(
                        f[1], WireNames.Parse<SupportPlan>(f[2]), WireNames.Parse<Severity>(f[3]), WireNames.Parse<Region>(f[4]),
                        WireNames.Parse<SlaClockKind>(f[5]), WireNames.Parse<SlaOutcome>(f[6]), int.Parse(f[7], CultureInfo.InvariantCulture)));
                    break;
                case "R":
                    responses.Add(new ResponseTimes(
                        WireNames.Parse<SupportTier>(f[1]), WireNames.Parse<Severity>(f[2]), WireNames.Parse<SlaClockKind>(f[3]),
                        ParseSeconds(f[4])));
                    break;
                case "M":
                    missed.Add(new MissedClock(
                        f[1], f[2], f[3], WireNames.Parse<SupportPlan>(f[4]), WireNames.Parse<Severity>(f[5]), WireNames.Parse<Region>(f[6]),
                        WireNames.Parse<SlaClockKind>(f[7]), DateTimeOffset.FromUnixTimeSeconds(long.Parse(f[8], CultureInfo.InvariantCulture)),
                        f[9] == "-" ? null : DateTimeOffset.FromUnixTimeSeconds(long.Parse(f[9], CultureInfo.InvariantCulture)),
                        f[10] == "-" ? null : f[10]));
                    break;
                default:
                    throw new FormatException($"Unknown digest line kind '{f[0]}'.");
            }
        }

        return new SlaDayDigest(day ?? throw new FormatException("The digest names no day."), counts, responses, missed, opened, closedOn);
    }

    /// <summary>Comma-separated whole seconds, read without a string per number (a year's report reads a hundred thousand).</summary>
    static long[] ParseSeconds(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var values = new List<long>(text.Length / 4);
        ReadOnlySpan<char> rest = text;
        while (true)
        {
            int comma = rest.IndexOf(',');
            ReadOnlySpan<char> number = comma < 0 ? rest : rest[..comma];
            values.Add(long.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture));
            if (comma < 0)
            {
                return [.. values];
            }

            rest = rest[(comma + 1)..];
        }
    }

    static DateOnly ParseDay(string text) =>
        ReportDays.TryParseDay(text, out DateOnly day) ? day : throw new FormatException($"'{text}' is not a day.");
}
