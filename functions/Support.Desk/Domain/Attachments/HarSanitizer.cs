using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Support.Desk.Domain.Attachments;

public enum HarOutcome
{
    Sanitized,

    /// <summary>JSON, but without <c>log.entries</c>: some other JSON file.</summary>
    NotAHar,

    /// <summary>Not JSON, a repeated property, a field of the wrong type, or text that is not valid Unicode.</summary>
    Malformed,

    /// <summary>More values or deeper nesting than the desk inspects.</summary>
    TooComplex,
}

/// <summary>What sanitizing a HAR file did, or why the file was refused (with the path of the offending field).</summary>
public sealed record HarSanitizeResult(HarOutcome Outcome, byte[]? Sanitized, int Redactions, int Entries, string? Error);

/// <summary>
/// Removes secrets from an HTTP trace (.har) before it is stored, by default-deny, and keeps it a HAR that a
/// browser's HAR viewer opens. Kept: methods, hosts, paths, status codes, timings, sizes, the headers that
/// never authenticate (<see cref="RedactionPolicy"/>), the OAuth/OIDC/SAML/WS-Fed parameters an engineer
/// needs, cookie names and their scoping attributes. Redacted: every other header value, every cookie value,
/// URL user information, every other query, form, fragment and multipart value; in bodies (request and
/// response, base64 included, JSON behind an XSSI prefix), values under secret-like names, hidden inputs,
/// secret XML elements; JWTs, JWEs and other credential formats anywhere; comments. URLs in
/// <c>Location</c>, <c>Referer</c>, <c>Link</c>, <c>redirectURL</c>, page titles and initiators are
/// sanitized as URLs. The output is compact JSON.
/// </summary>
/// <remarks>
/// Bounded: the file is counted token by token before it is parsed, and one with more than
/// <see cref="MaxNodes"/> values, or nested deeper than <see cref="BodySanitizer.MaxDepth"/>, is refused;
/// JSON inside bodies counts against the same budget (a body that would overdraw it is redacted whole).
/// </remarks>
public static class HarSanitizer
{
    public const string Redacted = RedactionPolicy.Marker;

    /// <summary>The most JSON values a trace (with the JSON in its bodies) may hold.</summary>
    public const int MaxNodes = 2_000_000;

