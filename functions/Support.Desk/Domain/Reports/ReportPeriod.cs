using System.Globalization;

namespace Support.Desk.Domain.Reports;

/// <summary>A staff report's period: whole UTC days <see cref="From"/> to <see cref="To"/> (exclusive).</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To)
{
    /// <summary>A year and a day, so a leap year's whole year fits.</summary>
    public const int MaxDays = 367;

    public const int DefaultDays = 30;

    /// <summary>No desk has tickets from before this year.</summary>
    public const int EarliestYear = 2000;

    public int Days => this.To.DayNumber - this.From.DayNumber;

    /// <summary>
    /// Reads <c>from</c> and <c>to</c> (<c>yyyy-MM-dd</c>, <c>to</c> inclusive as people write periods); either may be
    /// left out (the last <see cref="DefaultDays"/> days to today). Every problem is named.
    /// </summary>
    public static (ReportPeriod? Period, ValidationErrors Errors) Read(string? from, string? to, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        DateOnly today = ReportDays.DayOf(now);
        DateOnly last = today;
        if (!string.IsNullOrEmpty(to) && (!ReportDays.TryParseDay(to, out last) || last == DateOnly.MaxValue))
        {
            errors.Add("to", "A day as yyyy-MM-dd (the last day of the period, included).");
        }

        DateOnly first = default;
        if (string.IsNullOrEmpty(from))
        {
            first = errors.IsEmpty && last.DayNumber >= DefaultDays ? last.AddDays(-(DefaultDays - 1)) : DateOnly.MinValue;
        }
        else if (!ReportDays.TryParseDay(from, out first))
        {
            errors.Add("from", "A day as yyyy-MM-dd (the first day of the period).");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        if (first.Year < EarliestYear)
        {
            // The backlog looks a year further back: a day near the calendar's start has nothing before it.
            return (null, ValidationErrors.Of("from", string.Create(CultureInfo.InvariantCulture, $"A day from {EarliestYear} on.")));
        }

        if (first > last)
        {
            return (null, ValidationErrors.Of("from", "The first day must not be after the last."));
        }

        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            return (null, ValidationErrors.Of("to", string.Create(CultureInfo.InvariantCulture, $"A period is at most {MaxDays} days.")));
        }

        return (new ReportPeriod(first, last.AddDays(1)), errors);
    }
}
