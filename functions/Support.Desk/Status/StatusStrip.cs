using Support.Desk.Domain.Status;

namespace Support.Desk.Status;

/// <summary>How a stretch of a region's history looked: its worst state.</summary>
public enum StripLevel
{
    Operational,
    Minor,
    Major,
    Critical,

    /// <summary>The status page could not be read for some of the stretch.</summary>
    Unknown,
}

/// <summary>One stretch of the strip, with the changes recorded in it.</summary>
public sealed record StripCell(DateTimeOffset From, DateTimeOffset Until, StripLevel Level, int Changes);

/// <summary>
/// A region's recent history as a strip of equal stretches (7 days of 6 hours by default), each with the worst state
/// the region was in during it: the indicator in force (carried over from the change that set it), open incidents
/// (at least minor), and unreadable stretches. Before the window's first indicator change the indicator is taken as
/// none (older history is not read), or as the current one when nothing changed in the window.
/// </summary>
public static class StatusStrip
{
    public static IReadOnlyList<StripCell> Of(RegionStatusView view, DateTimeOffset now, int days = 7, int cellsPerDay = 4)
    {
        ArgumentNullException.ThrowIfNull(view);
        TimeSpan cell = TimeSpan.FromDays(1) / cellsPerDay;
        DateTimeOffset start = now - TimeSpan.FromDays(days);
        StatusHistoryEntry[] history = [.. view.History.Where(h => h.At >= start && h.At <= now).OrderBy(h => h.At)];
        bool anyIndicatorChange = history.Any(h => h.Indicator is not null);
        StatusIndicator indicator = anyIndicatorChange ? StatusIndicator.None : view.State?.Snapshot?.Indicator ?? StatusIndicator.None;
        int openIncidents = 0;
        bool unknown = false;
        int next = 0;
        var cells = new List<StripCell>(days * cellsPerDay);
        for (DateTimeOffset from = start; from < now; from += cell)
        {
            DateTimeOffset until = from + cell < now ? from + cell : now;
            StripLevel worst = LevelOf(indicator, openIncidents, unknown);
            int changes = 0;
            for (; next < history.Length && history[next].At < until; next++)
            {
                StatusHistoryEntry entry = history[next];
                changes++;
                switch (entry.Kind)
                {
                    case StatusChangeKind.IndicatorChanged when entry.Indicator is { } changed:
                        indicator = changed;
                        break;
                    case StatusChangeKind.IncidentOpened:
                        openIncidents++;
                        break;
                    case StatusChangeKind.IncidentResolved:
                        openIncidents = Math.Max(0, openIncidents - 1);
                        break;
                    case StatusChangeKind.BecameUnknown:
                        unknown = true;
                        break;
                    case StatusChangeKind.Recovered:
                        unknown = false;
                        break;
                }

                worst = Worse(worst, LevelOf(indicator, openIncidents, unknown));
            }

            cells.Add(new StripCell(from, until, worst, changes));
        }

        return cells;
    }

    static StripLevel LevelOf(StatusIndicator indicator, int openIncidents, bool unknown)
    {
        StripLevel level = indicator switch
        {
            StatusIndicator.Critical => StripLevel.Critical,
            StatusIndicator.Major => StripLevel.Major,
            StatusIndicator.Minor => StripLevel.Minor,
            _ => StripLevel.Operational,
        };
        if (openIncidents > 0)
        {
            level = Worse(level, StripLevel.Minor);
        }

        return unknown ? Worse(level, StripLevel.Unknown) : level;
    }

    /// <summary>Unknown ranks below a known outage (a critical stretch stays critical) and above operational.</summary>
    static StripLevel Worse(StripLevel a, StripLevel b) => Rank(a) >= Rank(b) ? a : b;

    static int Rank(StripLevel level) => level switch
    {
        StripLevel.Operational => 0,
        StripLevel.Unknown => 1,
        StripLevel.Minor => 2,
        StripLevel.Major => 3,
        _ => 4,
    };
}
