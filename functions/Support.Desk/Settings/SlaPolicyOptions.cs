using System.Globalization;

using Support.Desk.Domain;

namespace Support.Desk.Settings;

/// <summary>
/// Configurable SLA policy, bound from the <c>Sla</c> configuration section
/// (environment form: <c>Sla__Standard__High__Target=04:00:00</c>). Defaults are the published targets.
/// </summary>
public sealed class SlaPolicyOptions : IValidatedOptions
{
    public const string SectionName = "Sla";

    /// <summary>Standard Enterprise Support: Gold, Silver, Home Grown.</summary>
    public SlaTierOptions Standard { get; set; } = new()
    {
        BusinessHours = new() { Opens = "06:00", Closes = "18:00", Days = "Mon-Fri" },
        Urgent = new() { Target = TimeSpan.FromHours(1), Coverage = "always-on" },
        High = new() { Target = TimeSpan.FromHours(4), Coverage = "business-hours" },

        // A business day is one full coverage day (12 business hours).
        Normal = new() { Target = TimeSpan.FromHours(12), Coverage = "business-hours" },
        Low = new() { Target = TimeSpan.FromHours(24), Coverage = "business-hours" },
    };

    /// <summary>Premium Enterprise Support: Enterprise, Platinum. Non-urgent clocks stand still at weekends.</summary>
    public SlaTierOptions Premium { get; set; } = new()
    {
        BusinessHours = new() { Opens = "00:00", Closes = "24:00", Days = "Mon-Fri" },
        Urgent = new() { Target = TimeSpan.FromMinutes(30), Coverage = "always-on" },
        High = new() { Target = TimeSpan.FromHours(2), Coverage = "business-hours" },
        Normal = new() { Target = TimeSpan.FromHours(12), Coverage = "business-hours" },
        Low = new() { Target = TimeSpan.FromHours(24), Coverage = "business-hours" },
    };

    /// <summary>Dates (yyyy-MM-dd, in the customer's local calendar) on which business-hours clocks stand still.</summary>
    public IList<string> Holidays { get; set; } = [];

    public IEnumerable<(SupportTier Tier, SlaTierOptions Options)> Tiers()
    {
        yield return (SupportTier.Standard, this.Standard);
        yield return (SupportTier.Premium, this.Premium);
    }

    /// <summary>Every problem with this configuration, named by its configuration key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach ((SupportTier tier, SlaTierOptions options) in this.Tiers())
        {
            string prefix = $"{SectionName}:{tier}";
            BusinessHoursOptions h = options.BusinessHours;
            bool opensOk = ClockTime.TryParse(h.Opens, out TimeSpan opens);
            bool closesOk = ClockTime.TryParse(h.Closes, out TimeSpan closes);
            if (!opensOk || opens == TimeSpan.FromHours(24))
            {
                problems.Add($"{prefix}:BusinessHours:Opens must be a clock time HH:mm (or HH:mm:ss) before 24:00.");
            }

            if (!closesOk)
            {
                problems.Add($"{prefix}:BusinessHours:Closes must be a clock time HH:mm (or HH:mm:ss; 24:00 allowed).");
            }

            if (opensOk && closesOk && opens >= closes)
            {
                problems.Add($"{prefix}:BusinessHours must open before it closes.");
            }

            if (!DaySet.TryParse(h.Days, out _))
            {
                problems.Add($"{prefix}:BusinessHours:Days must name days such as Mon-Fri.");
            }

            foreach ((Severity severity, SlaTargetOptions target) in options.Targets())
            {
                if (target.Target <= TimeSpan.Zero)
                {
                    problems.Add($"{prefix}:{severity}:Target must be a positive duration.");
                }

                if (!WireNames.TryParse<Coverage>(target.Coverage, out _))
                {
                    problems.Add($"{prefix}:{severity}:Coverage must be one of {string.Join(", ", WireNames.AllOf<Coverage>())}.");
                }
            }
        }

        foreach (string holiday in this.Holidays)
        {
            if (!DateOnly.TryParseExact(holiday, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                problems.Add($"{SectionName}:Holidays contains '{holiday}', which is not a date yyyy-MM-dd.");
            }
        }

        return problems;
    }
}

public sealed class SlaTierOptions
{
    public BusinessHoursOptions BusinessHours { get; set; } = new();

    public SlaTargetOptions Urgent { get; set; } = new();

    public SlaTargetOptions High { get; set; } = new();

    public SlaTargetOptions Normal { get; set; } = new();

    public SlaTargetOptions Low { get; set; } = new();

    public IEnumerable<(Severity Severity, SlaTargetOptions Target)> Targets()
    {
        yield return (Severity.Urgent, this.Urgent);
        yield return (Severity.High, this.High);
        yield return (Severity.Normal, this.Normal);
        yield return (Severity.Low, this.Low);
    }
}

public sealed class BusinessHoursOptions
{
    public string Opens { get; set; } = "06:00";

    public string Closes { get; set; } = "18:00";

    public string Days { get; set; } = "Mon-Fri";
}

public sealed class SlaTargetOptions
{
    /// <summary>Covered time allowed for the first response, e.g. 04:00:00.</summary>
    public TimeSpan Target { get; set; }

    /// <summary><c>always-on</c> (24x7x365) or <c>business-hours</c> (the tier's coverage).</summary>
    public string Coverage { get; set; } = "business-hours";
}
