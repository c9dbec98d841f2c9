using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Support.Desk.Domain;

/// <summary>
/// Reads the fields of one JSON object strictly, recording an error for each bad, unknown or repeated field
/// under its path, so a request is answered with every problem at once.
/// </summary>
public sealed partial class JsonFieldReader
{
    readonly Dictionary<string, JsonElement> fields = new(StringComparer.Ordinal);
    readonly string path;
    readonly ValidationErrors errors;

    public JsonFieldReader(JsonElement obj, string path, IReadOnlyCollection<string> known, ValidationErrors errors)
    {
        this.path = path;
        this.errors = errors;
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            string field = this.PathOf(property.Name);
            if (!known.Contains(property.Name))
            {
                errors.Add(field, "Is not a recognised field.");
            }
            else if (!this.fields.TryAdd(property.Name, property.Value))
            {
                errors.Add(field, "Appears more than once.");
            }
        }
    }

    public string? Text(string name, int minLength, int maxLength, bool singleLine, bool required = true)
    {
        if (!this.TryGet(name, required, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            this.errors.Add(this.PathOf(name), "Must be a string.");
            return null;
        }

        return this.CheckText(this.PathOf(name), value.GetString()!, minLength, maxLength, singleLine);
    }

    public TEnum? Enum<TEnum>(string name)
        where TEnum : struct, Enum
    {
        if (!this.TryGet(name, required: true, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && WireNames.TryParse(value.GetString(), out TEnum parsed))
        {
            return parsed;
        }

        this.errors.Add(this.PathOf(name), $"Must be one of: {string.Join(", ", WireNames.AllOf<TEnum>())}.");
        return null;
    }

    public List<string>? StringList(string name, int maxItems, int maxItemLength)
    {
        if (!this.TryGet(name, required: true, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            this.errors.Add(this.PathOf(name), "Must be an array of strings.");
            return null;
        }

        int count = value.GetArrayLength();
        if (count == 0 || count > maxItems)
        {
            this.errors.Add(this.PathOf(name), $"Must list between 1 and {maxItems} entries.");
            return null;
        }

        var items = new List<string>(count);
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string itemPath = $"{this.PathOf(name)}[{index++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                this.errors.Add(itemPath, "Must be a string.");
            }
            else if (this.CheckText(itemPath, item.GetString()!, 1, maxItemLength, singleLine: true) is { } text)
            {
                items.Add(text);
            }
        }

        return items.Count == count ? items : null;
    }

    public bool? Boolean(string name)
    {
        if (!this.TryGet(name, required: true, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        this.errors.Add(this.PathOf(name), "Must be true or false.");
        return null;
    }

    /// <summary>An optional enum: null when absent, recorded as an error when present but unknown.</summary>
    public TEnum? OptionalEnum<TEnum>(string name)
        where TEnum : struct, Enum =>
        this.fields.TryGetValue(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? this.Enum<TEnum>(name) : null;

    /// <summary>Records a rule that spans fields, under <paramref name="name"/> ("$" for the whole body).</summary>
    public void Error(string name, string message) => this.errors.Add(name == "$" ? "$" : this.PathOf(name), message);

    public bool Has(string name) => this.fields.TryGetValue(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null;

    public DateTimeOffset? Timestamp(string name)
    {
        if (!this.TryGet(name, required: true, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && Rfc3339().IsMatch(value.GetString()!)
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset parsed))
        {
            return parsed;
        }

        this.errors.Add(this.PathOf(name), "Must be an RFC 3339 timestamp with an offset, such as 2026-11-26T09:30:00Z.");
        return null;
    }

    public JsonFieldReader? Nested(string name, IReadOnlyCollection<string> known, bool required = true)
    {
        if (!this.TryGet(name, required, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            this.errors.Add(this.PathOf(name), "Must be an object.");
            return null;
        }

        return new JsonFieldReader(value, this.PathOf(name), known, this.errors);
    }

    string? CheckText(string field, string text, int minLength, int maxLength, bool singleLine)
    {
        string trimmed = text.Trim();
        if (trimmed.Length < minLength)
        {
            this.errors.Add(field, minLength <= 1 ? "Must not be empty." : $"Must be at least {minLength} characters.");
            return null;
        }

        if (trimmed.Length > maxLength)
        {
            this.errors.Add(field, $"Must be at most {maxLength} characters.");
            return null;
        }

        foreach (char c in trimmed)
        {
            bool allowedWhitespace = !singleLine && c is '\n' or '\r' or '\t';
            if (char.IsControl(c) && !allowedWhitespace)
            {
                this.errors.Add(field, singleLine ? "Must be a single line without control characters." : "Must not contain control characters.");
                return null;
            }

            // Line and paragraph separators break a line where a reader does not expect it; bidirectional embeddings,
            // overrides and isolates make text display in another order than it is stored (a spoofed subject or name).
            if (singleLine && c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                this.errors.Add(field, "Must be a single line without line separators or bidirectional-override characters.");
                return null;
            }
        }

        return trimmed;
    }

    bool TryGet(string name, bool required, out JsonElement value)
    {
        if (this.fields.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            this.errors.Add(this.PathOf(name), "Is required.");
        }

        return false;
    }

    string PathOf(string name) => this.path.Length == 0 ? name : $"{this.path}.{name}";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
