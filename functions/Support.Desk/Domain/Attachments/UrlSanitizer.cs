using System.Text;

namespace Support.Desk.Domain.Attachments;

/// <summary>
/// Keeps what a URL says about where a request went (scheme, host, port, path) and redacts what could
/// authenticate it: the user information, every query, matrix and fragment parameter not in
/// <see cref="RedactionPolicy"/>'s list, and credential formats in the path. A URL inside a kept parameter
/// (<c>redirect_uri=https://app/cb?code=…</c>) is sanitized the same way.
/// </summary>
public static class UrlSanitizer
{
    const int MaxNesting = 4;

    /// <summary>Whether the text is an absolute URL (<c>scheme://…</c>) or a <c>data:</c> URL.</summary>
    public static bool IsAbsoluteUrl(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SchemeLength(text) is > 0 and var n && (text.AsSpan(n).StartsWith("://") || text.StartsWith("data:", StringComparison.OrdinalIgnoreCase));
    }

    public static string Sanitize(string url, Redaction redaction) => Sanitize(url, redaction, 0);

    static string Sanitize(string url, Redaction redaction, int nesting)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(redaction);
        int scheme = SchemeLength(url);
        if (scheme > 0 && url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return DataUrl(url, redaction);
        }

        var result = new StringBuilder(url.Length);
        int position = 0;
        if (scheme > 0 && url.AsSpan(scheme).StartsWith("://"))
        {
            position = scheme + 3;
            result.Append(url, 0, position);
            int authorityEnd = url.IndexOfAny(['/', '?', '#'], position);
            authorityEnd = authorityEnd < 0 ? url.Length : authorityEnd;
            string authority = url[position..authorityEnd];
            int at = authority.LastIndexOf('@');
            if (at >= 0)
            {
                // user:password@host, or an API key as the user (https://KEY@sentry.example/1).
                redaction.Counted(authority[..at]);
                result.Append(RedactionPolicy.UrlMarker).Append(authority, at, authority.Length - at);
            }
            else
            {
                result.Append(authority);
            }

            position = authorityEnd;
        }

        int queryStart = url.IndexOf('?', position);
        int fragmentStart = url.IndexOf('#', position);
        if (queryStart > fragmentStart && fragmentStart >= 0)
        {
            queryStart = -1;
        }

        int pathEnd = queryStart >= 0 ? queryStart : fragmentStart >= 0 ? fragmentStart : url.Length;
        result.Append(Path(url[position..pathEnd], redaction));
        if (queryStart >= 0)
        {
            int queryEnd = fragmentStart >= 0 ? fragmentStart : url.Length;
            result.Append('?').Append(Parameters(url[(queryStart + 1)..queryEnd], '&', redaction, nesting));
        }

        if (fragmentStart >= 0)
        {
            result.Append('#').Append(Fragment(url[(fragmentStart + 1)..], redaction, nesting));
        }

        return result.ToString();
    }

    /// <summary>
    /// The parameters of a query, a form body or a fragment: names stay; a value stays only under a listed
    /// name (and a URL in it is sanitized in turn). A bare name that is not listed may itself be a token.
    /// </summary>
    public static string Parameters(string query, char separator, Redaction redaction) => Parameters(query, separator, redaction, 0);

    static string Parameters(string query, char separator, Redaction redaction, int nesting)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(redaction);
        if (query.Length == 0)
        {
            return query;
        }

        string[] pairs = query.Split(separator);
        for (int i = 0; i < pairs.Length; i++)
        {
            string pair = pairs[i];
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? pair : pair[..equals];
            if (pair.Length == 0)
            {
                continue;
            }

            if (!RedactionPolicy.IsSafeParameter(Decode(name)))
            {
                string value = equals < 0 ? name : pair[(equals + 1)..];
                redaction.Counted(Decode(value));
                pairs[i] = equals < 0
                    ? (value.Length == 0 ? pair : RedactionPolicy.UrlMarker)
                    : value.Length == 0 ? pair : $"{name}={RedactionPolicy.UrlMarker}";
                continue;
            }

            if (equals >= 0 && nesting < MaxNesting)
            {
                // A kept parameter may carry a whole URL with its own parameters (redirect_uri, returnTo).
                string value = Decode(pair[(equals + 1)..]);
                if (IsAbsoluteUrl(value) || value.StartsWith('/'))
                {
                    string clean = Sanitize(value, redaction, nesting + 1);
                    if (clean != value)
                    {
                        pairs[i] = $"{name}={Uri.EscapeDataString(clean)}";
                    }
                }
            }
        }

        return string.Join(separator, pairs);
    }

    /// <summary>
    /// A fragment: a client-side route (<c>#/callback?code=…</c>) keeps its path; parameters
    /// (<c>#access_token=…&amp;state=…</c>) are judged like a query's; anything else may be a token.
    /// </summary>
    static string Fragment(string fragment, Redaction redaction, int nesting)
    {
        if (fragment.Length == 0)
        {
            return fragment;
        }

        if (fragment.StartsWith('/') || fragment.StartsWith("!/", StringComparison.Ordinal))
        {
            int query = fragment.IndexOf('?', StringComparison.Ordinal);
            return query < 0
                ? Path(fragment, redaction)
                : Path(fragment[..query], redaction) + "?" + Parameters(fragment[(query + 1)..], '&', redaction, nesting);
        }

        if (fragment.Contains('=', StringComparison.Ordinal))
        {
            return Parameters(fragment, '&', redaction, nesting);
        }

        redaction.Counted(fragment);
        return RedactionPolicy.UrlMarker;
    }

    /// <summary>Paths stay, except matrix parameters (<c>;jsessionid=…</c>) and credential formats in a segment.</summary>
    static string Path(string path, Redaction redaction)
    {
        if (path.Length == 0)
        {
            return path;
        }

        string[] segments = path.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i];
            int semicolon = segment.IndexOf(';', StringComparison.Ordinal);
            if (semicolon >= 0)
            {
                segment = segment[..semicolon] + ";" + Parameters(segment[(semicolon + 1)..], ';', redaction, MaxNesting);
            }

            segments[i] = TextSanitizer.RedactCredentialFormats(segment, redaction, RedactionPolicy.UrlMarker);
        }

        return string.Join('/', segments);
    }

    static string DataUrl(string url, Redaction redaction)
    {
        int comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0 || comma == url.Length - 1)
        {
            return url;
        }

        // The media type says what it was; the payload is not needed to debug a login.
        redaction.Counted(url[(comma + 1)..]);
        return url[..(comma + 1)] + RedactionPolicy.UrlMarker;
    }

    static int SchemeLength(string text)
    {
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
        {
            return 0;
        }

        for (int i = 1; i < text.Length && i < 40; i++)
        {
            char c = text[i];
            if (c == ':')
            {
                return i;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-'))
            {
                return 0;
            }
        }

        return 0;
    }

    static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
