using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Support.Desk.Domain.Notices;

/// <summary>
/// Which notice this is: of which clock (or of which wait on the customer), of which kind, at which step (the
/// escalation's number, the reminder's business day). A ticket records each key it has dealt with, so a
/// notice is sent once. Stored as text: <c>clock:first-response:warning</c>, <c>clock:next-response-3:escalation-2</c>,
/// <c>wait:638…:reminder-5</c>.
/// </summary>
[JsonConverter(typeof(NoticeKeyJsonConverter))]
public readonly record struct NoticeKey(NoticeKind Kind, string Subject, int Step)
{
    const string ClockPrefix = "clock:";
    const string WaitPrefix = "wait:";

    public static NoticeKey ForClock(string clockId, NoticeKind kind, int step = 0) => new(kind, ClockPrefix + clockId, step);

    public static NoticeKey ForWait(DateTimeOffset waitingSince, NoticeKind kind, int step) =>
        new(kind, WaitPrefix + waitingSince.UtcTicks.ToString(CultureInfo.InvariantCulture), step);

    /// <summary>The clock the notice watches, or null for one that watches a wait on the customer.</summary>
    public string? ClockId => this.Subject.StartsWith(ClockPrefix, StringComparison.Ordinal) ? this.Subject[ClockPrefix.Length..] : null;

    /// <summary>Part of the timeline entry's ID, so a retried step writes the same entry.</summary>
    public string EventDiscriminator => this.ToString().Replace(':', '.');

    public override string ToString()
    {
        string name = NoticeRules.For(this.Kind).KeyName;
        return this.Step == 0 ? $"{this.Subject}:{name}" : $"{this.Subject}:{name}-{this.Step.ToString(CultureInfo.InvariantCulture)}";
    }

    public static NoticeKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int last = text.LastIndexOf(':');
        if (last <= 0)
        {
            throw new FormatException($"'{text}' is not a notice key.");
        }

        string subject = text[..last];
        string name = text[(last + 1)..];
        int dash = name.LastIndexOf('-');
        int step = 0;
        if (dash > 0 && int.TryParse(name[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
        {
            (name, step) = (name[..dash], parsed);
        }

        NoticeRule rule = NoticeRules.All.FirstOrDefault(r => r.KeyName == name) ?? throw new FormatException($"'{text}' names no known notice.");
        return new NoticeKey(rule.Kind, subject, step);
    }
}

/// <summary>Notice keys are stored as their text, as they always were.</summary>
public sealed class NoticeKeyJsonConverter : JsonConverter<NoticeKey>
{
    public override NoticeKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        NoticeKey.Parse(reader.GetString() ?? throw new JsonException("A notice key is a string."));

    public override void Write(Utf8JsonWriter writer, NoticeKey value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
