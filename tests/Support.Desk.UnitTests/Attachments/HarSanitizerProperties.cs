using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Support.Desk.Domain.Attachments;
using Support.Desk.TestCorpus;

namespace Support.Desk.UnitTests.Attachments;

/// <summary>
/// A value planted under a secret-like name, anywhere in a generated HAR, never survives. Names are built from
/// what the requirement calls secret (tokens, secrets, passwords, keys, sessions, signatures, codes, tickets,
/// OTPs, assertions, credentials, auth) in every spelling a codebase uses; values are of every JSON type.
/// </summary>
public class HarSanitizerProperties
{
    static readonly string[] Words =
        ["token", "secret", "password", "passwd", "key", "session", "signature", "code", "ticket", "otp", "assertion", "credential", "credentials", "auth", "authorization", "apikey", "passcode", "cookie"];

    static readonly string[] Prefixes = ["", "access", "client", "user", "refresh", "login", "x", "my", "api", "id", "recovery", "session"];

    static readonly string[] Suffixes = ["", "value", "data", "v2", "hash", "string", "b64"];

    static readonly string[] Places =
    [
        "json request body", "json response body", "base64 json response", "xssi json response", "stringified json in json",
        "custom entry field", "form body", "query string", "request header", "websocket json frame", "text body", "html inline script",
        "json request body in an array",
    ];

    public sealed record Plant(string Name, string Place, int Depth, int ValueKind, string Distinctive, string Second)
    {
        public override string ToString() => $"{this.Place}: '{this.Name}' (depth {this.Depth}, value kind {this.ValueKind}) = {this.Distinctive}";
    }

    static string Style(string[] words, int style) => style switch
    {
        0 => words[0] + string.Concat(words.Skip(1).Select(Capitalize)),
        1 => string.Join('_', words),
        2 => string.Join('-', words),
        3 => string.Join('_', words).ToUpperInvariant(),
        4 => string.Concat(words.Select(Capitalize)),
        5 => string.Join('-', words.Select(Capitalize)),
        _ => string.Concat(words),
    };

