using System.Globalization;
using System.Text.Json;

namespace Support.Desk.Domain;

/// <summary>
/// JSON can carry text that is not Unicode: bytes that are not UTF-8, and <c>\ud800</c>-style escapes of half a
/// surrogate pair. Both parse, and fail only when the text is read; this finds them first, by path, so the
/// answer is a 400 naming the field rather than an error deep inside a handler.
/// </summary>
public static class JsonUnicode
{
    /// <summary>The path of the first property name or string that is not valid Unicode text, or null when all are.</summary>
    public static string? FindInvalidText(JsonElement element) => Find(element, "$");

    static string? Find(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                int index = 0;
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return $"{path}.<property {index.ToString(CultureInfo.InvariantCulture)}>";
                    }

                    index++;
                    if (Find(property.Value, path == "$" ? name : $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                int item = 0;
                foreach (JsonElement value in element.EnumerateArray())
                {
                    if (Find(value, $"{path}[{item++.ToString(CultureInfo.InvariantCulture)}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }

            default:
                return null;
        }
    }
}
