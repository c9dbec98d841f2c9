using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Support.Desk.Domain.Attachments;

/// <summary>
/// Redacts secrets from free text, where no structure says what a value is: log lines, HTML and script
/// bodies, page titles, WebSocket frames. In one pass, in time linear in the text (the patterns run on the
/// non-backtracking engine, so no input can make them slow):
/// <list type="bullet">
/// <item>URLs, sanitized as <see cref="UrlSanitizer"/> does (their parameters are default-deny);</item>
/// <item>JWTs and JWEs, and credential formats with a recognisable shape (AWS keys, GitHub, Slack, Stripe,
/// Google, SendGrid, npm, this desk's ticket tokens and webhook secrets);</item>
/// <item><c>Authorization</c>-style credentials after <c>Bearer</c>, <c>Basic</c> and the like;</item>
/// <item>the value after a secret-like name in <c>name=value</c>, <c>name: value</c>, <c>"name": "value"</c>
/// (an object or array value goes whole), header lines, command-line flags (<c>--password …</c>) and connection
/// strings (<c>AccountKey=…;Password=…</c>), and every cookie value in a cookie list;</item>
/// <item>PEM private key blocks.</item>
/// </list>
/// If a pattern ever timed out, the whole text is redacted rather than kept unchecked.
/// </summary>
public static class TextSanitizer
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    const string NameChars = @"[A-Za-z0-9_.\-]";

    /// <summary>Credential formats recognisable by their shape alone.</summary>
    const string CredentialFormats =
        @"eyJ[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]*){2,4}" // JWT (3 parts) and JWE (5 parts, the second may be empty)
        + @"|(?:AKIA|ASIA)[A-Z0-9]{16}"
        + @"|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,}"
        + @"|xox[abposr]-[A-Za-z0-9\-]{10,}"
        + @"|[sr]k_(?:live|test)_[A-Za-z0-9]{10,}"
        + @"|AIza[0-9A-Za-z_\-]{35}"
        + @"|SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}"
        + @"|npm_[A-Za-z0-9]{36,}"
        + @"|tkt_[A-Za-z0-9_\-]{20,}|whsec_[A-Za-z0-9+/=]{16,}";

    static readonly string SecretName = $"{NameChars}*(?i:{string.Join('|', RedactionPolicy.Stems.Select(Regex.Escape))}){NameChars}*";

    static readonly Regex Scanner = new(
        string.Join('|',
            @"(?<url>[A-Za-z][A-Za-z0-9+.\-]*://[^\s""'<>\\^`{}|]+)",
            $"(?<format>{CredentialFormats})",
            $@"(?m:^[ \t]*(?<hname>{SecretName})[ \t]*:[ \t]*(?<hvalue>[^\r\n]+))",
            @"(?<cname>(?i:cookie))[""']?[ \t]*[:=][ \t]*(?<cookies>[^\r\n""']+)",
            @"(?<scheme>(?:Bearer|BEARER|bearer|Basic|BASIC|Digest|Negotiate|NTLM)[ \t]+)(?<credential>[A-Za-z0-9\-._~+/]{8,}=*)",
            $@"(?<flag>--?{SecretName}[ \t]+)(?<argument>[^\s\-""'][^\s""']*|""[^""\r\n]*""|'[^'\r\n]*')",
            $@"(?<name>{SecretName})(?<sep>\\?[""']?[ \t]*[:=][ \t]*)(?<value>(?:Bearer|Basic|Digest|Negotiate|NTLM|SharedAccessSignature)[ \t]+[^\s""'&;,<>]+|""(?:[^""\\\r\n]|\\.)*""|'[^'\r\n]*'|\\""[^""\\\r\n]*\\""|\{{(?:[^{{}}]|\{{[^{{}}]*\}})*\}}|\[(?:[^\[\]]|\[[^\[\]]*\])*\]|[^\s""'&;,<>{{}}()\[\]:=\\]+)"),
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant,
        Timeout);

    static readonly Regex Formats = new(CredentialFormats, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Timeout);

    /// <summary>Cheap test before a pattern runs: text with none of these cannot hold anything the scanner redacts.</summary>
    static readonly SearchValues<string> Triggers = SearchValues.Create(
        [":", "=", "eyJ", "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "k_live_", "k_test_", "AIza", "SG.", "npm_", "tkt_", "whsec_", "bearer", "basic", "digest", "negotiate", "ntlm", "-----BEGIN"],
        StringComparison.OrdinalIgnoreCase);

    static readonly SearchValues<string> FormatTriggers = SearchValues.Create(
        ["eyJ", "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "k_live_", "k_test_", "AIza", "SG.", "npm_", "tkt_", "whsec_"],
        StringComparison.Ordinal);

    public static string Sanitize(string text, Redaction redaction)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(redaction);
        if (text.Length == 0 || text.AsSpan().IndexOfAny(Triggers) < 0)
        {
            return text;
        }

        try
        {
            return Scanner.Replace(RedactPrivateKeys(text, redaction), m => Replace(m, redaction));
        }
        catch (RegexMatchTimeoutException)
        {
            return redaction.Redact();
        }
    }

    /// <summary>Only the credential formats (JWTs, keys with a known shape): for URL paths and values under names that are not secret.</summary>
    public static string RedactCredentialFormats(string text, Redaction redaction, string marker = RedactionPolicy.Marker)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(redaction);
        if (text.AsSpan().IndexOfAny(FormatTriggers) < 0)
        {
            return text;
        }

        try
        {
            return Formats.Replace(text, m =>
            {
                redaction.Counted(m.Value);
                return marker;
            });
        }
        catch (RegexMatchTimeoutException)
        {
            return redaction.Redact();
        }
    }

    /// <summary>
    /// A cookie list (<c>Cookie</c> or <c>Set-Cookie</c>): every cookie's value goes; names, and the attributes
    /// that say how it is scoped (<c>Path</c>, <c>Domain</c>, <c>Expires</c>, <c>SameSite</c>, <c>Secure</c>,
    /// <c>HttpOnly</c>), stay, because login bugs are often about exactly those.
    /// </summary>
    public static string RedactCookieList(string cookies, Redaction redaction)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        ArgumentNullException.ThrowIfNull(redaction);
        string[] parts = cookies.Split(';');
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string name = (equals < 0 ? part : part[..equals]).Trim();
            bool attribute = i > 0 && name.ToUpperInvariant() is "PATH" or "DOMAIN" or "EXPIRES" or "MAX-AGE" or "SAMESITE" or "PRIORITY";
            if (equals >= 0 && !attribute)
            {
                redaction.Counted(part[(equals + 1)..].Trim());
                parts[i] = part[..(equals + 1)] + RedactionPolicy.Marker;
            }
            else if (equals < 0 && i == 0 && name.Length > 0)
            {
                // A lone value with no name is the cookie itself.
                redaction.Counted(name);
                parts[i] = RedactionPolicy.Marker;
            }
        }

        return string.Join(';', parts);
    }

    static string Replace(Match m, Redaction redaction)
    {
        if (m.Groups["url"].Success)
        {
            return UrlSanitizer.Sanitize(m.Value, redaction);
        }

        if (m.Groups["format"].Success)
        {
            redaction.Counted(m.Value);
            return RedactionPolicy.Marker;
        }

        if (m.Groups["hname"].Success)
        {
            Group value = m.Groups["hvalue"];
            string kept = m.Value[..(value.Index - m.Index)];
            if (m.Groups["hname"].Value.Contains("cookie", StringComparison.OrdinalIgnoreCase))
            {
                return kept + RedactCookieList(value.Value, redaction);
            }

            return RedactionPolicy.IsSecretName(m.Groups["hname"].Value)
                ? kept + Redacted(value.Value, redaction)
                : kept + RedactCredentialFormats(value.Value, redaction);
        }

        if (m.Groups["cookies"].Success)
        {
            Group cookies = m.Groups["cookies"];
            return m.Value[..(cookies.Index - m.Index)] + RedactCookieList(cookies.Value, redaction);
        }

        if (m.Groups["credential"].Success)
        {
            return m.Groups["scheme"].Value + Redacted(m.Groups["credential"].Value, redaction);
        }

        if (m.Groups["flag"].Success)
        {
            // A command line: --password hunter2, -client-secret "s3cr3t".
            string argument = m.Groups["argument"].Value;
            return RedactionPolicy.IsSecretName(m.Groups["flag"].Value)
                ? m.Groups["flag"].Value + (argument[0] is '"' or '\'' ? argument[0] + Redacted(argument[1..^1], redaction) + argument[0] : Redacted(argument, redaction))
                : m.Groups["flag"].Value + RedactCredentialFormats(argument, redaction);
        }

        string name = m.Groups["name"].Value;
        string text = m.Groups["value"].Value;
        string prefix = name + m.Groups["sep"].Value;
        if (text is RedactionPolicy.Marker or "\"" + RedactionPolicy.Marker + "\"")
        {
            return m.Value;
        }

        if (!RedactionPolicy.IsSecretName(name))
        {
            // Not a secret itself, but an object, array or quoted text may hold one (window.__STATE__ = {…}):
            // scan inside. Each level is shorter than the one around it, so this ends.
            return prefix + (text[0] is '{' or '[' or '"' or '\'' ? Sanitize(text, redaction) : RedactCredentialFormats(text, redaction));
        }

        // An object or array under a secret-like name (inline script state) goes whole, as JSON would have it.
        if (text[0] is '{' or '[')
        {
            return prefix + "\"" + Redacted(text, redaction) + "\"";
        }

        // Keep the quoting, so JSON stays JSON and a header stays a header.
        if (text.StartsWith("\\\"", StringComparison.Ordinal))
        {
            return prefix + "\\\"" + Redacted(text[2..^2], redaction) + "\\\"";
        }

        if (text.Length >= 2 && text[0] is '"' or '\'')
        {
            return prefix + text[0] + Redacted(text[1..^1], redaction) + text[0];
        }

        return prefix + Redacted(text, redaction);
    }

    static string Redacted(string original, Redaction redaction)
    {
        redaction.Counted(original);
        return original.Length == 0 ? original : RedactionPolicy.Marker;
    }

    /// <summary>PEM private keys, from BEGIN to END (or to the end of the base64 lines when END is missing).</summary>
    static string RedactPrivateKeys(string text, Redaction redaction)
    {
        int begin = text.IndexOf("-----BEGIN", StringComparison.Ordinal);
        if (begin < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        int position = 0;

        // Where the next END marker is, searched again only once passed: text with many BEGINs and no END stays linear.
        int nextEnd = -2;
        while (begin >= 0)
        {
            int window = Math.Min(80, text.Length - begin - 10);
            int headerEnd = window <= 0 ? -1 : text.AsSpan(begin + 10, window).IndexOf("-----", StringComparison.Ordinal);
            headerEnd = headerEnd < 0 ? -1 : headerEnd + begin + 10;
            if (headerEnd < 0 || !text.AsSpan(begin, headerEnd - begin).Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                begin = text.IndexOf("-----BEGIN", begin + 10, StringComparison.Ordinal);
                continue;
            }

            if (nextEnd != -1 && nextEnd < headerEnd + 5)
            {
                nextEnd = text.IndexOf("-----END", headerEnd + 5, StringComparison.Ordinal);
            }

            int blockEnd = nextEnd;
            if (blockEnd >= 0)
            {
                int close = text.IndexOf("-----", blockEnd + 8, StringComparison.Ordinal);
                blockEnd = close < 0 ? text.Length : close + 5;
            }
            else
            {
                blockEnd = headerEnd + 5;
                while (blockEnd < text.Length && (char.IsAsciiLetterOrDigit(text[blockEnd]) || text[blockEnd] is '+' or '/' or '=' or '\r' or '\n' or ' ' or '\t' or ':' or ','))
                {
                    blockEnd++;
                }
            }

            result.Append(text, position, begin - position).Append(redaction.Redact());
            position = blockEnd;
            begin = text.IndexOf("-----BEGIN", position, StringComparison.Ordinal);
        }

        return result.Append(text, position, text.Length - position).ToString();
    }
}
