using System.Text;
using System.Text.Json.Nodes;

namespace Support.Desk.TestCorpus;

/// <summary>
/// A HAR built to make a sanitizer work as hard as the limits allow: as many values as the node budget takes,
/// JSON bodies just under it, text that almost matches every pattern (unterminated quotes, dangling JWT starts,
/// private-key headers without an end, half URLs), nesting at the depth limit, and tens of thousands of headers.
/// </summary>
public static class HostileHar
{
    /// <summary>A hostile HAR of at most <paramref name="maxBytes"/> bytes (and not much less).</summary>
    public static byte[] Build(int maxBytes)
    {
        double scale = 1;
        while (true)
        {
            byte[] har = BuildScaled((int)(maxBytes * scale));
            if (har.Length <= maxBytes)
            {
                return har;
            }

            scale *= 0.98 * maxBytes / har.Length;
        }
    }

    static byte[] BuildScaled(int targetBytes)
    {
        var entries = new JsonArray();
        int share = targetBytes / 4;

        // 1. Near-misses for every text pattern, in an HTML body (HTML, then text rules).
        string[] nearMisses =
        [
            "password=\"", "token: '", "eyJhbGciOi.", "-----BEGIN PRIVATE KEY-----", "https://x.example/?a=", "<input type=hidden value=\"",
            "Authorization: Bearer ", "Cookie: a=", "\\\"secret\\\":\\\"", "{\"auth\":{\"key\":[", "--password ", "AKIA", "<wsse:Token>",
        ];
        var html = new StringBuilder(share);
        for (int i = 0; html.Length < share; i++)
        {
            html.Append(nearMisses[i % nearMisses.Length]).Append(i % 7 == 0 ? "\n" : " ");
        }

        entries.Add(Entry("text/html", html.ToString()));

        // 2. A JSON body that parses into many small values under secret-like and ordinary names.
        var json = new StringBuilder(share).Append('[');
        for (int i = 0; json.Length < share; i++)
        {
            json.Append(i % 3 == 0 ? "{\"sessionToken\":\"v\",\"n\":1}," : "{\"a\":[1,2],\"b\":\"https://x/?code=c\"},");
        }

        json.Append("0]");
        entries.Add(Entry("application/json", json.ToString()));

        // 3. Tens of thousands of headers, most of them unknown (redacted), with long values.
        var headers = new JsonArray();
        int size = 0;
        for (int i = 0; size < share; i++)
        {
            string value = new('v', 80);
            headers.Add(new JsonObject { ["name"] = i % 2 == 0 ? $"X-Custom-{i}" : "Accept", ["value"] = value });
            size += 120;
        }

        JsonObject withHeaders = Entry("text/plain", "ok");
        ((JsonObject)withHeaders["request"]!)["headers"] = headers;
        entries.Add(withHeaders);

        // 4. Nesting at the depth limit, repeated, and base64 text bodies to decode.
        JsonNode deep = "bottom";
        for (int i = 0; i < 56; i++)
        {
            deep = new JsonObject { ["k"] = deep };
        }

        var base64 = new StringBuilder(share);
        string chunk = Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("x-api-key: hidden\n", 400))));
        while (base64.Length < share - chunk.Length)
        {
            JsonObject encoded = Entry("text/plain", chunk);
            ((JsonObject)((JsonObject)encoded["response"]!)["content"]!)["encoding"] = "base64";
            encoded["_deep"] = deep.DeepClone();
            entries.Add(encoded);
            base64.Append(chunk).Append(new string(' ', 2000));
        }

        return Encoding.UTF8.GetBytes(new JsonObject { ["log"] = new JsonObject { ["version"] = "1.2", ["entries"] = entries } }.ToJsonString());
    }

    static JsonObject Entry(string mimeType, string text) => new()
    {
        ["request"] = new JsonObject { ["method"] = "POST", ["url"] = "https://login.example/u/login?state=s&client_id=c", ["headers"] = new JsonArray() },
        ["response"] = new JsonObject
        {
            ["status"] = 200,
            ["headers"] = new JsonArray(),
            ["content"] = new JsonObject { ["size"] = text.Length, ["mimeType"] = mimeType, ["text"] = text },
        },
    };
}
