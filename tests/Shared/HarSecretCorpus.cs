using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Support.Desk.TestCorpus;

/// <summary>A secret planted in the corpus: where it hides, and the strings that must not survive.</summary>
public sealed record PlantedSecret(string Place, IReadOnlyList<string> Values);

/// <summary>
/// A HAR built from the threat, not from the sanitizer: every place of the format where a login flow carries a
/// credential (headers, cookies, URL user information, query, fragment, matrix parameters, forms, multipart,
/// JSON bodies at any depth and of any type, base64 and XSSI-wrapped bodies, HTML form_post, SAML and WS-Fed
/// posts, XML, WebSocket frames, page titles, redirect URLs, initiators, comments, custom fields), each with a
/// secret of its own, plus what an engineer needs to debug the flow, which must be kept.
/// </summary>
public sealed class HarSecretCorpus
{
    readonly Random random = new(20261130);
    readonly List<PlantedSecret> secrets = [];
    readonly JsonArray entries = [];

    HarSecretCorpus()
    {
    }

    public IReadOnlyList<PlantedSecret> Secrets => this.secrets;

    public JsonObject Har { get; private set; } = [];

    public byte[] Bytes => Encoding.UTF8.GetBytes(this.Har.ToJsonString());

    /// <summary>What must survive sanitizing: the facts an engineer debugs a login with.</summary>
    public static IReadOnlyList<string> Kept { get; } =
    [
        "https://acme.us.auth0.com/authorize", "client_id=abc123", "response_type=code", "scope=openid%20profile", "connection=acme-ad",
        "prompt=login", "redirect_uri=https%3A%2F%2Fportal.acme.example%2Fcallback", "\"method\":\"POST\"", "\"status\":302", "\"status\":401",
        "\"name\":\"Content-Type\"", "application/x-www-form-urlencoded", "Mozilla/5.0 (X11; Linux x86_64)", "\"name\":\"Set-Cookie\"",
        "Path=/; Secure; HttpOnly; SameSite=None", "\"name\":\"auth0\"", "error=access_denied", "error_description=The%20token%20is%20expired",
        "\"wait\":87.5", "/oauth/token", "\\\"expires_in\\\":86400", "\\\"token_type\\\":\\\"Bearer\\\"", "\\\"error\\\":\\\"invalid_grant\\\"", "x-auth0-requestid",
        "b7f3c9d2-request-id", "\"serverIPAddress\":\"203.0.113.10\"", "\"title\":\"Acme Portal - Log in\"", "\"statusText\":\"Unauthorized\"",
    ];

    public static HarSecretCorpus Build()
    {
        var corpus = new HarSecretCorpus();
        corpus.Populate();
        return corpus;
    }

