using System.Text;
using Support.Desk.Domain.Attachments;

namespace Support.Desk.UnitTests.Attachments;

/// <summary>Files that are not HARs, HARs with fields of the wrong type, and files built to make the sanitizer work too hard.</summary>
public class HarSanitizerLimitsTests
{
    static HarSanitizeResult Sanitize(string har) => HarSanitizer.Sanitize(Encoding.UTF8.GetBytes(har));

    static string Entry(string request = """{"method":"GET","url":"https://a.example/","headers":[]}""", string response = """{"status":200,"content":{"size":0}}""") =>
        $$$"""{"log":{"version":"1.2","entries":[{"request":{{{request}}},"response":{{{response}}}}]}}""";

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"log\":{}}")]
    [InlineData("{\"entries\":[]}")]
    [InlineData("[1,2,3]")]
    public void NotAHar_IsRefusedWithAReason(string content)
    {
        HarSanitizeResult result = Sanitize(content);

        Assert.Null(result.Sanitized);
        Assert.NotEqual(HarOutcome.Sanitized, result.Outcome);
        Assert.Contains("HAR", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"method":"GET","url":"https://a.example/","headers":[{"name":42,"value":"x"}]}""", "log.entries[0].request.headers[0].name must be a string")]
    [InlineData("""{"method":"GET","url":"https://a.example/","headers":[{"name":"Accept","value":{"x":1}}]}""", "log.entries[0].request.headers[0].value must be a string")]
    [InlineData("""{"method":"GET","url":"https://a.example/","headers":{"Accept":"x"}}""", "log.entries[0].request.headers must be an array")]
    [InlineData("""{"method":"GET","url":17}""", "log.entries[0].request.url must be a string")]
    [InlineData("""{"url":"https://a.example/"}""", "log.entries[0].request.method is required")]
    [InlineData("""{"method":"GET","url":"https://a.example/","queryString":[null]}""", "log.entries[0].request.queryString[0] must be an object")]
    [InlineData("""{"method":"GET","url":"https://a.example/","postData":"text"}""", "log.entries[0].request.postData must be an object")]
    [InlineData("""{"method":"GET","url":"https://a.example/","cookies":[{"value":"x"}]}""", "log.entries[0].request.cookies[0].name is required")]
    public void WrongTypedField_IsMalformed_NamingItsPath(string request, string expected)
    {
        HarSanitizeResult result = Sanitize(Entry(request));

        Assert.Equal(HarOutcome.Malformed, result.Outcome);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ResponseStatusOfTheWrongType_IsMalformed()
    {
        HarSanitizeResult result = Sanitize(Entry(response: """{"status":"200"}"""));

        Assert.Equal(HarOutcome.Malformed, result.Outcome);
        Assert.Contains("log.entries[0].response.status must be a number", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"abc\\udfff\"")]
    public void LoneSurrogateInAField_IsMalformed_NamingTheField(string value)
    {
        HarSanitizeResult result = Sanitize(Entry($$"""{"method":"GET","url":"https://a.example/","headers":[{"name":"Accept","value":{{value}}}]}"""));

        Assert.Equal(HarOutcome.Malformed, result.Outcome);
        Assert.Contains("log.entries[0].request.headers[0].value is not valid Unicode", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8InAField_IsMalformed()
    {
        byte[] har = [.. Encoding.UTF8.GetBytes(Entry("""{"method":"GET","url":"https://a.example/","headers":[{"name":"Accept","value":"AB"}]}""").Replace("\"AB\"", "\"A\u0001B\"", StringComparison.Ordinal))];
        int at = Array.IndexOf(har, (byte)0x01);
        har[at] = 0xC3;
        har[at + 1] = 0x28;

        HarSanitizeResult result = HarSanitizer.Sanitize(har);

        Assert.Equal(HarOutcome.Malformed, result.Outcome);
        Assert.Contains("not valid Unicode", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreValuesThanTheBudget_IsRefusedAsTooComplex_BeforeItIsParsed()
    {
        var har = new StringBuilder("""{"log":{"entries":[],"padding":[""");
        har.Append(string.Join(',', Enumerable.Repeat("0", HarSanitizer.MaxNodes)));
        har.Append("]}}");

        HarSanitizeResult result = Sanitize(har.ToString());

        Assert.Equal(HarOutcome.TooComplex, result.Outcome);
        Assert.Contains("2,000,000", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void NestingDeeperThanTheLimit_IsRefused()
    {
        string deep = new string('[', BodySanitizer.MaxDepth + 5) + new string(']', BodySanitizer.MaxDepth + 5);

        HarSanitizeResult result = Sanitize($$$"""{"log":{"entries":[],"deep":{{{deep}}}}}""");

        Assert.Equal(HarOutcome.Malformed, result.Outcome);
        Assert.Contains("nests deeper", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedProperty_IsRefused()
    {
        HarSanitizeResult result = Sanitize("""{"log":{"entries":[],"entries":[]}}""");

        Assert.Equal(HarOutcome.Malformed, result.Outcome);
    }

    [Fact]
    public void BodyWhoseJsonWouldOverdrawTheBudget_IsRedactedWhole_NotKeptUnchecked()
    {
        // The file itself is small in tokens, but its one body hides more JSON values than the budget has left.
        string body = "[" + string.Join(',', Enumerable.Repeat("{\"password\":\"hunter2-secret\"}", (HarSanitizer.MaxNodes / 4) + 10)) + "]";
        string har = $$$"""{"log":{"entries":[{"request":{"method":"POST","url":"https://a.example/","postData":{"mimeType":"application/json","text":{{{System.Text.Json.JsonSerializer.Serialize(body)}}}}},"response":{"status":200}}]}}""";

        HarSanitizeResult result = Sanitize(har);

        Assert.Equal(HarOutcome.Sanitized, result.Outcome);
        using var stored = System.Text.Json.JsonDocument.Parse(result.Sanitized!);
        Assert.Equal(HarSanitizer.Redacted, stored.RootElement.GetProperty("log").GetProperty("entries")[0].GetProperty("request").GetProperty("postData").GetProperty("text").GetString());
    }
}
