using System.Collections.Frozen;
using System.Text;

namespace Support.Desk.Domain.Attachments;

/// <summary>
/// What the sanitizers keep and what they redact, in one place. Default-deny: a header value, a URL, form
/// or multipart parameter is redacted unless it is listed here as one that never carries a credential. In
/// JSON, XML and free text (where names are not known in advance) a value is redacted when its name speaks
/// of a secret, compared after folding case and separators (<c>refreshToken</c>, <c>X-Api-Key</c>,
/// <c>client_secret</c> and <c>CLIENT-SECRET</c> are all caught).
/// </summary>
public static class RedactionPolicy
{
    /// <summary>What replaces a redacted value.</summary>
    public const string Marker = "[redacted]";

    /// <summary>The marker as it stands inside a URL.</summary>
    public const string UrlMarker = "%5Bredacted%5D";

    /// <summary>Headers whose values describe the exchange and never authenticate it.</summary>
    static readonly FrozenSet<string> SafeHeaders = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        ":authority", ":method", ":scheme", ":status",
        "accept", "accept-charset", "accept-encoding", "accept-language", "accept-patch", "accept-post", "accept-ranges",
        "access-control-allow-credentials", "access-control-allow-headers", "access-control-allow-methods",
        "access-control-allow-origin", "access-control-expose-headers", "access-control-max-age",
        "access-control-request-headers", "access-control-request-method",
        "age", "allow", "alt-svc", "cache-control", "connection", "content-disposition", "content-encoding",
        "content-language", "content-length", "content-range", "content-security-policy",
        "content-security-policy-report-only", "content-type", "cross-origin-embedder-policy",
        "cross-origin-opener-policy", "cross-origin-resource-policy", "date", "dnt", "etag", "expect", "expires",
        "host", "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "keep-alive",
        "last-modified", "max-forwards", "origin-agent-cluster", "permissions-policy", "pragma", "priority",
        "purpose", "range", "referrer-policy", "retry-after", "sec-ch-prefers-color-scheme", "sec-ch-ua",
        "sec-ch-ua-arch", "sec-ch-ua-bitness", "sec-ch-ua-full-version", "sec-ch-ua-full-version-list",
        "sec-ch-ua-mobile", "sec-ch-ua-model", "sec-ch-ua-platform", "sec-ch-ua-platform-version",
        "sec-fetch-dest", "sec-fetch-mode", "sec-fetch-site", "sec-fetch-user", "sec-gpc", "sec-purpose",
        "sec-websocket-extensions", "sec-websocket-version", "server", "server-timing",
        "strict-transport-security", "te", "timing-allow-origin", "trailer", "transfer-encoding", "upgrade",
        "upgrade-insecure-requests", "user-agent", "vary", "via", "warning", "x-content-type-options",
        "x-dns-prefetch-control", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-frame-options",
        "x-permitted-cross-domain-policies", "x-powered-by", "x-real-ip", "x-requested-with", "x-robots-tag",
        "x-ua-compatible", "x-xss-protection",

