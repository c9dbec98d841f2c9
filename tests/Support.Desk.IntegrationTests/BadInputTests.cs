using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>Hundreds of generated malformed requests across every endpoint of the local host: never a 5xx.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class BadInputTests(AzuriteFixture azurite)
{
    static readonly string[] Fields = ["tenant", "requester", "severity", "subject", "description", "applications", "connections", "loginStage", "startedAt", "affectedUsers", "frequency", "browsers", "browser", "appliance"];

    static readonly JsonNode?[] Weird =
    [
        null, 0, -1, 1e308, true, "", " ", new string('x', 30_000), "\u0000", "😀💥", "../../etc/passwd", "<script>alert(1)</script>",
        "'; DROP TABLE Tickets; --", new JsonArray(), new JsonObject(), new JsonArray(1, "two", null), "2026-13-45T99:99:99Z", "urgent ", "URGENT",
    ];

    static IEnumerable<(string Name, HttpRequestMessage Request)> Generate(string ticketId, Random random)
    {
        string[] rawBodies =
        [
            "", "{", "}", "[]", "null", "\"string\"", "42", "{\"tenant\":", "{'single':'quotes'}", "{\"a\":1,}", "\u00ff\u00fe", "{\"tenant\":\"acme-prod\"}{\"x\":1}",
            new string('[', 5000) + new string(']', 5000), "{\"tenant\":\"acme-prod\",\"tenant\":\"globex\"}",
        ];
        string[] commandPaths = [$"responses", "updates", "resolution", "confirmation"];

        foreach (string raw in rawBodies)
        {
            yield return ($"submit raw {raw.Length}", Post("/api/tickets", raw));
            foreach (string path in commandPaths)
            {
                yield return ($"{path} raw {raw.Length}", Post($"/api/tickets/{ticketId}/{path}", raw));
            }

            yield return ($"patch raw {raw.Length}", new HttpRequestMessage(HttpMethod.Patch, $"/api/tickets/{ticketId}") { Content = Json(raw) });
        }

        // Every field of a valid submission replaced by every weird value.
        foreach (string field in Fields)
        {
            foreach (JsonNode? value in Weird)
            {
                JsonObject body = TicketRequests.Body();
                body[field] = value?.DeepClone();
                yield return ($"submit {field}={value?.ToJsonString()[..Math.Min(20, value.ToJsonString().Length)]}", Post("/api/tickets", body.ToJsonString()));
            }
        }

        // Command bodies with random fields of random weird values.
        string[][] commandFields = [["kind", "body"], ["role", "body", "internal"], ["summary"], ["resolved", "comment"], ["severity", "assignee"]];
        for (int i = 0; i < 60; i++)
        {
            int which = random.Next(commandFields.Length);
            var body = new JsonObject();
            foreach (string field in commandFields[which].Where(_ => random.Next(3) > 0))
            {
                body[field] = Weird[random.Next(Weird.Length)]?.DeepClone();
            }

            yield return which == 4
                ? ($"patch random {i}", new HttpRequestMessage(HttpMethod.Patch, $"/api/tickets/{ticketId}") { Content = Json(body.ToJsonString()) })
                : ($"{commandPaths[which]} random {i}", Post($"/api/tickets/{ticketId}/{commandPaths[which]}", body.ToJsonString()));
        }

        // Odd ticket IDs, query strings, content types and headers.
        foreach (string id in new[] { "x", "SUP-", "SUP-0000-0000-000%00", "..%2F..%2Fetc", new string('A', 2000), "SUP-😀😀-0000-0000", "%E0%A4%A" })
        {
            yield return ($"get id {id.Length}", new HttpRequestMessage(HttpMethod.Get, $"/api/tickets/{id}"));
            yield return ($"respond id {id.Length}", Post($"/api/tickets/{id}/responses", "{\"kind\":\"reply\",\"body\":\"b\"}"));
        }

        foreach (string since in new[] { "yesterday", "2026-13-01T00:00:00Z", "", "%00", new string('9', 500) })
        {
            yield return ($"status since {since.Length}", new HttpRequestMessage(HttpMethod.Get, $"/api/status?since={since}"));
        }

        foreach (string contentType in new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "garbage" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = new StringContent(TicketRequests.Json(), Encoding.UTF8) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Content.Headers.ContentType = null;
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            yield return ($"content-type {contentType}", request);
        }

        foreach (string key in new[] { new string('k', 300), "has space", "tab\tkey", "quote\"key" })
        {
            HttpRequestMessage request = Post("/api/tickets", TicketRequests.Json());
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            yield return ($"idempotency key {key.Length}", request);
        }

        yield return ("oversized", Post("/api/tickets", "{\"description\":\"" + new string('x', 400_000) + "\"}"));

        // Attachments: every raw body above, random bytes, broken image starts, odd names and IDs.
        foreach (string raw in rawBodies)
        {
            yield return ($"attach raw {raw.Length}", Post($"/api/tickets/{ticketId}/attachments", raw));
        }

        byte[][] starts = [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], [0xFF, 0xD8, 0xFF], "MZ"u8.ToArray(), "PK\u0003\u0004"u8.ToArray(), []];
        for (int i = 0; i < 30; i++)
        {
            byte[] bytes = [.. starts[i % starts.Length], .. RandomBytes(random, random.Next(0, 4096))];
            var content = new ByteArrayContent(bytes);
            content.Headers.TryAddWithoutValidation("Content-Type", i % 2 == 0 ? "image/png" : "application/octet-stream");
            string name = Uri.EscapeDataString(Weird[random.Next(Weird.Length)]?.ToJsonString() ?? "null");
            yield return ($"attach random {i}", new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{ticketId}/attachments?filename={name}") { Content = content });
        }

        foreach (string attachmentId in new[] { "x", "0123456789abcdef01234567", "../../secrets", "%00", new string('f', 500), "0123456789ABCDEF01234567" })
        {
            yield return ($"get attachment {attachmentId.Length}", new HttpRequestMessage(HttpMethod.Get, $"/api/tickets/{ticketId}/attachments/{attachmentId}"));
        }

        // Text that is not Unicode, in every string field of every endpoint that takes JSON: an unpaired surrogate
        // escape, and raw bytes that are not UTF-8 (a lone continuation byte, an overlong form, a truncated sequence).
        (string Path, JsonObject Body)[] bodies =
        [
            ("/api/tickets", TicketRequests.Body()),
            ($"/api/tickets/{ticketId}/responses", new JsonObject { ["kind"] = "reply", ["body"] = "b" }),
            ($"/api/tickets/{ticketId}/updates", new JsonObject { ["role"] = "agent", ["body"] = "b" }),
            ($"/api/tickets/{ticketId}/resolution", new JsonObject { ["summary"] = "s" }),
            ($"/api/tickets/{ticketId}/confirmation", new JsonObject { ["resolved"] = false, ["comment"] = "c" }),
            ($"/api/tickets/{ticketId}", new JsonObject { ["severity"] = "low", ["assignee"] = "a@b.example" }),
        ];
        byte[][] notUtf8 = [[0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xFF]];
        foreach ((string path, JsonObject body) in bodies)
        {
            HttpMethod method = path.EndsWith(ticketId, StringComparison.Ordinal) ? HttpMethod.Patch : HttpMethod.Post;
            foreach ((string field, JsonObject owner) in StringFields(body))
            {
                string original = owner[field]!.ToJsonString();
                foreach (string escape in new[] { "\\ud800", "\\udfff", "a\\ud83d", "\\ude00b" })
                {
                    string json = body.ToJsonString().Replace(original, $"\"{escape}\"", StringComparison.Ordinal);
                    yield return ($"{path} {field} surrogate {escape}", new HttpRequestMessage(method, path) { Content = Json(json) });
                }

                foreach (byte[] bad in notUtf8)
                {
                    byte[] json = Encoding.UTF8.GetBytes(body.ToJsonString().Replace(original, "\"\u0001\"", StringComparison.Ordinal));
                    int at = Array.IndexOf(json, (byte)0x01);
                    byte[] spliced = [.. json[..at], .. bad, .. json[(at + 1)..]];
                    var content = new ByteArrayContent(spliced);
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    yield return ($"{path} {field} bytes {Convert.ToHexString(bad)}", new HttpRequestMessage(method, path) { Content = content });
                }
            }
        }

        // Characters that make one line display as something else, in every one-line field of a submission.
        foreach (string field in new[] { "tenant", "subject", "browser" })
        {
            foreach (char c in "\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069")
            {
                JsonObject body = TicketRequests.Body();
                body[field] = $"Login fails{c}gnp.exe";
                if (field == "browser")
                {
                    body["browsers"] = "one";
                }

                yield return ($"submit {field} U+{(int)c:X4}", Post("/api/tickets", body.ToJsonString()));
            }
        }

        JsonObject named = TicketRequests.Body();
        named["requester"]!["name"] = "Jane \u202Eeod";
        yield return ("submit requester.name bidi override", Post("/api/tickets", named.ToJsonString()));

        // Paths and methods no route takes.
        foreach ((HttpMethod method, string path) in new[]
        {
            (HttpMethod.Get, "/api/tickets/.."), (HttpMethod.Post, "/api/tickets/./responses"), (HttpMethod.Get, "/api/nope"), (HttpMethod.Get, "/api"),
            (HttpMethod.Get, "/nope"), (HttpMethod.Get, "/"), (HttpMethod.Delete, $"/api/tickets/{ticketId}"), (HttpMethod.Put, "/api/tickets"),
            (HttpMethod.Post, "/api/health"), (HttpMethod.Get, $"/api/tickets/{ticketId}/attachments/a/b"), (HttpMethod.Options, "/api/tickets"),
            (HttpMethod.Head, $"/api/tickets/{ticketId}/responses"), (new HttpMethod("PROPFIND"), "/api/status"), (HttpMethod.Get, "/api/tickets//responses"),
        })
        {
            yield return ($"route {method} {path}", new HttpRequestMessage(method, path) { Content = method == HttpMethod.Get || method == HttpMethod.Head ? null : Json("{}") });
        }

        // HAR files whose fields have the wrong type.
        foreach (string entry in new[]
        {
            """{"request":{"method":"GET","url":"https://a/","headers":[{"name":42,"value":"x"}]},"response":{"status":200}}""",
            """{"request":{"method":"GET","url":"https://a/","headers":[{"name":"A","value":{"x":1}}]},"response":{"status":200}}""",
            """{"request":{"method":"GET","url":17},"response":{"status":200}}""",
            """{"request":{"method":"GET","url":"https://a/","cookies":"c=1"},"response":{"status":200}}""",
            """{"request":{"method":"GET","url":"https://a/","postData":{"text":["x"]}},"response":{"status":200}}""",
            """{"request":{"method":"GET","url":"https://a/"},"response":{"status":"200"}}""",
            """{"request":{"method":"GET","url":"https://a/"},"response":{"status":200,"content":{"text":42}}}""",
            """{"request":{"method":"GET","url":"https://a/"},"response":{"status":200,"headers":[null]}}""",
            """{"request":{"method":"GET","url":"https://a/\ud800"},"response":{"status":200}}""",
            """{"request":{"method":"GET","url":"https://a/"}}""",
            "42",
        })
        {
            var content = new StringContent($$$"""{"log":{"version":"1.2","entries":[{{{entry}}}]}}""", Encoding.UTF8, "application/json");
            yield return ($"har {entry[..Math.Min(40, entry.Length)]}", new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{ticketId}/attachments?filename=t.har") { Content = content });
        }
    }

    /// <summary>Every string-valued field of a JSON body (nested ones and array items too), with the object holding it.</summary>
    static IEnumerable<(string Field, JsonObject Owner)> StringFields(JsonObject body)
    {
        foreach ((string name, JsonNode? value) in body.ToList())
        {
            switch (value)
            {
                case JsonValue v when v.TryGetValue(out string? _):
                    yield return (name, body);
                    break;
                case JsonObject nested:
                    foreach (var inner in StringFields(nested))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A refusal by Kestrel's HTTP parser, which no application code sees: a NUL in the path (400) or a request line too long (414).</summary>
    static bool RefusedByTheServer(HttpRequestMessage request, HttpResponseMessage response) =>
        response.Content.Headers.ContentType is null
        && ((response.StatusCode == HttpStatusCode.BadRequest && request.RequestUri!.OriginalString.Contains("%00", StringComparison.Ordinal))
            || (response.StatusCode == HttpStatusCode.RequestUriTooLong && request.RequestUri!.OriginalString.Length > 8 * 1024));

    static byte[] RandomBytes(Random random, int count)
    {
        byte[] bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    static HttpRequestMessage Post(string path, string body) => new(HttpMethod.Post, path) { Content = Json(body) };

    [Fact]
    public async Task MalformedRequestsAcrossAllEndpoints_NeverGet5xx()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        using HttpResponseMessage created = await host.Client.PostAsync("/api/tickets", Json(TicketRequests.Json()));
        string ticketId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketId").GetString()!;

        var requests = Generate(ticketId, new Random(20261126)).ToList();
        var failures = new List<string>();
        int problems = 0, protocolRefusals = 0;
        foreach ((string name, HttpRequestMessage request) in requests)
        {
            using (request)
            using (HttpResponseMessage response = await host.Client.SendAsync(request))
            {
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                else if ((int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                {
                    problems++;
                }
                else if ((int)response.StatusCode >= 400 && RefusedByTheServer(request, response))
                {
                    // Kestrel refuses these before any application code runs (a NUL in the path, a request line
                    // over 8 KiB); in Azure the platform's front end answers them. They are 4xx, never 5xx.
                    protocolRefusals++;
                }
                else if ((int)response.StatusCode >= 400)
                {
                    failures.Add($"{name}: {(int)response.StatusCode} without a problem document ({response.Content.Headers.ContentType})");
                }
            }
        }

        Assert.True(requests.Count >= 200, $"only {requests.Count} requests generated");

        TestReport.Write($"Bad-input test: {requests.Count} malformed requests across every endpoint and unmatched route: {problems} answered 4xx with problem+json, {protocolRefusals} refused by the HTTP server before the app (NUL in the path, request line over 8 KiB), {failures.Count} failures (5xx, or a 4xx without a problem document).");
        Assert.Empty(failures);
        Assert.True(problems > requests.Count * 3 / 4, $"{problems} of {requests.Count} answered with problem+json");
    }
}
