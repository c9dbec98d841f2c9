using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Support.Desk.Domain.Attachments;

/// <summary>
/// Sanitizes a message body or a string by what it is: JSON (also behind an XSSI prefix such as <c>)]}'</c>),
/// form and multipart parameters (default-deny), HTML (hidden and password inputs, CSRF meta tags), XML
/// (elements with secret-like names), URLs, and free text (<see cref="TextSanitizer"/>). JSON found inside a
/// string is sanitized as JSON again, within the run's node budget.
/// </summary>
public static class BodySanitizer
{
    public const int MaxDepth = 64;
    const int MaxNesting = 4;

    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    static readonly string[] XssiPrefixes = [")]}',\n", ")]}'\n", ")]}',", ")]}'", "while(1);", "for(;;);", "{}&&"];

    /// <summary>Relaxed escaping: the output is served as a download, never embedded in HTML, and stays readable.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    static readonly Regex HtmlInput = new(@"<(?<tag>input|meta)\b(?<attributes>[^>]*)>", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);

    static readonly Regex HtmlAttribute = new(@"(?<name>[^\s=/>""']+)(?:\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<value>[^\s>""']+)))?", RegexOptions.CultureInvariant, Timeout);

    static readonly Regex XmlElement = new(@"<(?<name>[A-Za-z_][A-Za-z0-9_.\-]*(?::[A-Za-z_][A-Za-z0-9_.\-]*)?)(?<attributes>[^<>]*)>(?<text>[^<]+)</", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Timeout);