        // Correlation and rate-limit headers: what support quotes to find a request in the provider's logs.
        "cf-cache-status", "cf-ray", "request-id", "traceparent", "x-amz-cf-id", "x-amz-request-id",
        "x-amzn-requestid", "x-auth0-requestid", "x-b3-spanid", "x-b3-traceid", "x-cache", "x-correlation-id",
        "x-ms-correlation-request-id", "x-ms-request-id", "x-ratelimit-limit", "x-ratelimit-remaining",
        "x-ratelimit-reset", "x-request-id", "x-served-by", "ratelimit-limit", "ratelimit-remaining",
        "ratelimit-reset",
    ]);

    /// <summary>Headers whose values are URLs: kept as URLs, with their parameters judged like a request's.</summary>
    static readonly FrozenSet<string> UrlHeaders = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        ["location", "content-location", "referer", "link", "origin", "refresh", ":path"]);

    /// <summary>
    /// OAuth 2.0, OpenID Connect, SAML, WS-Federation and Auth0 parameters an engineer debugs a login with and
    /// that authenticate nothing. Everything else (<c>code</c>, <c>state</c>, <c>nonce</c>, tokens, tickets,
    /// <c>SAMLResponse</c>, <c>RelayState</c>, <c>wresult</c>, <c>login_hint</c>, unknown names) is redacted.
    /// </summary>
    static readonly FrozenSet<string> SafeParameters = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "acr_values", "audience", "auth0Client", "claims_locales", "client_id", "client-request-id",
        "code_challenge_method", "connection", "display", "domain_hint", "error", "error_description", "error_uri",
        "expires_in", "federated", "grant_type", "iss", "lang", "locale", "max_age", "organization",
        "post_logout_redirect_uri", "prompt", "protocol", "redirect_uri", "resource", "response_mode",
        "response_type", "returnTo", "scope", "screen_hint", "SigAlg", "token_type", "ui_locales", "wa", "wfresh",
        "whr", "wreply", "wtrealm", "x-client-cpu", "x-client-os", "x-client-sku", "x-client-ver",
    ]);

    /// <summary>Parts of a folded name that speak of a secret wherever they stand in it.</summary>
    static readonly string[] SecretStems =
    [
        "token", "secret", "passw", "pwd", "passphrase", "passcode", "credential", "creds", "auth", "key",
        "session", "sessid", "cookie", "csrf", "xsrf", "nonce", "otp", "mfa", "assertion", "saml", "ticket", "code",
        "signature", "cipher", "private", "bearer", "jwt", "wresult", "verifier", "challenge", "recovery",
        "connectionstring", "sas",
    ];

    /// <summary>Short names that are secrets alone but too common inside other words to be stems.</summary>
    static readonly FrozenSet<string> SecretNames = FrozenSet.Create(StringComparer.Ordinal, ["sig", "sid", "pin", "state", "relaystate", "wctx"]);

    /// <summary>Folded names that contain a stem but name something that is never a secret.</summary>
    static readonly FrozenSet<string> NeverSecretNames = FrozenSet.Create(StringComparer.Ordinal,
        ["author", "authors", "authority", "authorities", "kid", "keyid", "unicode", "encode", "decode", "codec", "encoding"]);

    /// <summary>Endings of folded names that describe a secret (where, which kind, how long) rather than hold it.</summary>
    static readonly string[] NeverSecretSuffixes =
    [
        "endpoint", "uri", "url", "urls", "supported", "type", "types", "method", "methods", "expiresin", "expiresat",
        "expiry", "expiration", "lifetime", "ttl", "length", "count", "statuscode", "errorcode", "httpcode",
        "responsecode", "reasoncode", "exitcode", "returncode", "countrycode", "languagecode", "currencycode",
        "postalcode", "zipcode", "areacode", "regioncode", "author", "authority",
    ];

    /// <summary>The stems, for the text scanner's pattern (which then asks <see cref="IsSecretName"/>).</summary>
    internal static IReadOnlyList<string> Stems => [.. SecretStems, .. SecretNames];

    public static bool IsSafeHeader(string name) => SafeHeaders.Contains(name.Trim());

    public static bool IsUrlHeader(string name) => UrlHeaders.Contains(name.Trim());

    public static bool IsSafeParameter(string name) => SafeParameters.Contains(name.Trim());

    /// <summary>Verdicts already reached: names repeat endlessly in a trace. Capped, so hostile names cannot grow it.</summary>
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Verdicts = new(StringComparer.Ordinal);

    const int MaxVerdicts = 10_000;

    /// <summary>Whether a value under this name (a JSON key, an XML element, a <c>name=value</c> in text) is a secret.</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Verdicts.TryGetValue(name, out bool known))
        {
            return known;
        }

        bool secret = Judge(name);
        if (Verdicts.Count < MaxVerdicts && name.Length <= 64)
        {
            Verdicts.TryAdd(name, secret);
        }

        return secret;
    }

    static bool Judge(string name)
    {
        string folded = Fold(name);
        if (folded.Length == 0 || NeverSecretNames.Contains(folded) || NeverSecretSuffixes.Any(s => folded.EndsWith(s, StringComparison.Ordinal)))
        {
            return false;
        }

        return SecretNames.Contains(folded)
            || folded.EndsWith("sid", StringComparison.Ordinal)
            || SecretStems.Any(s => folded.Contains(s, StringComparison.Ordinal));
    }

    /// <summary>Lower case, without separators: <c>X-Refresh_Token</c> and <c>xRefreshToken</c> both fold to <c>xrefreshtoken</c>.</summary>
    public static string Fold(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var folded = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString();
    }
}
