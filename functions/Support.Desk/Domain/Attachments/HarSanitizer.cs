using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Support.Desk.Domain.Attachments;

/// <summary>What sanitizing a HAR file did, or why the file was refused.</summary>
public sealed record HarSanitizeResult(byte[]? Sanitized, int Redactions, int Entries, string? Error);

/// <summary>
/// Removes secrets from an HTTP trace (.har) before it is stored, keeping it a valid HAR that a browser's
/// HAR viewer opens: cookie and credential header values, cookies, sensitive query, form and JSON fields
/// (tokens, codes, secrets, passwords, state), URL fragments carrying tokens, and JWTs anywhere.
/// </summary>
public static partial class HarSanitizer
{
    public const string Redacted = "[redacted]";

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "cookie", "set-cookie", "authorization", "proxy-authorization", "x-api-key", "api-key", "x-auth-token",
        "x-csrf-token", "x-xsrf-token", "auth0-client", "x-amz-security-token",
    };

    static readonly HashSet<string> SecretFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "access_token", "id_token", "refresh_token", "code", "client_secret", "password", "state", "token",
        "client_assertion", "assertion", "code_verifier", "api_key", "apikey", "secret", "session", "sessionid",
        "session_token", "otp", "mfa_token", "passcode", "ticket", "samlresponse", "samlrequest", "nonce",
    };

    /// <summary>Sanitizes the HAR in <paramref name="har"/>; refuses anything that is not a HAR document.</summary>
    public static HarSanitizeResult Sanitize(ReadOnlySpan<byte> har)
    {
        JsonNode? root;
        try
        {
            // A repeated property is ambiguous (which value would a viewer show?) and is refused at parse time.
            root = JsonNode.Parse(har, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            return new HarSanitizeResult(null, 0, 0, "The file is not valid JSON (or repeats a property), so it is not a HAR file.");
        }

        if (root is not JsonObject document || document["log"] is not JsonObject log || log["entries"] is not JsonArray entries)
        {
            return new HarSanitizeResult(null, 0, 0, "The file has no log.entries, so it is not a HAR file.");
        }

        int redactions = 0;
        foreach (JsonObject entry in entries.OfType<JsonObject>())
        {
            foreach (string side in new[] { "request", "response" })
            {
                if (entry[side] is not JsonObject message)
                {
                    continue;
                }

                redactions += RedactNameValues(message["headers"] as JsonArray, SecretHeaders);
                redactions += RedactUrlsInValues(message["headers"] as JsonArray);
                redactions += RedactAllValues(message["cookies"] as JsonArray);
                redactions += RedactNameValues(message["queryString"] as JsonArray, SecretFields);
                if (message["url"] is JsonValue url && url.TryGetValue(out string? text))
                {
                    (string clean, int count) = RedactUrl(text);
                    message["url"] = clean;
                    redactions += count;
                }

                if (message["postData"] is JsonObject post)
                {
                    redactions += RedactNameValues(post["params"] as JsonArray, SecretFields);
                    redactions += RedactBody(post, "text", post["mimeType"]?.GetValue<string>());
                }

                if (message["content"] is JsonObject content)
                {
                    redactions += RedactBody(content, "text", content["mimeType"]?.GetValue<string>());
                }

                if (message["redirectURL"] is JsonValue redirect && redirect.TryGetValue(out string? location))
                {
                    (string clean, int count) = RedactUrl(location);
                    message["redirectURL"] = clean;
                    redactions += count;
                }
            }
        }

        // Last, JWTs wherever they still are (custom headers, HTML, comments).
        redactions += RedactJwts(root);
        byte[] sanitized = JsonSerializer.SerializeToUtf8Bytes(root, Indented);
        return new HarSanitizeResult(sanitized, redactions, entries.Count, null);
    }

    static int RedactNameValues(JsonArray? pairs, HashSet<string> secretNames)
    {
        int count = 0;
        foreach (JsonObject pair in pairs?.OfType<JsonObject>() ?? [])
        {
            if (pair["name"]?.GetValue<string>() is { } name && secretNames.Contains(name) && pair["value"]?.ToString() != Redacted)
            {
                pair["value"] = Redacted;
                count++;
            }
        }

        return count;
    }

    /// <summary>Other headers may carry URLs (Location, Referer) with tokens in their query or fragment.</summary>
    static int RedactUrlsInValues(JsonArray? pairs)
    {
        int count = 0;
        foreach (JsonObject pair in pairs?.OfType<JsonObject>() ?? [])
        {
            if (pair["value"] is JsonValue value && value.TryGetValue(out string? text))
            {
                (string clean, int redacted) = RedactUrl(text);
                pair["value"] = clean;
                count += redacted;
            }
        }

        return count;
    }

    static int RedactAllValues(JsonArray? cookies)
    {
        int count = 0;
        foreach (JsonObject cookie in cookies?.OfType<JsonObject>() ?? [])
        {
            cookie["value"] = Redacted;
            count++;
        }

        return count;
    }

    /// <summary>Redacts sensitive parameters in the query and the fragment (implicit-flow tokens arrive there).</summary>
    static (string Url, int Count) RedactUrl(string url)
    {
        int count = 0;
        string clean = UrlParameter().Replace(url, m =>
        {
            if (!SecretFields.Contains(Uri.UnescapeDataString(m.Groups["name"].Value)) || m.Groups["value"].Value == Redacted)
            {
                return m.Value;
            }

            count++;
            return $"{m.Groups["lead"].Value}{m.Groups["name"].Value}={Uri.EscapeDataString(Redacted)}";
        });
        return (clean, count);
    }

    static int RedactBody(JsonObject owner, string property, string? mimeType)
    {
        if (owner[property] is not JsonValue value || !value.TryGetValue(out string? text) || string.IsNullOrEmpty(text))
        {
            return 0;
        }

        int count = 0;
        if (mimeType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true || text.TrimStart().StartsWith('{'))
        {
            try
            {
                if (JsonNode.Parse(text) is { } body)
                {
                    count += RedactJsonFields(body);
                    owner[property] = body.ToJsonString();
                    return count;
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: handled as text below.
            }
        }

        if (mimeType?.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            (string clean, int formCount) = RedactUrl("?" + text);
            owner[property] = clean[1..];
            return formCount;
        }

        return count;
    }

    static int RedactJsonFields(JsonNode node)
    {
        int count = 0;
        switch (node)
        {
            case JsonObject obj:
                foreach (string name in obj.Select(p => p.Key).ToList())
                {
                    if (SecretFields.Contains(name) && obj[name] is JsonValue)
                    {
                        obj[name] = Redacted;
                        count++;
                    }
                    else if (obj[name] is { } child)
                    {
                        count += RedactJsonFields(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    count += item is null ? 0 : RedactJsonFields(item);
                }

                break;
        }

        return count;
    }

    static int RedactJwts(JsonNode node)
    {
        int count = 0;
        switch (node)
        {
            case JsonObject obj:
                foreach (string name in obj.Select(p => p.Key).ToList())
                {
                    if (obj[name] is JsonValue v && v.TryGetValue(out string? text) && Jwt().IsMatch(text))
                    {
                        obj[name] = Jwt().Replace(text, Redacted);
                        count++;
                    }
                    else if (obj[name] is { } child)
                    {
                        count += RedactJwts(child);
                    }
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.TryGetValue(out string? text) && Jwt().IsMatch(text))
                    {
                        array[i] = Jwt().Replace(text, Redacted);
                        count++;
                    }
                    else if (array[i] is { } child)
                    {
                        count += RedactJwts(child);
                    }
                }

                break;
        }

        return count;
    }

    [GeneratedRegex(@"(?<lead>[?&#;])(?<name>[^=&#?;]+)=(?<value>[^&#;]*)", RegexOptions.CultureInvariant)]
    private static partial Regex UrlParameter();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();
}
