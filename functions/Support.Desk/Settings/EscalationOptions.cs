using System.Globalization;

using Support.Desk.Domain;

namespace Support.Desk.Settings;

/// <summary>Who hears about SLA risk and when (configuration section <c>Escalation</c>).</summary>
public sealed class EscalationOptions : IValidatedOptions
{
    public const string SectionName = "Escalation";

    /// <summary>Fraction of the target at which the assignee (or the queue) is warned.</summary>
    public double WarningFraction { get; set; } = 0.75;

    /// <summary>Interval between continued-breach escalations after the breach notice.</summary>
    public TimeSpan ContinuedBreachInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many continued-breach escalations at most, per clock.</summary>
    public int MaxContinuedBreachNotices { get; set; } = 3;

    /// <summary>Business days after which a customer we wait on is reminded, e.g. "2,5".</summary>
    public string ReminderBusinessDays { get; set; } = "2,5";

    /// <summary>Warnings go to the assignee, or here when nobody is assigned.</summary>
    public string QueueEmail { get; set; } = "support-queue@support-desk.localhost";

    public string SupportLeadEmail { get; set; } = "support-lead@support-desk.localhost";

    /// <summary>Continued breaches go here (the next escalation level).</summary>
    public string DutyManagerEmail { get; set; } = "duty-manager@support-desk.localhost";

    public IReadOnlyList<int> ReminderDays() =>
        [.. this.ReminderBusinessDays.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => int.Parse(d, NumberStyles.None, CultureInfo.InvariantCulture)).Order()];

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (this.WarningFraction is <= 0 or >= 1)
        {
            problems.Add($"{SectionName}:WarningFraction must be between 0 and 1 (exclusive).");
        }

        if (this.ContinuedBreachInterval <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:ContinuedBreachInterval must be a positive duration.");
        }

        if (this.MaxContinuedBreachNotices is < 0 or > 100)
        {
            problems.Add($"{SectionName}:MaxContinuedBreachNotices must be between 0 and 100.");
        }

        string[] days = this.ReminderBusinessDays.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (days.Any(d => !int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n is < 1 or > 365))
        {
            problems.Add($"{SectionName}:ReminderBusinessDays must list whole days from 1 to 365, such as 2,5.");
        }

        foreach ((string key, string value) in new[] { ("QueueEmail", this.QueueEmail), ("SupportLeadEmail", this.SupportLeadEmail), ("DutyManagerEmail", this.DutyManagerEmail) })
        {
            if (!EmailAddresses.IsValid(value))
            {
                problems.Add($"{SectionName}:{key} is not a valid email address.");
            }
        }

        return problems;
    }
}