    /// <summary>Sanitizes the HAR in <paramref name="har"/>; refuses anything that is not a HAR document.</summary>
    public static HarSanitizeResult Sanitize(ReadOnlyMemory<byte> har)
    {
        ReadOnlyMemory<byte> json = har.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? har[3..] : har;
        int? nodes = BodySanitizer.CountNodes(json.Span);
        if (nodes is null)
        {
            return Refuse(HarOutcome.Malformed, $"The file is not valid JSON (or nests deeper than {BodySanitizer.MaxDepth} levels), so it is not a HAR file.");
        }

        if (nodes > MaxNodes)
        {
            return Refuse(HarOutcome.TooComplex, $"The file holds {nodes:N0} JSON values; the desk inspects traces of at most {MaxNodes:N0}. Record a shorter trace, or only the failing requests.");
        }

        JsonDocument document;
        try
        {
            // A repeated property is ambiguous (which value would a viewer show?) and is refused at parse time.
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = BodySanitizer.MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            return Refuse(HarOutcome.Malformed, "The file repeats a property, so it is not a valid HAR file.");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("log", out JsonElement log) || log.ValueKind != JsonValueKind.Object
                || !log.TryGetProperty("entries", out JsonElement entries) || entries.ValueKind != JsonValueKind.Array)
            {
                return Refuse(HarOutcome.NotAHar, "The file has no log.entries, so it is not a HAR file.");
            }

            var redaction = new Redaction(MaxNodes - nodes.Value);
            var buffer = new ArrayBufferWriter<byte>(json.Length + (json.Length / 8) + 256);
            try
            {
                using (var writer = new Utf8JsonWriter(buffer, BodySanitizer.WriterOptions))
                {
                    new Walker(writer, redaction).Root(root);
                }
            }
            catch (HarFormatException ex)
            {
                return Refuse(HarOutcome.Malformed, ex.Message);
            }

            return new HarSanitizeResult(HarOutcome.Sanitized, buffer.WrittenSpan.ToArray(), redaction.Count, entries.GetArrayLength(), null);
        }
    }

    static HarSanitizeResult Refuse(HarOutcome outcome, string error) => new(outcome, null, 0, 0, error);

    /// <summary>A field of the HAR that does not have the type the format gives it.</summary>
    sealed class HarFormatException(string message) : Exception(message);

    /// <summary>Writes the sanitized HAR while walking the parsed one, knowing at every step which place of the format it is in.</summary>
    sealed class Walker(Utf8JsonWriter writer, Redaction redaction)
    {
        public void Root(JsonElement root) => this.Object(root, "$", (name, value, path) =>
        {
            if (name == "log")
            {
                this.Log(value, path);
                return true;
            }

            return false;
        });

        void Log(JsonElement log, string path) => this.Object(log, path, (name, value, at) =>
        {
            switch (name)
            {
                case "entries":
                    this.Array(value, at, this.Entry);
                    return true;
                case "pages":
                    this.Array(value, at, this.Page);
                    return true;
                default:
                    return false;
            }
        });

        void Page(JsonElement page, string path) => this.Object(page, path, (name, value, at) =>
        {
            if (name == "title")
            {
                // Often the page's URL; otherwise a title, which can still quote a token.
                this.String(value, at, required: false, BodySanitizer.SanitizeString);
                return true;
            }

            return false;
        });

        void Entry(JsonElement entry, string path)
        {
            Require(entry, path, "request", JsonValueKind.Object);
            Require(entry, path, "response", JsonValueKind.Object);
            this.Object(entry, path, (name, value, at) =>
            {
                switch (name)
                {
                    case "request":
                        this.Message(value, at, request: true);
                        return true;
                    case "response":
                        this.Message(value, at, request: false);
                        return true;
                    case "_webSocketMessages":
                        this.Array(value, at, this.WebSocketMessage);
                        return true;
                    default:
                        return false;
                }
            });
        }

        void Message(JsonElement message, string path, bool request)
        {
            if (request)
            {
                Require(message, path, "url", JsonValueKind.String);
                Require(message, path, "method", JsonValueKind.String);
            }

            this.Object(message, path, (name, value, at) =>
            {
                switch (name)
                {
                    case "url":
                    case "redirectURL":
                        this.String(value, at, required: true, UrlSanitizer.Sanitize);
                        return true;
                    case "headers":
                        this.Array(value, at, (header, headerPath) => this.NameValue(header, headerPath, this.HeaderValue));
                        return true;
                    case "queryString":
                        this.Array(value, at, (parameter, parameterPath) => this.NameValue(parameter, parameterPath, ParameterValue));
                        return true;
                    case "cookies":
                        this.Array(value, at, this.Cookie);
                        return true;
                    case "postData":
                        this.Body(value, at, textProperty: "text");
                        return true;
                    case "content":
                        this.Body(value, at, textProperty: "text");
                        return true;
                    case "method" or "httpVersion" or "statusText":
                        this.String(value, at, required: true, (text, _) => text);
                        return true;
                    case "status" or "headersSize" or "bodySize":
                        this.Number(value, at);
                        return true;
                    default:
                        return false;
                }
            });
        }

        string HeaderValue(string name, string value)
        {
            if (name.Equals("cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
            {
                return TextSanitizer.RedactCookieList(value, redaction);
            }

            if (RedactionPolicy.IsUrlHeader(name))
            {
                // Link: <url>; rel=…, Refresh: 0; url=…: the URLs inside are sanitized.
                return UrlSanitizer.IsAbsoluteUrl(value) || value.StartsWith('/') ? UrlSanitizer.Sanitize(value, redaction) : TextSanitizer.Sanitize(value, redaction);
            }

            if (RedactionPolicy.IsSafeHeader(name))
            {
                return TextSanitizer.RedactCredentialFormats(value, redaction);
            }

            redaction.Counted(value);
            return value.Length == 0 ? value : RedactionPolicy.Marker;
        }

        string ParameterValue(string name, string value)
        {
            if (!RedactionPolicy.IsSafeParameter(name))
            {
                redaction.Counted(value);
                return value.Length == 0 ? value : RedactionPolicy.Marker;
            }

            return UrlSanitizer.IsAbsoluteUrl(value) ? UrlSanitizer.Sanitize(value, redaction) : TextSanitizer.RedactCredentialFormats(value, redaction);
        }

        /// <summary>A header or parameter: <c>name</c> stays (less any credential format in it), <c>value</c> is judged under that name.</summary>
        void NameValue(JsonElement pair, string path, Func<string, string, string> judge)
        {
            string name = Text(Require(pair, path, "name", JsonValueKind.String), path + ".name");
            this.Object(pair, path, (property, value, at) =>
            {
                switch (property)
                {
                    case "name":
                        writer.WriteStringValue(TextSanitizer.RedactCredentialFormats(name, redaction));
                        return true;
                    case "value":
                        this.String(value, at, required: false, (text, _) => judge(name, text));
                        return true;
                    case "fileName" or "contentType":
                        this.String(value, at, required: false, (text, _) => text);
                        return true;
                    default:
                        return false;
                }
            });
        }

        void Cookie(JsonElement cookie, string path)
        {
            Require(cookie, path, "name", JsonValueKind.String);
            this.Object(cookie, path, (name, value, at) =>
            {
                switch (name)
                {
                    case "name":
                        this.String(value, at, required: true, (text, r) => TextSanitizer.RedactCredentialFormats(text, r));
                        return true;
                    case "value":
                        this.String(value, at, required: false, (text, _) =>
                        {
                            redaction.Counted(text);
                            return text.Length == 0 ? text : RedactionPolicy.Marker;
                        });
                        return true;
                    default:
                        return false;
                }
            });
        }

        /// <summary>postData or content: the text is sanitized by its media type; base64 content is decoded first.</summary>
        void Body(JsonElement body, string path, string textProperty)
        {
            RequireObject(body, path);
            string? mimeType = body.TryGetProperty("mimeType", out JsonElement mime) ? Text(mime, path + ".mimeType") : null;
            string? encoding = body.TryGetProperty("encoding", out JsonElement enc) ? Text(enc, path + ".encoding") : null;
            this.Object(body, path, (name, value, at) =>
            {
                if (name == textProperty)
                {
                    this.String(value, at, required: false, (text, _) => encoding is null
                        ? BodySanitizer.Sanitize(text, mimeType, redaction)
                        : this.EncodedBody(text, mimeType, encoding));
                    return true;
                }

                switch (name)
                {
                    case "params":
                        this.Array(value, at, (parameter, parameterPath) => this.NameValue(parameter, parameterPath, ParameterValue));
                        return true;
                    case "mimeType" or "encoding" or "compression":
                        this.String(value, at, required: false, (text, _) => text);
                        return true;
                    case "size":
                        this.Number(value, at);
                        return true;
                    default:
                        return false;
                }
            });
        }

        /// <summary>
        /// Base64 content: decoded, sanitized by its media type and encoded again when it is text; images, fonts,
        /// audio and video stay as they are; any other binary (protobuf, octet streams) goes, since it cannot be read.
        /// </summary>
        string EncodedBody(string text, string? mimeType, string encoding)
        {
            string mime = (mimeType ?? string.Empty).ToLowerInvariant();
            if (!encoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
            {
                redaction.Counted(text);
                return text.Length == 0 ? text : RedactionPolicy.Marker;
            }

            if (mime.StartsWith("image/", StringComparison.Ordinal) && !mime.Contains("svg", StringComparison.Ordinal)
                || mime.StartsWith("font/", StringComparison.Ordinal) || mime.StartsWith("audio/", StringComparison.Ordinal) || mime.StartsWith("video/", StringComparison.Ordinal))
            {
                return text;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                redaction.Counted(text);
                return RedactionPolicy.Marker;
            }

            string decoded;
            try
            {
                decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                redaction.Counted(text);
                return text.Length == 0 ? text : RedactionPolicy.Marker;
            }

            string clean = BodySanitizer.Sanitize(decoded, mimeType, redaction);
            return clean == decoded ? text : Convert.ToBase64String(Encoding.UTF8.GetBytes(clean));
        }

        /// <summary>A WebSocket frame: text frames are sanitized like a body of unknown type; binary frames go.</summary>
        void WebSocketMessage(JsonElement frame, string path)
        {
            RequireObject(frame, path);
            bool binary = frame.TryGetProperty("opcode", out JsonElement opcode) && opcode.ValueKind == JsonValueKind.Number && opcode.TryGetInt32(out int code) && code == 2;
            this.Object(frame, path, (name, value, at) =>
            {
                if (name != "data")
                {
                    return false;
                }

                this.String(value, at, required: false, (text, _) =>
                {
                    if (binary)
                    {
                        redaction.Counted(text);
                        return text.Length == 0 ? text : RedactionPolicy.Marker;
                    }

                    return BodySanitizer.Sanitize(text, null, redaction);
                });
                return true;
            });
        }

        /// <summary>
        /// Writes an object, letting <paramref name="known"/> write the properties this place of the format knows;
        /// every other property is written by the general rule (its value redacted under a secret-like name,
        /// strings sanitized). A <c>comment</c>, anywhere, is free text nobody needs to debug with: it goes.
        /// </summary>
        void Object(JsonElement element, string path, Func<string, JsonElement, string, bool> known)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new HarFormatException($"{path} must be an object.");
            }

            writer.WriteStartObject();
            foreach (JsonProperty property in element.EnumerateObject())
            {
                string name = Name(property, path);
                string at = $"{path}.{name}";
                writer.WritePropertyName(TextSanitizer.RedactCredentialFormats(name, redaction));
                if (name == "comment")
                {
                    this.String(property.Value, at, required: false, (text, _) =>
                    {
                        redaction.Counted(text);
                        return text.Length == 0 ? text : RedactionPolicy.Marker;
                    });
                }
                else if (!known(name, property.Value, at))
                {
                    this.Any(property.Value, at, name);
                }
            }

            writer.WriteEndObject();
        }

        void Array(JsonElement element, string path, Action<JsonElement, string> item)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                throw new HarFormatException($"{path} must be an array.");
            }

            writer.WriteStartArray();
            int index = 0;
            foreach (JsonElement value in element.EnumerateArray())
            {
                item(value, $"{path}[{index++.ToString(CultureInfo.InvariantCulture)}]");
            }

            writer.WriteEndArray();
        }

        /// <summary>The general rule, for everything this walker does not know by name (custom fields such as <c>_initiator</c>).</summary>
        void Any(JsonElement value, string path, string name)
        {
            if (RedactionPolicy.IsSecretName(name) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                string? text = value.ValueKind == JsonValueKind.String ? Text(value, path) : value.GetRawText();
                redaction.Counted(text);
                writer.WriteStringValue(string.IsNullOrEmpty(text) ? text : RedactionPolicy.Marker);
                return;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    this.Object(value, path, (_, _, _) => false);
                    break;
                case JsonValueKind.Array:
                    this.Array(value, path, (item, itemPath) => this.Any(item, itemPath, name));
                    break;
                case JsonValueKind.String:
                    writer.WriteStringValue(BodySanitizer.SanitizeString(Text(value, path), redaction));
                    break;
                default:
                    value.WriteTo(writer);
                    break;
            }
        }

        void String(JsonElement value, string path, bool required, Func<string, Redaction, string> sanitize)
        {
            if (value.ValueKind == JsonValueKind.Null && !required)
            {
                writer.WriteNullValue();
                return;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw new HarFormatException($"{path} must be a string.");
            }

            writer.WriteStringValue(sanitize(Text(value, path), redaction));
        }

        void Number(JsonElement value, string path)
        {
            if (value.ValueKind != JsonValueKind.Number)
            {
                throw new HarFormatException($"{path} must be a number.");
            }

            value.WriteTo(writer);
        }

        static void RequireObject(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new HarFormatException($"{path} must be an object.");
            }
        }

        static JsonElement Require(JsonElement owner, string path, string name, JsonValueKind kind)
        {
            RequireObject(owner, path);

            if (!owner.TryGetProperty(name, out JsonElement value))
            {
                throw new HarFormatException($"{path}.{name} is required.");
            }

            if (value.ValueKind != kind)
            {
                throw new HarFormatException($"{path}.{name} must be {(kind == JsonValueKind.Object ? "an object" : "a " + kind.ToString().ToLowerInvariant())}.");
            }

            return value;
        }

        static string Text(JsonElement value, string path)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                throw new HarFormatException($"{path} must be a string.");
            }

            try
            {
                return value.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw new HarFormatException($"{path} is not valid Unicode text (invalid UTF-8 or an unpaired surrogate).");
            }
        }

        static string Name(JsonProperty property, string path)
        {
            try
            {
                return property.Name;
            }
            catch (InvalidOperationException)
            {
                throw new HarFormatException($"A property name in {path} is not valid Unicode text (invalid UTF-8 or an unpaired surrogate).");
            }
        }
    }
}