    static readonly Regex FormShaped = new(@"^[A-Za-z0-9_.\-%*+]+=[^&\s]*(?:&[A-Za-z0-9_.\-%*+]+=[^&\s]*)*$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Timeout);

    /// <summary>A body of the given media type (null when unknown: then its content decides).</summary>
    public static string Sanitize(string text, string? mimeType, Redaction redaction) => Sanitize(text, mimeType, redaction, 0);

    /// <summary>A string value found in JSON or in the HAR's own fields: a URL, embedded JSON, or text.</summary>
    public static string SanitizeString(string text, Redaction redaction) => SanitizeString(text, redaction, 0);

    static string SanitizeString(string text, Redaction redaction, int nesting)
    {
        if (text.Length == 0)
        {
            return text;
        }

        if (UrlSanitizer.IsAbsoluteUrl(text) && !text.AsSpan().ContainsAny(" \r\n"))
        {
            return UrlSanitizer.Sanitize(text, redaction);
        }

        ReadOnlySpan<char> start = text.AsSpan().TrimStart();
        if (nesting < MaxNesting && start.Length > 0 && start[0] is '{' or '[')
        {
            if (TrySanitizeJson(text, redaction, nesting + 1, out bool overBudget) is { } json)
            {
                return json;
            }

            if (overBudget)
            {
                redaction.Counted(text);
                return RedactionPolicy.Marker;
            }
        }

        return TextSanitizer.Sanitize(text, redaction);
    }

    static string Sanitize(string text, string? mimeType, Redaction redaction, int nesting)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(redaction);
        if (text.Length == 0)
        {
            return text;
        }

        string mime = (mimeType ?? string.Empty).ToLowerInvariant();
        ReadOnlySpan<char> start = text.AsSpan().TrimStart();
        if (mime.Contains("multipart/", StringComparison.Ordinal))
        {
            return Multipart(text, mime, redaction);
        }

        if (mime.Contains("x-www-form-urlencoded", StringComparison.Ordinal))
        {
            return UrlSanitizer.Parameters(text, '&', redaction);
        }

        string? prefix = XssiPrefixes.FirstOrDefault(p => text.StartsWith(p, StringComparison.Ordinal));
        if (mime.Contains("json", StringComparison.Ordinal) || prefix is not null || (start.Length > 0 && start[0] is '{' or '['))
        {
            string json = prefix is null ? text : text[prefix.Length..];
            if (TrySanitizeJson(json, redaction, nesting + 1, out bool overBudget) is { } clean)
            {
                return prefix + clean;
            }

            if (overBudget)
            {
                // More JSON than the run may still inspect: it goes whole rather than unchecked.
                redaction.Counted(text);
                return RedactionPolicy.Marker;
            }
        }

        if (mime.Contains("html", StringComparison.Ordinal) || start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
        {
            return TextSanitizer.Sanitize(Html(text, redaction), redaction);
        }

        if (mime.Contains("xml", StringComparison.Ordinal) || start.StartsWith("<?xml", StringComparison.Ordinal) || (start.StartsWith("<", StringComparison.Ordinal) && text.Contains("</", StringComparison.Ordinal)))
        {
            return TextSanitizer.Sanitize(Xml(text, redaction), redaction);
        }

        if (text.Length < 1_000_000 && !text.Contains('\n', StringComparison.Ordinal) && IsFormShaped(text))
        {
            return UrlSanitizer.Parameters(text, '&', redaction);
        }

        return TextSanitizer.Sanitize(text, redaction);
    }

    /// <summary>The sanitized, compact JSON; null when the text is not JSON, is too deep, or would overdraw the budget.</summary>
    internal static string? TrySanitizeJson(string text, Redaction redaction, int nesting) => TrySanitizeJson(text, redaction, nesting, out _);

    static string? TrySanitizeJson(string text, Redaction redaction, int nesting, out bool overBudget)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        int? nodes = CountNodes(utf8);
        overBudget = nodes is not null && !redaction.TrySpend(nodes.Value);
        if (nodes is null || overBudget)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth });
            var buffer = new ArrayBufferWriter<byte>(utf8.Length + 64);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                WriteJson(writer, document.RootElement, redaction, nesting);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>How many tokens the JSON holds, or null when it is not JSON (or nests deeper than <see cref="MaxDepth"/>).</summary>
    internal static int? CountNodes(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
            int count = 0;
            while (reader.Read())
            {
                count++;
            }

            return count;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A JSON value with every value under a secret-like name replaced (whatever its type: a string, number,
    /// object or array) and every string sanitized. Empty values stay: they carry nothing.
    /// </summary>
    internal static void WriteJson(Utf8JsonWriter writer, JsonElement element, Redaction redaction, int nesting)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    string name = property.Name;
                    writer.WritePropertyName(TextSanitizer.RedactCredentialFormats(name, redaction));
                    if (RedactionPolicy.IsSecretName(name) && !IsEmpty(property.Value))
                    {
                        if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString() != RedactionPolicy.Marker)
                        {
                            redaction.Redact();
                        }

                        writer.WriteStringValue(RedactionPolicy.Marker);
                    }
                    else
                    {
                        WriteJson(writer, property.Value, redaction, nesting);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    WriteJson(writer, item, redaction, nesting);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(SanitizeString(element.GetString()!, redaction, nesting));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.String => value.GetString()!.Length == 0,
        JsonValueKind.Object => !value.EnumerateObject().Any(),
        JsonValueKind.Array => value.GetArrayLength() == 0,
        _ => false,
    };

    static bool IsFormShaped(string text)
    {
        try
        {
            return FormShaped.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Hidden and password inputs lose their values (a form_post response carries <c>code</c>, <c>id_token</c>,
    /// <c>SAMLResponse</c> or <c>wresult</c> in them), as do inputs and meta tags with secret-like names
    /// (<c>&lt;meta name="csrf-token" content="…"&gt;</c>).
    /// </summary>
    static string Html(string html, Redaction redaction)
    {
        try
        {
            return HtmlInput.Replace(html, tag =>
            {
                Group attributes = tag.Groups["attributes"];
                bool input = tag.Groups["tag"].Value.Equals("input", StringComparison.OrdinalIgnoreCase);
                string target = input ? "value" : "content";
                Match[] found = [.. HtmlAttribute.Matches(attributes.Value).Cast<Match>()];
                string Attribute(string name) => found.FirstOrDefault(a => a.Groups["name"].Value.Equals(name, StringComparison.OrdinalIgnoreCase))?.Groups["value"].Value ?? string.Empty;
                bool secret = input
                    ? Attribute("type").ToLowerInvariant() is "hidden" or "password" || RedactionPolicy.IsSecretName(Attribute("name")) || RedactionPolicy.IsSecretName(Attribute("id"))
                    : RedactionPolicy.IsSecretName(Attribute("name")) || RedactionPolicy.IsSecretName(Attribute("property")) || RedactionPolicy.IsSecretName(Attribute("http-equiv"));
                Group? value = found.FirstOrDefault(a => a.Groups["name"].Value.Equals(target, StringComparison.OrdinalIgnoreCase))?.Groups["value"];
                if (!secret || value is not { Success: true, Length: > 0 } || value.Value == RedactionPolicy.Marker)
                {
                    return tag.Value;
                }

                redaction.Counted(value.Value);
                int at = attributes.Index - tag.Index + value.Index;
                return string.Concat(tag.Value.AsSpan(0, at), RedactionPolicy.Marker, tag.Value.AsSpan(at + value.Length));
            });
        }
        catch (RegexMatchTimeoutException)
        {
            return redaction.Redact();
        }
    }

    /// <summary>The text of elements whose local name is secret-like (<c>BinarySecurityToken</c>, <c>SignatureValue</c>, <c>CipherValue</c>).</summary>
    static string Xml(string xml, Redaction redaction)
    {
        try
        {
            return XmlElement.Replace(xml, element =>
            {
                string name = element.Groups["name"].Value;
                string local = name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..];
                Group text = element.Groups["text"];
                if (!RedactionPolicy.IsSecretName(local) || string.IsNullOrWhiteSpace(text.Value) || text.Value == RedactionPolicy.Marker)
                {
                    return element.Value;
                }

                redaction.Counted(text.Value);
                int at = text.Index - element.Index;
                return string.Concat(element.Value.AsSpan(0, at), RedactionPolicy.Marker, element.Value.AsSpan(at + text.Length));
            });
        }
        catch (RegexMatchTimeoutException)
        {
            return redaction.Redact();
        }
    }

    /// <summary>
    /// multipart/form-data: each part keeps its headers; a part's value stays only under a listed parameter
    /// name, and a file part's content always goes. A body that does not parse as multipart goes whole.
    /// </summary>
    static string Multipart(string text, string mime, Redaction redaction)
    {
        int at = mime.IndexOf("boundary=", StringComparison.Ordinal);
        string? boundary = at < 0 ? null : mime[(at + 9)..].Split(';')[0].Trim().Trim('"');
        if (string.IsNullOrEmpty(boundary))
        {
            redaction.Counted(text);
            return RedactionPolicy.Marker;
        }

        // The mime type was lower-cased to find the parameter; the boundary itself is case-sensitive.
        int original = text.IndexOf("--" + boundary, StringComparison.OrdinalIgnoreCase);
        if (original < 0)
        {
            redaction.Counted(text);
            return RedactionPolicy.Marker;
        }

        string delimiter = text.Substring(original, boundary.Length + 2);
        string[] pieces = text.Split(delimiter);
        for (int i = 1; i < pieces.Length; i++)
        {
            string part = pieces[i];
            if (part.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            int headersEnd = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            int separator = 4;
            if (headersEnd < 0)
            {
                headersEnd = part.IndexOf("\n\n", StringComparison.Ordinal);
                separator = 2;
            }

            if (headersEnd < 0)
            {
                redaction.Counted(part);
                pieces[i] = "\r\n" + RedactionPolicy.Marker + "\r\n";
                continue;
            }

            string headers = part[..headersEnd];
            string body = part[(headersEnd + separator)..];
            string trailer = body.EndsWith("\r\n", StringComparison.Ordinal) ? "\r\n" : body.EndsWith('\n') ? "\n" : string.Empty;
            string value = body[..^trailer.Length];
            string? name = DispositionParameter(headers, "name");
            bool file = DispositionParameter(headers, "filename") is not null;
            if (value.Length > 0 && (file || name is null || !RedactionPolicy.IsSafeParameter(name)))
            {
                redaction.Counted(value);
                value = RedactionPolicy.Marker;
            }

            pieces[i] = string.Concat(headers, part.AsSpan(headersEnd, separator), value, trailer);
        }

        return string.Join(delimiter, pieces);
    }

    static string? DispositionParameter(string headers, string parameter)
    {
        Match match = Regex.Match(headers, $@"[;\s]{parameter}\s*=\s*""(?<v>[^""]*)""|[;\s]{parameter}\s*=\s*(?<v>[^;\s]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);
        return match.Success ? match.Groups["v"].Value : null;
    }
}
