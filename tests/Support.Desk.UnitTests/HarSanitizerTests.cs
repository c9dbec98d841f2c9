using System.Text;
using System.Text.Json;
using Support.Desk.Domain.Attachments;

namespace Support.Desk.UnitTests;

/// <summary>The HAR sanitizer on a recorded-style login flow: no secret survives, and the result is still a HAR.</summary>
public class HarSanitizerTests
{
    static readonly byte[] LoginFlow = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "har", "login-flow.har"));

    /// <summary>Every secret planted in the fixture (cookies, codes, passwords, JWT payloads and signatures), one per line.</summary>
    static readonly string[] Secrets = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "har", "login-flow.secrets.txt"));

    [Fact]
    public void LoginFlow_NoSecretSurvives_ScanningTheStoredBytes()
    {
        Assert.All(Secrets, secret => Assert.Contains(secret, Encoding.UTF8.GetString(LoginFlow), StringComparison.Ordinal));

        HarSanitizeResult result = HarSanitizer.Sanitize(LoginFlow);

        Assert.Null(result.Error);
        string stored = Encoding.UTF8.GetString(result.Sanitized!);
        foreach (string secret in Secrets)
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), stored, StringComparison.Ordinal);
            Assert.DoesNotContain(JsonSerializer.Serialize(secret)[1..^1], stored, StringComparison.Ordinal);
        }

        Assert.True(result.Redactions >= Secrets.Length);
    }

    [Fact]
    public void LoginFlow_StaysAValidHarWithItsUsefulDetails()
    {
        HarSanitizeResult result = HarSanitizer.Sanitize(LoginFlow);
        using JsonDocument har = JsonDocument.Parse(result.Sanitized!);
        JsonElement log = har.RootElement.GetProperty("log");

        Assert.Equal("1.2", log.GetProperty("version").GetString());
        Assert.Equal("WebInspector", log.GetProperty("creator").GetProperty("name").GetString());
        JsonElement[] entries = [.. log.GetProperty("entries").EnumerateArray()];
        Assert.Equal(5, entries.Length);
        Assert.Equal(5, result.Entries);
        Assert.All(entries, e =>
        {
            Assert.False(string.IsNullOrEmpty(e.GetProperty("request").GetProperty("method").GetString()));
            Assert.StartsWith("https://", e.GetProperty("request").GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.True(e.GetProperty("response").GetProperty("status").GetInt32() > 0);
            Assert.True(e.TryGetProperty("timings", out _));
        });

        // What support needs to diagnose stays: hosts, client ID, connection, errors, status codes.
        string stored = Encoding.UTF8.GetString(result.Sanitized!);
        Assert.Contains("client_id=abc123", stored, StringComparison.Ordinal);
        Assert.Contains("acme-ad", stored, StringComparison.Ordinal);
        Assert.Contains("The token is expired", stored, StringComparison.Ordinal);
        Assert.Equal(401, entries[4].GetProperty("response").GetProperty("status").GetInt32());
        Assert.Equal(HarSanitizer.Redacted, entries[4].GetProperty("request").GetProperty("headers").EnumerateArray()
            .Single(h => h.GetProperty("name").GetString() == "Authorization").GetProperty("value").GetString());
    }

    [Fact]
    public void Sanitizing_IsIdempotent()
    {
        byte[] once = HarSanitizer.Sanitize(LoginFlow).Sanitized!;

        HarSanitizeResult twice = HarSanitizer.Sanitize(once);

        Assert.Equal(Encoding.UTF8.GetString(once), Encoding.UTF8.GetString(twice.Sanitized!));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"log\":{}}")]
    [InlineData("{\"entries\":[]}")]
    [InlineData("[1,2,3]")]
    public void NotAHar_IsRefusedWithAReason(string content)
    {
        HarSanitizeResult result = HarSanitizer.Sanitize(Encoding.UTF8.GetBytes(content));

        Assert.Null(result.Sanitized);
        Assert.Contains("HAR", result.Error, StringComparison.Ordinal);
    }
}
