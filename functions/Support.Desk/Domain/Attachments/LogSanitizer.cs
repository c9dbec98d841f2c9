using System.Text;

namespace Support.Desk.Domain.Attachments;

/// <summary>What sanitizing a log file did, or why it was refused (415: not text; 422: not valid text).</summary>
public sealed record LogSanitizeResult(byte[]? Sanitized, int Redactions, int RefusalStatus, string? Error);

/// <summary>
/// Log files customers send with a ticket (the support guidance asks for them): UTF-8 text (UTF-16 with a
/// byte-order mark is converted), sanitized with the rules the HAR sanitizer uses for free text. A JSON file
/// is sanitized as JSON; in a text log, each line that is a JSON object (JSON lines) is sanitized as JSON and
/// the rest as text, so JWTs, <c>Authorization</c> lines, <c>key=value</c> pairs with secret-like names,
/// connection strings (<c>AccountKey</c>, <c>Password</c>, <c>SharedAccessSignature</c>), URLs' parameters and
/// private keys go.
/// </summary>
public static class LogSanitizer
{
    public static LogSanitizeResult Sanitize(byte[] content, bool json)
    {
        ArgumentNullException.ThrowIfNull(content);
        (string? text, string? problem) = Decode(content);
        if (text is null)
        {
            return new LogSanitizeResult(null, 0, 422, problem);
        }

        if (text.AsSpan().IndexOfAnyInRange('\u0000', '\u0008') >= 0 || text.AsSpan().IndexOfAnyInRange('\u000E', '\u001A') >= 0
            || text.AsSpan().IndexOfAnyInRange('\u001C', '\u001F') >= 0 || text.Contains('\u007F', StringComparison.Ordinal))
        {
            // Control characters other than tabs, line breaks and terminal escapes: a binary file named as a log.
            return new LogSanitizeResult(null, 0, 415, "The file holds binary data; attach text logs, PNG or JPEG screenshots, or .har traces.");
        }

        var redaction = new Redaction(HarSanitizer.MaxNodes);
        if (json && BodySanitizer.TrySanitizeJson(text, redaction, nesting: 1) is { } sanitizedJson)
        {
            return new LogSanitizeResult(Encoding.UTF8.GetBytes(sanitizedJson), redaction.Count, 0, null);
        }

        return new LogSanitizeResult(Encoding.UTF8.GetBytes(Lines(text, redaction)), redaction.Count, 0, null);
    }

    /// <summary>Text runs are scanned whole (a private key spans lines); JSON-object lines are sanitized as JSON.</summary>
    static string Lines(string text, Redaction redaction)
    {
        var result = new StringBuilder(text.Length);
        var run = new StringBuilder();
        int position = 0;
        while (position < text.Length)
        {
            int end = text.IndexOf('\n', position);
            end = end < 0 ? text.Length : end + 1;
            string line = text[position..end];
            string trimmed = line.Trim();
            if (trimmed.Length > 1 && trimmed[0] == '{' && trimmed[^1] == '}' && BodySanitizer.TrySanitizeJson(trimmed, redaction, nesting: 1) is { } json)
            {
                result.Append(TextSanitizer.Sanitize(run.ToString(), redaction));
                run.Clear();
                result.Append(line.AsSpan(0, line.IndexOf('{', StringComparison.Ordinal))).Append(json).Append(line.AsSpan(line.LastIndexOf('}') + 1));
            }
            else
            {
                run.Append(line);
            }

            position = end;
        }

        return result.Append(TextSanitizer.Sanitize(run.ToString(), redaction)).ToString();
    }

    /// <summary>Strict decoding: UTF-8 (a byte-order mark is dropped), or UTF-16 when a byte-order mark says so.</summary>
    static (string? Text, string? Problem) Decode(byte[] content)
    {
        ReadOnlySpan<byte> bytes = content;
        Encoding encoding = new UTF8Encoding(false, throwOnInvalidBytes: true);
        int skip = 0;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            skip = 3;
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            skip = 2;
            encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            skip = 2;
            encoding = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
        }

        try
        {
            return (encoding.GetString(bytes[skip..]), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, "The file is not valid UTF-8 text; save the log as UTF-8 and attach it again.");
        }
    }
}