    static string Capitalize(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    public static Arbitrary<Plant> Plants() =>
        (from word in Gen.Elements(Words)
         from prefix in Gen.Elements(Prefixes)
         from suffix in Gen.Elements(Suffixes)
         from style in Gen.Choose(0, 6)
         from place in Gen.Elements(Places)
         from depth in Gen.Choose(0, 4)
         from valueKind in Gen.Choose(0, 3)
         from seed in Gen.Choose(0, int.MaxValue)
         let random = new Random(seed)
         let distinctive = "V" + string.Concat(Enumerable.Range(0, 22).Select(_ => (char)('a' + random.Next(26))))
         let second = "W" + string.Concat(Enumerable.Range(0, 22).Select(_ => (char)('a' + random.Next(26))))
         let name = Style([.. new[] { prefix, word, suffix }.Where(w => w.Length > 0)], style)
         select new Plant(name, place, depth, valueKind, distinctive, second))
        .ToArbitrary();

    [Property(Arbitrary = [typeof(HarSanitizerProperties)], MaxTest = 400)]
    public Property ValueUnderSecretLikeName_NeverSurvives(Plant plant)
    {
        string stored = Encoding.UTF8.GetString(HarSanitizer.Sanitize(Encoding.UTF8.GetBytes(Build(plant).ToJsonString())).Sanitized!);

        string?[] survivors = [HarSecretCorpus.FindSurvivor(stored, Secret(plant)), plant.ValueKind == 3 ? HarSecretCorpus.FindSurvivor(stored, plant.Second) : null];
        return survivors.All(s => s is null).Label($"{plant}: {survivors.FirstOrDefault(s => s is not null)}");
    }

    /// <summary>The value of the plant: a string, a number (its digits stand for the secret), an object or an array.</summary>
    static JsonNode Value(Plant plant) => plant.ValueKind switch
    {
        0 => plant.Distinctive,
        1 => JsonValue.Create(long.Parse(Digits(plant.Distinctive), System.Globalization.CultureInfo.InvariantCulture)),
        2 => new JsonObject { ["inner"] = plant.Distinctive, ["n"] = 1 },
        _ => new JsonArray(plant.Distinctive, plant.Second),
    };

    /// <summary>What stands for the secret in the stored bytes: the text, or the digits of a number.</summary>
    static string Secret(Plant plant) => plant.ValueKind == 1 ? Digits(plant.Distinctive) : plant.Distinctive;

    /// <summary>Fifteen digits derived from the distinctive text, so a number-typed secret is distinctive too.</summary>
    static string Digits(string distinctive) => "9" + string.Concat(distinctive.Skip(1).Take(14).Select(c => (char)('0' + (c % 10))));

    static JsonNode Nest(JsonNode inner, int depth, bool arrays)
    {
        JsonNode node = inner;
        for (int i = 0; i < depth; i++)
        {
            node = arrays && i % 2 == 0 ? new JsonArray(1, "noise", node) : new JsonObject { ["level" + i] = node, ["note"] = "ok" };
        }

        return node;
    }

    static JsonObject Build(Plant plant)
    {
        JsonNode value = Value(plant);
        string scalar = Secret(plant);

        var body = new JsonObject { ["user"] = "jane", ["flags"] = new JsonArray(true, false), [plant.Name] = value };
        var request = new JsonObject { ["method"] = "POST", ["url"] = "https://login.example/api", ["headers"] = new JsonArray(), ["queryString"] = new JsonArray() };
        var content = new JsonObject { ["size"] = 10, ["mimeType"] = "text/plain", ["text"] = "ok" };
        var response = new JsonObject { ["status"] = 200, ["headers"] = new JsonArray(), ["content"] = content };
        var entry = new JsonObject { ["request"] = request, ["response"] = response, ["timings"] = new JsonObject { ["wait"] = 1 } };
        string pair = $"{Uri.EscapeDataString(plant.Name)}={Uri.EscapeDataString(scalar)}";
        switch (plant.Place)
        {
            case "json request body" or "json request body in an array":
                request["postData"] = new JsonObject { ["mimeType"] = "application/json", ["text"] = Nest(body, plant.Depth, plant.Place.EndsWith("array", StringComparison.Ordinal)).ToJsonString() };
                break;
            case "json response body":
                content["mimeType"] = "application/json";
                content["text"] = Nest(body, plant.Depth, arrays: false).ToJsonString();
                break;
            case "base64 json response":
                content["mimeType"] = "application/json";
                content["encoding"] = "base64";
                content["text"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Nest(body, plant.Depth, arrays: true).ToJsonString()));
                break;
            case "xssi json response":
                content["mimeType"] = "application/json";
                content["text"] = ")]}'\n" + Nest(body, plant.Depth, arrays: false).ToJsonString();
                break;
            case "stringified json in json":
                request["postData"] = new JsonObject { ["mimeType"] = "application/json", ["text"] = new JsonObject { ["payload"] = Nest(body, plant.Depth, arrays: false).ToJsonString() }.ToJsonString() };
                break;
            case "custom entry field":
                entry["_extra"] = Nest(body, plant.Depth, arrays: true);
                break;
            case "form body":
                request["postData"] = new JsonObject { ["mimeType"] = "application/x-www-form-urlencoded", ["text"] = $"user=jane&{pair}" };
                break;
            case "query string":
                request["url"] = $"https://login.example/api?user=jane&{pair}";
                ((JsonArray)request["queryString"]!).Add(new JsonObject { ["name"] = plant.Name, ["value"] = scalar });
                break;
            case "request header":
                ((JsonArray)request["headers"]!).Add(new JsonObject { ["name"] = plant.Name, ["value"] = scalar });
                break;
            case "websocket json frame":
                entry["_webSocketMessages"] = new JsonArray(new JsonObject { ["type"] = "send", ["opcode"] = 1, ["data"] = Nest(body, plant.Depth, arrays: false).ToJsonString() });
                break;
            case "text body":
                content["text"] = (plant.Depth % 3) switch
                {
                    0 => $"debug: {plant.Name}={scalar}\nnext line",
                    1 => $"{plant.Name}: {scalar}\n",
                    _ => $"config \"{plant.Name}\": \"{scalar}\" done",
                };
                break;
            default:
                content["mimeType"] = "text/html";
                content["text"] = $"<html><script>var state = {Nest(body, plant.Depth, arrays: false).ToJsonString()};</script></html>";
                break;
        }

        return new JsonObject { ["log"] = new JsonObject { ["version"] = "1.2", ["entries"] = new JsonArray(entry) } };
    }
}
