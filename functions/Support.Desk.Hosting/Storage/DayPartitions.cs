using System.Globalization;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Short-lived rows are partitioned by day (<c>{kind}-yyyyMMdd</c>): every row of a day expires by a known later day,
/// so housekeeping drops whole partitions of days long past instead of scanning for expired rows.
/// </summary>
public static class DayPartitions
{
    public static string DayOf(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Key(string kind, DateTimeOffset time) => $"{kind}-{DayOf(time)}";

    public static string Key(string kind, string day) => $"{kind}-{day}";

    /// <summary>Whether <paramref name="day"/> is a well-formed day (as a cookie or a row carries it).</summary>
    public static bool IsDay(string day) =>
        day.Length == 8 && DateTime.TryParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
