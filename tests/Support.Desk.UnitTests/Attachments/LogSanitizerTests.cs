using System.Text;
using Support.Desk.Domain.Attachments;
using Support.Desk.TestCorpus;

namespace Support.Desk.UnitTests.Attachments;

/// <summary>
/// Log files, with secrets where applications and tools write them: request logs, HTTP traces in text, SDK
/// debug output, connection strings of Azure Storage, SQL Server and Service Bus, environment dumps, JSON
/// lines, command lines and key files.
/// </summary>
public class LogSanitizerTests
{
    const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsb2ctand0LXN1YmplY3QtOTk4OCJ9.TG9nSnd0U2lnbmF0dXJlVmFsdWU0NDMz";

    /// <summary>Each line plants one secret (the value after '|'); the text before it is what the log says.</summary>
    static readonly (string Line, string Secret)[] Corpus =
    [
        ("2026-11-26T09:30:00Z INFO GET https://acme.auth0.com/authorize?client_id=abc123&state=Lg1StateValueQ8w&scope=openid", "Lg1StateValueQ8w"),
        ("2026-11-26T09:30:01Z DEBUG Authorization: Bearer Lg2OpaqueAccessTokenZx7", "Lg2OpaqueAccessTokenZx7"),
        ("Authorization: Basic TGczdXNlcjpMZzNwYXNzd29yZA==", "TGczdXNlcjpMZzNwYXNzd29yZA"),
        ("curl -H \"Authorization: Bearer Lg4CurlTokenPq2\" https://api.acme.example/v1", "Lg4CurlTokenPq2"),
        ("password=Lg5PlainPassword!x", "Lg5PlainPassword!x"),
        ("user=jane client_secret=Lg6ClientSecretMn3 connection=acme-ad", "Lg6ClientSecretMn3"),
        ("MYAPP_DB_PASSWORD=Lg7EnvPasswordRt5", "Lg7EnvPasswordRt5"),
        ("config: { \"apiKey\": \"Lg8JsonishApiKeyUu1\", \"retries\": 3 }", "Lg8JsonishApiKeyUu1"),
        ("{\"level\":\"info\",\"msg\":\"token refreshed\",\"refreshToken\":\"Lg9JsonLineRefreshKk4\",\"ms\":12}", "Lg9JsonLineRefreshKk4"),
        ("{\"level\":\"debug\",\"session\":{\"id\":\"Lg10NestedSessionIdWw8\"}}", "Lg10NestedSessionIdWw8"),
        ("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Lg11AccountKeyBase64Hh9/+abc==;EndpointSuffix=core.windows.net", "Lg11AccountKeyBase64Hh9/+abc"),
        ("Server=tcp:db.acme.example,1433;Database=desk;User ID=sa;Password=Lg12SqlPasswordJj2;Encrypt=True", "Lg12SqlPasswordJj2"),
        ("Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=Lg13ServiceBusKeyNn6=", "Lg13ServiceBusKeyNn6"),
        ("BlobEndpoint=https://acme.blob.core.windows.net/;SharedAccessSignature=sv=2021-08-06&ss=b&sig=Lg14SasSignatureCc5%3D", "Lg14SasSignatureCc5"),
        ("https://acme.blob.core.windows.net/logs/app.log?sv=2021-08-06&se=2026-12-01&sig=Lg15SasInUrlVv7%3D", "Lg15SasInUrlVv7"),
        ($"id token: {Jwt}", "TG9nSnd0U2lnbmF0dXJlVmFsdWU0NDMz"),
        ($"received {Jwt} from the IdP", "eyJzdWIiOiJsb2ctand0LXN1YmplY3QtOTk4OCJ9"),
        ("Set-Cookie: auth0=Lg18CookieValueEe3; Path=/; Secure; HttpOnly", "Lg18CookieValueEe3"),
        ("request headers: Cookie: did=Lg19DidCookieFf1; auth0_compat=Lg19bCompatGg2", "Lg19DidCookieFf1"),
        ("x-api-key: Lg20HeaderApiKeyYy4", "Lg20HeaderApiKeyYy4"),
        ("aws: AKIALG21AWSKEYID0007 region=us-east-1", "AKIALG21AWSKEYID0007"),
        ("git remote: https://ghp_lg22githubtokenaaaaaaaaaaaaaaaaaaaaaaaaaaa@github.com/acme/app.git", "ghp_lg22githubtokenaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("$ deploy --password Lg23CliPasswordKk8 --verbose", "Lg23CliPasswordKk8"),
        ("$ login -client-secret \"Lg24CliSecretLl9\"", "Lg24CliSecretLl9"),
        ("smtp://mailer:Lg25SmtpPasswordMm1@smtp.acme.example:587", "Lg25SmtpPasswordMm1"),
        ("otp: 48213977", "48213977"),
        ("POST /oauth/token grant_type=authorization_code&code=Lg27AuthCodeNn2&client_id=abc123", "Lg27AuthCodeNn2"),
        ("webhook secret whsec_TGcyOFdlYmhvb2tTZWNyZXQxMjM0NQ== configured", "whsec_TGcyOFdlYmhvb2tTZWNyZXQxMjM0NQ"),
        ("customer link https://desk.example/tickets/SUP-1#token=tkt_Lg29TicketTokenOo3Pp4Qq5Rr6", "tkt_Lg29TicketTokenOo3Pp4Qq5Rr6"),
    ];

    const string PrivateKey = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEALg30PrivateKeyBodyLine1\nLg30PrivateKeyBodyLine2abcdef==\n-----END RSA PRIVATE KEY-----";

    static string Text() => string.Join('\n', Corpus.Select(c => c.Line)) + "\n" + PrivateKey + "\nINFO done\n";

    static string Sanitized(byte[] content, bool json = false)
    {
        LogSanitizeResult result = LogSanitizer.Sanitize(content, json);
        Assert.True(result.Sanitized is not null, result.Error);
        return Encoding.UTF8.GetString(result.Sanitized);
    }

    [Fact]
    public void Corpus_NoPlantedSecretSurvives()
    {
        string stored = Sanitized(Encoding.UTF8.GetBytes(Text()));

        string[] survivors = [.. Corpus.Select(c => c.Secret).Append("Lg30PrivateKeyBodyLine1").Append("Lg30PrivateKeyBodyLine2").Append("Lg19bCompatGg2")
            .Where(secret => HarSecretCorpus.Encodings(secret).Any(e => stored.Contains(e, StringComparison.Ordinal)))];
        Assert.Empty(survivors);
    }

    [Fact]
    public void Corpus_KeepsWhatTheLogSays()
    {
        string stored = Sanitized(Encoding.UTF8.GetBytes(Text()));

        foreach (string kept in new[] { "2026-11-26T09:30:00Z INFO GET https://acme.auth0.com/authorize?client_id=abc123", "user=jane", "connection=acme-ad", "AccountName=acme",
            "Database=desk", "\"retries\": 3", "\"msg\":\"token refreshed\"", "\"ms\":12", "Path=/; Secure; HttpOnly", "region=us-east-1", "--verbose", "INFO done", "grant_type=authorization_code" })
        {
            Assert.Contains(kept, stored, StringComparison.Ordinal);
        }

        // Every line stays a line, but the four lines of the private key become one marker.
        Assert.Equal(Text().Split('\n').Length - 3, stored.Split('\n').Length);
    }

    [Fact]
    public void Utf16LogWithByteOrderMark_IsConvertedToUtf8AndSanitized()
    {
        byte[] utf16 = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("line 1\npassword=Lg31Utf16Password\n")];

        string stored = Sanitized(utf16);

        Assert.StartsWith("line 1\npassword=", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Lg31Utf16Password", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonFile_IsSanitizedAsJson()
    {
        string stored = Sanitized(Encoding.UTF8.GetBytes("""{"settings":{"clientSecret":"Lg32JsonFileSecret","audience":"https://api"},"tokens":["a","b"]}"""), json: true);

        Assert.Equal("""{"settings":{"clientSecret":"[redacted]","audience":"https://api"},"tokens":"[redacted]"}""", stored);
    }

    [Fact]
    public void InvalidUtf8_IsRefusedAs422()
    {
        LogSanitizeResult result = LogSanitizer.Sanitize([.. "line "u8.ToArray(), 0xC3, 0x28, .. "\n"u8.ToArray()], json: false);

        Assert.Null(result.Sanitized);
        Assert.Equal(422, result.RefusalStatus);
        Assert.Contains("UTF-8", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BinaryNamedAsLog_IsRefusedAs415()
    {
        LogSanitizeResult result = LogSanitizer.Sanitize([.. "ok"u8.ToArray(), 0x00, 0x01, 0x02], json: false);

        Assert.Null(result.Sanitized);
        Assert.Equal(415, result.RefusalStatus);
    }

    [Fact]
    public void TerminalColoursAndTabs_AreText()
    {
        string stored = Sanitized(Encoding.UTF8.GetBytes("\u001b[32mINFO\u001b[0m\tready\r\n"));

        Assert.Equal("\u001b[32mINFO\u001b[0m\tready\r\n", stored);
    }
}