    /// <summary>Every form a surviving secret could take in the stored bytes: as is, URL-encoded, JSON-escaped, base64.</summary>
    public static IEnumerable<string> Encodings(string secret)
    {
        yield return secret;
        yield return Uri.EscapeDataString(secret);
        yield return JsonSerializer.Serialize(secret)[1..^1];
        yield return System.Text.Json.JsonEncodedText.Encode(secret, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();

        // Base64 of the secret at each of the three alignments it can have inside a longer base64 stream:
        // the middle of each encoding is the same wherever the secret stands.
        for (int shift = 0; shift < 3; shift++)
        {
            string encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('.', shift) + secret));
            if (encoded.Length > 16)
            {
                yield return encoded[4..^4];
            }
        }
    }

    /// <summary>Where in the stored text an encoding of the secret survives, or null when none does.</summary>
    public static string? FindSurvivor(string stored, string secret)
    {
        string searchable = stored + "\n" + DecodedBase64Contents(stored);
        foreach (string encoding in Encodings(secret))
        {
            int at = searchable.IndexOf(encoding, StringComparison.Ordinal);
            if (at >= 0)
            {
                return $"'{encoding}' survives near: {searchable.Substring(Math.Max(0, at - 80), Math.Min(200, searchable.Length - Math.Max(0, at - 80)))}";
            }
        }

        return null;
    }

    /// <summary>The text of every base64-encoded body in a HAR, so what they hide is scanned too.</summary>
    public static string DecodedBase64Contents(string har)
    {
        var decoded = new StringBuilder();
        using JsonDocument document = JsonDocument.Parse(har);
        foreach (JsonElement entry in document.RootElement.GetProperty("log").GetProperty("entries").EnumerateArray())
        {
            if (entry.TryGetProperty("response", out JsonElement response) && response.TryGetProperty("content", out JsonElement content)
                && content.TryGetProperty("encoding", out JsonElement encoding) && encoding.GetString() == "base64"
                && content.TryGetProperty("text", out JsonElement text))
            {
                try
                {
                    decoded.AppendLine(Encoding.UTF8.GetString(Convert.FromBase64String(text.GetString()!)));
                }
                catch (FormatException)
                {
                }
            }
        }

        return decoded.ToString();
    }

    string Secret(string place)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        string value = new([.. Enumerable.Range(0, 24).Select(_ => alphabet[this.random.Next(alphabet.Length)])]);
        this.secrets.Add(new PlantedSecret(place, [value]));
        return value;
    }

    /// <summary>A signed JWT whose payload and signature are both secrets (either surviving alone is a leak).</summary>
    string Jwt(string place)
    {
        string header = Base64Url("""{"alg":"RS256","typ":"JWT","kid":"k1"}""");
        string payload = Base64Url($$"""{"sub":"auth0|{{this.random.Next():x}}","aud":"https://api.acme","sid":"{{this.random.Next():x}}"}""");
        string signature = Base64Url(Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + this.random.Next());
        string jwt = $"{header}.{payload}.{signature}";
        this.secrets.Add(new PlantedSecret(place, [jwt, payload, signature]));
        return jwt;
    }

    /// <summary>A JWE in direct-encryption mode: its second (encrypted key) segment is empty.</summary>
    string Jwe(string place)
    {
        string header = Base64Url("""{"alg":"dir","enc":"A256GCM"}""");
        string iv = Base64Url($"iv-{this.random.Next()}");
        string ciphertext = Base64Url($"ciphertext-{this.random.Next()}-{this.random.Next()}");
        string tag = Base64Url($"tag-{this.random.Next()}");
        string jwe = $"{header}..{iv}.{ciphertext}.{tag}";
        this.secrets.Add(new PlantedSecret(place, [jwe, ciphertext, tag]));
        return jwe;
    }

    static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static JsonObject Header(string name, string value) => new() { ["name"] = name, ["value"] = value };

    static JsonObject Request(string method, string url, params JsonObject[] headers) => new()
    {
        ["method"] = method,
        ["url"] = url,
        ["httpVersion"] = "HTTP/2.0",
        ["headers"] = new JsonArray([Header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"), .. headers]),
        ["queryString"] = new JsonArray(),
        ["cookies"] = new JsonArray(),
        ["headersSize"] = -1,
        ["bodySize"] = -1,
    };

    static JsonObject Response(int status, string statusText, string mimeType, string text, params JsonObject[] headers) => new()
    {
        ["status"] = status,
        ["statusText"] = statusText,
        ["httpVersion"] = "HTTP/2.0",
        ["headers"] = new JsonArray([Header("Content-Type", mimeType), Header("x-auth0-requestid", "b7f3c9d2-request-id"), .. headers]),
        ["cookies"] = new JsonArray(),
        ["content"] = new JsonObject { ["size"] = text.Length, ["mimeType"] = mimeType, ["text"] = text },
        ["redirectURL"] = string.Empty,
        ["headersSize"] = -1,
        ["bodySize"] = -1,
    };

    void Add(JsonObject request, JsonObject response, JsonObject? extra = null)
    {
        var entry = new JsonObject
        {
            ["pageref"] = "page_1",
            ["startedDateTime"] = "2026-11-26T09:30:00.000Z",
            ["time"] = 120.5,
            ["request"] = request,
            ["response"] = response,
            ["cache"] = new JsonObject(),
            ["timings"] = new JsonObject { ["send"] = 0.5, ["wait"] = 87.5, ["receive"] = 2 },
            ["serverIPAddress"] = "203.0.113.10",
        };
        foreach ((string name, JsonNode? value) in extra ?? [])
        {
            entry[name] = value?.DeepClone();
        }

        this.entries.Add(entry);
    }

    void Populate()
    {
        // 1. The authorize redirect: parameters engineers need, next to state and nonce, which are secrets.
        JsonObject authorize = Request("GET",
            $"https://acme.us.auth0.com/authorize?response_type=code&client_id=abc123&redirect_uri=https%3A%2F%2Fportal.acme.example%2Fcallback&scope=openid%20profile&connection=acme-ad&prompt=login&state={this.Secret("query: state")}&nonce={this.Secret("query: nonce")}",
            Header("Referer", $"https://portal.acme.example/login?access_token={this.Secret("Referer header: access_token")}"),
            Header("Cookie", $"auth0={this.Secret("Cookie header: first cookie")}; did={this.Secret("Cookie header: second cookie")}"),
            Header(":path", $"/authorize?client_id=abc123&code_verifier={this.Secret(":path pseudo-header: code_verifier")}"),
            Header("sec-websocket-protocol", $"base64url.bearer.authorization.k8s.io.{this.Secret("sec-websocket-protocol: bearer")}"));
        authorize["queryString"] = new JsonArray(
            Header("client_id", "abc123"),
            Header("state", this.Secret("queryString[]: state")),
            Header("tenant_hint", this.Secret("queryString[]: unknown parameter")));
        authorize["cookies"] = new JsonArray(new JsonObject { ["name"] = "auth0", ["value"] = this.Secret("request.cookies[]: auth0"), ["path"] = "/", ["httpOnly"] = true });
        JsonObject redirect = Response(302, "Found", "text/html", string.Empty,
            Header("Location", $"https://portal.acme.example/callback?code={this.Secret("Location header: code")}&state={this.Secret("Location header: state")}"),
            Header("Set-Cookie", $"auth0={this.Secret("Set-Cookie: value")}; Path=/; Secure; HttpOnly; SameSite=None"),
            Header("Link", $"<https://acme.us.auth0.com/u/login?ticket={this.Secret("Link header: ticket")}>; rel=\"next\""),
            Header("Content-Location", $"/download?sig={this.Secret("Content-Location header: sig")}"),
            Header("Refresh", $"0; url=https://portal.acme.example/?login_ticket={this.Secret("Refresh header: login_ticket")}"));
        redirect["redirectURL"] = $"https://portal.acme.example/callback?code={this.Secret("redirectURL: code")}";
        redirect["cookies"] = new JsonArray(new JsonObject { ["name"] = "did", ["value"] = this.Secret("response.cookies[]: did"), ["secure"] = true });
        this.Add(authorize, redirect, new JsonObject
        {
            ["_initiator"] = new JsonObject
            {
                ["type"] = "script",
                ["url"] = $"https://portal.acme.example/app.js?api_key={this.Secret("_initiator.url: api_key")}",
                ["stack"] = new JsonObject
                {
                    ["callFrames"] = new JsonArray(new JsonObject { ["functionName"] = "login", ["url"] = $"https://cdn.acme.example/sdk.js?token={this.Secret("_initiator.stack.callFrames[].url: token")}", ["lineNumber"] = 12 }),
                },
            },
            ["comment"] = $"copied from the console: {this.Secret("entry.comment")}",
            ["_authToken"] = this.Secret("custom entry field: _authToken"),
        });

        // 2. The password step: a form body, its params, credential headers a browser or a proxy adds.
        string password = this.Secret("form body: password");
        string clientSecret = this.Secret("form body: client_secret");
        JsonObject login = Request("POST", "https://acme.us.auth0.com/usernamepassword/login",
            Header("Content-Type", "application/x-www-form-urlencoded"),
            Header("Authorization", $"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("jane:" + this.Secret("Authorization: Basic credentials")))}"),
            Header("X-Staff-Key", this.Secret("X-Staff-Key header")),
            Header("Ocp-Apim-Subscription-Key", this.Secret("Ocp-Apim-Subscription-Key header")),
            Header("X-Amz-Security-Token", this.Secret("X-Amz-Security-Token header")),
            Header("Proxy-Authorization", $"Bearer {this.Secret("Proxy-Authorization header")}"),
            Header("X-CSRF-Token", this.Secret("X-CSRF-Token header")),
            Header("X-Tenant-Signing", this.Secret("unknown custom header")),
            Header("api-key", this.Secret("api-key header")));
        login["postData"] = new JsonObject
        {
            ["mimeType"] = "application/x-www-form-urlencoded",
            ["text"] = $"username=jane%40acme.example&password={password}&client_id=abc123&client_secret={clientSecret}&connection=acme-ad",
            ["params"] = new JsonArray(Header("username", "jane@acme.example"), Header("password", password), Header("client_secret", clientSecret), Header("connection", "acme-ad")),
        };
        this.Add(login, Response(200, "OK", "text/html", this.FormPost()));

        // 3. The code exchange: JSON request and response bodies with secrets of every type and depth.
        JsonObject exchange = Request("POST", "https://acme.us.auth0.com/oauth/token", Header("Content-Type", "application/json"));
        exchange["postData"] = new JsonObject
        {
            ["mimeType"] = "application/json",
            ["text"] = new JsonObject
            {
                ["grant_type"] = "authorization_code",
                ["client_id"] = "abc123",
                ["refreshToken"] = this.Secret("JSON request: refreshToken"),
                ["clientSecret"] = this.Secret("JSON request: clientSecret"),
                ["apiKey"] = this.Secret("JSON request: apiKey"),
                ["data"] = new JsonObject { ["user"] = new JsonObject { ["mfa"] = new JsonObject { ["otp"] = 918273645501 } } },
                ["auth"] = new JsonObject { ["user"] = "jane", ["pass"] = this.Secret("JSON request: object under auth") },
                ["recovery_codes"] = new JsonArray(this.Secret("JSON request: recovery_codes[0]"), this.Secret("JSON request: recovery_codes[1]")),
                ["payload"] = new JsonObject { ["access_token"] = this.Secret("JSON request: stringified JSON in a string") }.ToJsonString(),
                ["next"] = $"https://portal.acme.example/cb?code={this.Secret("JSON request: URL in a string")}",
                ["config"] = $"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={this.Secret("JSON request: connection string AccountKey")};EndpointSuffix=core.windows.net",
                ["note"] = "AKIA" + this.AwsKeyTail("JSON request: AWS access key id in free text"),
                ["pem"] = $"-----BEGIN PRIVATE KEY-----\nMIIE{this.Secret("JSON request: PEM private key")}\n-----END PRIVATE KEY-----",
            }.ToJsonString(),
        };
        this.secrets.Add(new PlantedSecret("JSON request: otp number", ["918273645501"]));
        JsonObject tokens = Response(200, "OK", "application/json", new JsonObject
        {
            ["access_token"] = this.Jwt("JSON response: access_token"),
            ["id_token"] = this.Jwt("JSON response: id_token"),
            ["refresh_token"] = this.Secret("JSON response: refresh_token"),
            ["login_ticket"] = this.Secret("JSON response: login_ticket"),
            ["recovery_code"] = this.Secret("JSON response: recovery_code"),
            ["encrypted"] = this.Jwe("JSON response: dir JWE under a harmless name"),
            ["expires_in"] = 86400,
            ["token_type"] = "Bearer",
        }.ToJsonString());
        this.Add(exchange, tokens);

        // 4. The callback with an implicit-flow fragment, a client-side route, matrix and bare parameters, userinfo.
        this.Add(
            Request("GET", $"https://portal.acme.example/callback#access_token={this.Secret("fragment: access_token")}&id_token={this.Jwt("fragment: id_token")}&token_type=Bearer&state={this.Secret("fragment: state")}"),
            Response(200, "OK", "text/plain", $"Your link: https://portal.acme.example/#/verify?code={this.Secret("text body: route fragment code")} Authorization: Bearer {this.Secret("text body: Authorization line")} ghp_{this.GitHubTail("text body: GitHub token")}"));
        this.Add(
            Request("GET", $"https://jane:{this.Secret("URL userinfo: password")}@files.acme.example/app;jsessionid={this.Secret("URL matrix parameter: jsessionid")}/logs?{this.Secret("URL bare parameter")}&sv=2021-08-06&sig={this.Secret("URL: storage SAS sig")}&X-Amz-Security-Token={this.Secret("URL: X-Amz-Security-Token")}&recovery_code={this.Secret("URL: recovery_code")}&redirect_uri=https%3A%2F%2Fportal.acme.example%2Fcb%3Fcode%3D{this.Secret("URL: code inside a kept redirect_uri")}"),
            Response(200, "OK", "application/octet-stream", string.Empty));
        this.Add(
            Request("GET", $"https://{this.Secret("URL userinfo: API key as the user")}@o1.ingest.sentry.example/api/1/verify/{this.Jwt("URL path segment: JWT")}"),
            Response(204, "No Content", "text/plain", string.Empty));

        // 5. Bodies that hide JSON: XSSI prefix, base64, multipart; XML; WebSocket frames.
        JsonObject xssi = Response(200, "OK", "application/json", ")]}'\n" + new JsonObject { ["session_token"] = this.Secret("XSSI-prefixed JSON: session_token") }.ToJsonString());
        JsonObject base64 = Response(200, "OK", "application/json", Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["accessToken"] = this.Secret("base64 JSON body: accessToken") }.ToJsonString())));
        ((JsonObject)base64["content"]!)["encoding"] = "base64";
        this.Add(Request("GET", "https://acme.us.auth0.com/userinfo"), xssi);
        this.Add(Request("GET", "https://acme.us.auth0.com/api/v2/me"), base64);
        JsonObject plainBase64 = Response(200, "OK", "text/plain", Convert.ToBase64String(Encoding.UTF8.GetBytes($"session ok\npassword={this.Secret("base64 text body: password=")}\n")));
        ((JsonObject)plainBase64["content"]!)["encoding"] = "base64";
        this.Add(Request("GET", "https://acme.us.auth0.com/debug"), plainBase64);
        JsonObject binary = Response(200, "OK", "application/x-protobuf", Convert.ToBase64String([0x0A, 0x20, .. Encoding.UTF8.GetBytes(this.Secret("base64 binary (protobuf) body")), 0xFF, 0x00]));
        ((JsonObject)binary["content"]!)["encoding"] = "base64";
        this.Add(Request("POST", "https://acme.us.auth0.com/grpc.Session/Get"), binary);

        JsonObject upload = Request("POST", "https://portal.acme.example/profile", Header("Content-Type", "multipart/form-data; boundary=----WebKitFormBoundaryX1"));
        upload["postData"] = new JsonObject
        {
            ["mimeType"] = "multipart/form-data; boundary=----WebKitFormBoundaryX1",
            ["text"] = "------WebKitFormBoundaryX1\r\nContent-Disposition: form-data; name=\"connection\"\r\n\r\nacme-ad\r\n"
                + $"------WebKitFormBoundaryX1\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{this.Secret("multipart part: password")}\r\n"
                + $"------WebKitFormBoundaryX1\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n{this.Secret("multipart file part")}\r\n"
                + "------WebKitFormBoundaryX1--\r\n",
        };
        this.Add(upload, Response(401, "Unauthorized", "application/json", """{"error":"invalid_grant","error_description":"The token is expired"}""",
            Header("WWW-Authenticate", $"Bearer realm=\"acme\", error_description=\"{this.Secret("WWW-Authenticate header")}\"")));

        this.Add(
            Request("POST", "https://sts.acme.example/adfs/services/trust/13/usernamemixed", Header("Content-Type", "application/soap+xml")),
            Response(200, "OK", "application/soap+xml",
                $"<?xml version=\"1.0\"?><s:Envelope><s:Body><wst:RequestSecurityTokenResponse><wsse:BinarySecurityToken ValueType=\"x\">{this.Secret("XML: BinarySecurityToken")}</wsse:BinarySecurityToken><ds:SignatureValue>{this.Secret("XML: SignatureValue")}</ds:SignatureValue></wst:RequestSecurityTokenResponse></s:Body></s:Envelope>"));

        this.Add(
            Request("GET", "wss://realtime.acme.example/graphql"),
            Response(101, "Switching Protocols", "text/plain", string.Empty),
            new JsonObject
            {
                ["_webSocketMessages"] = new JsonArray(
                    new JsonObject { ["type"] = "send", ["time"] = 1.5, ["opcode"] = 1, ["data"] = new JsonObject { ["type"] = "connection_init", ["payload"] = new JsonObject { ["authToken"] = this.Secret("WebSocket text frame: authToken") } }.ToJsonString() },
                    new JsonObject { ["type"] = "receive", ["time"] = 1.6, ["opcode"] = 1, ["data"] = $"ack {this.Jwt("WebSocket text frame: JWT in text")}" },
                    new JsonObject { ["type"] = "receive", ["time"] = 1.7, ["opcode"] = 2, ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(this.Secret("WebSocket binary frame"))) }),
            });

        this.Har = new JsonObject
        {
            ["log"] = new JsonObject
            {
                ["version"] = "1.2",
                ["creator"] = new JsonObject { ["name"] = "WebInspector", ["version"] = "537.36" },
                ["comment"] = $"log comment {this.Secret("log.comment")}",
                ["pages"] = new JsonArray(
                    new JsonObject { ["startedDateTime"] = "2026-11-26T09:30:00.000Z", ["id"] = "page_1", ["title"] = "Acme Portal - Log in", ["pageTimings"] = new JsonObject { ["onLoad"] = 600 } },
                    new JsonObject { ["startedDateTime"] = "2026-11-26T09:30:01.000Z", ["id"] = "page_2", ["title"] = $"https://portal.acme.example/callback?code={this.Secret("pages[].title: URL with code")}", ["comment"] = this.Secret("pages[].comment") }),
                ["entries"] = this.entries,
            },
        };

        // Engineers' facts inside the 302 and 401 answers above.
        ((JsonArray)((JsonObject)this.entries[0]!["response"]!)["headers"]!).Add(Header("x-request-id", "b7f3c9d2-request-id"));
        this.Add(
            Request("GET", "https://portal.acme.example/callback?error=access_denied&error_description=The%20token%20is%20expired"),
            Response(401, "Unauthorized", "text/html", "<html><body>Denied</body></html>"));
    }

    /// <summary>A form_post response: hidden inputs with an authorization code, an ID token, SAML and WS-Fed posts, a CSRF meta tag, an inline script.</summary>
    string FormPost() =>
        "<!DOCTYPE html><html><head><title>Submit</title>"
        + $"<meta name=\"csrf-token\" content=\"{this.Secret("HTML meta csrf-token")}\">"
        + $"<script>window.__STATE__ = {{\"accessToken\":\"{this.Secret("HTML inline script: accessToken")}\",\"user\":\"jane\"}};</script></head>"
        + "<body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"https://portal.acme.example/callback\">"
        + $"<input type=\"hidden\" name=\"code\" value=\"{this.Secret("HTML form_post: code")}\"/>"
        + $"<input type=\"hidden\" name=\"id_token\" value=\"{this.Jwt("HTML form_post: id_token")}\"/>"
        + $"<input type='hidden' name='state' value='{this.Secret("HTML form_post: state")}'/>"
        + $"<input type=\"hidden\" name=\"SAMLResponse\" value=\"{Convert.ToBase64String(Encoding.UTF8.GetBytes($"<samlp:Response><saml:Assertion>{this.Secret("HTML: SAMLResponse (base64 XML)")}</saml:Assertion></samlp:Response>"))}\"/>"
        + $"<input type=\"hidden\" name=\"RelayState\" value=\"{this.Secret("HTML: RelayState")}\"/>"
        + $"<input type=\"hidden\" name=\"wresult\" value=\"&lt;t:RequestSecurityTokenResponse&gt;{this.Secret("HTML: WS-Fed wresult")}&lt;/t:RequestSecurityTokenResponse&gt;\"/>"
        + $"<input name=\"pin\" type=\"password\" value=\"{this.Secret("HTML password input")}\">"
        + "<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>";

    string AwsKeyTail(string place)
    {
        string tail = new([.. Enumerable.Range(0, 16).Select(_ => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[this.random.Next(32)])]);
        this.secrets.Add(new PlantedSecret(place, ["AKIA" + tail]));
        return tail;
    }

    string GitHubTail(string place)
    {
        string tail = new([.. Enumerable.Range(0, 36).Select(_ => "abcdefghijklmnopqrstuvwxyz0123456789"[this.random.Next(36)])]);
        this.secrets.Add(new PlantedSecret(place, ["ghp_" + tail]));
        return tail;
    }
}
