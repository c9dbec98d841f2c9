using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Support.Desk.IntegrationTests.Infrastructure;

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
        string[][] commandFields = [["kind", "author", "body"], ["role", "author", "body"], ["author", "summary"], ["resolved", "comment"], ["severity", "assignee", "changedBy"]];
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
            yield return ($"respond id {id.Length}", Post($"/api/tickets/{id}/responses", "{\"kind\":\"reply\",\"author\":\"a\",\"body\":\"b\"}"));
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
    }

    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

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
        int problems = 0;
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
            }
        }

        Assert.True(requests.Count >= 200, $"only {requests.Count} requests generated");

        TestReport.Write($"Bad-input test: {requests.Count} malformed requests across every endpoint, {problems} answered with problem+json, {failures.Count} 5xx.");
        Assert.Empty(failures);
        Assert.True(problems > requests.Count / 2, $"{problems} of {requests.Count} answered with problem+json");
    }
}
