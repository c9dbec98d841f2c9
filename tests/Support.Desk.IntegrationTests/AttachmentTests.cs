using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.TestCorpus;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>Attachments over HTTP on the local host, stored in Azurite's Blob Storage.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class AttachmentTests(AzuriteFixture azurite)
{
    static byte[] Fixture(params string[] path) => File.ReadAllBytes(Path.Combine([AppContext.BaseDirectory, "Fixtures", .. path]));

    static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string ticketId, byte[] content, string fileName, string contentType = "application/octet-stream")
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await client.PostAsync($"/api/tickets/{ticketId}/attachments?filename={Uri.EscapeDataString(fileName)}", body);
    }

    [Fact]
    public async Task HarUpload_StoredBlobHoldsNoSecretAndIsStillAHar_DownloadIsAnAttachmentAndRetryIsOneEntry()
    {
        var settings = new DeskSettings(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string token) = await host.SubmitAsync();
        using HttpClient customer = host.NewCustomerClient(token);
        byte[] har = Fixture("har", "login-flow.har");
        string[] secrets = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "har", "login-flow.secrets.txt"));

        using HttpResponseMessage uploaded = await UploadAsync(customer, id, har, "login flow.har", "application/json");
        using HttpResponseMessage retried = await UploadAsync(customer, id, har, "login flow.har", "application/json");

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        JsonElement attachment = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        string attachmentId = attachment.GetProperty("attachmentId").GetString()!;
        Assert.Equal("http-trace", attachment.GetProperty("kind").GetString());
        Assert.Equal("login_flow.har", attachment.GetProperty("fileName").GetString());
        Assert.True(attachment.GetProperty("secretsRedacted").GetInt32() >= secrets.Length);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(attachmentId, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachmentId").GetString());

        // What storage holds: scanned byte for byte, raw, URL-encoded and JSON-escaped.
        BlobClient blob = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(settings.AttachmentsContainer).GetBlobClient($"{id}/{attachmentId}");
        string stored = Encoding.UTF8.GetString((await blob.DownloadContentAsync()).Value.Content.ToArray());
        Assert.All(secrets, secret =>
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), stored, StringComparison.Ordinal);
            Assert.DoesNotContain(JsonSerializer.Serialize(secret)[1..^1], stored, StringComparison.Ordinal);
        });
        using (JsonDocument document = JsonDocument.Parse(stored))
        {
            Assert.Equal(5, document.RootElement.GetProperty("log").GetProperty("entries").GetArrayLength());
        }

        // Staff download it; it is served as a file, never rendered.
        using HttpResponseMessage download = await host.Client.GetAsync($"/api/tickets/{id}/attachments/{attachmentId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(stored, await download.Content.ReadAsStringAsync());

        // One timeline entry, however often the upload was retried.
        JsonElement ticket = await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        Assert.Single(ticket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "attachment-added");
    }

    [Fact]
    public async Task Screenshots_AcceptedByContent_ForgeriesAndOtherFilesRefused_OnlyTheTicketsCustomerMayAttach()
    {
        var settings = new DeskSettings(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string token) = await host.SubmitAsync();
        (string otherId, string otherToken) = await host.SubmitAsync();
        using HttpClient customer = host.NewCustomerClient(token);
        byte[] png = Fixture("images", "login-error.png");
        byte[] jpeg = Fixture("images", "stripe.jpg");

        using HttpResponseMessage pngUpload = await UploadAsync(customer, id, png, "error.har", "text/plain");
        using HttpResponseMessage jpegUpload = await UploadAsync(customer, id, jpeg, "error.jpg", "image/jpeg");
        using HttpResponseMessage polyglot = await UploadAsync(customer, id, [.. png, .. "MZ\u0090\u0000PE\u0000\u0000"u8.ToArray()], "innocent.png", "image/png");
        using HttpResponseMessage executable = await UploadAsync(customer, id, [.. "MZ\u0090\u0000"u8.ToArray(), .. new byte[512]], "screenshot.png", "image/png");
        using HttpResponseMessage htmlAsPng = await UploadAsync(customer, id, "<html><script>alert(1)</script></html>"u8.ToArray(), "screenshot.png", "image/png");
        using HttpResponseMessage notHar = await UploadAsync(customer, id, """{"log":"nope"}"""u8.ToArray(), "trace.har", "application/json");
        using HttpResponseMessage oversized = await UploadAsync(customer, id, new byte[26 * 1024 * 1024], "huge.har");
        using HttpResponseMessage othersTicket = await UploadAsync(customer, otherId, png, "error.png", "image/png");
        using HttpResponseMessage anonymous = await UploadAsync(host.NewAnonymousClient(), id, png, "error.png", "image/png");

        Assert.Equal(HttpStatusCode.Created, pngUpload.StatusCode);
        JsonElement stored = await pngUpload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("png-screenshot", stored.GetProperty("kind").GetString());
        Assert.Equal("error.png", stored.GetProperty("fileName").GetString());
        Assert.Equal(HttpStatusCode.Created, jpegUpload.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, polyglot.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, executable.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, htmlAsPng.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notHar.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, othersTicket.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.All([polyglot, executable, htmlAsPng, notHar, oversized, othersTicket, anonymous],
            r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));

        // The screenshot is stored byte for byte; the customer reads it back; the other customer cannot.
        string attachmentId = stored.GetProperty("attachmentId").GetString()!;
        Assert.Equal(png, await customer.GetByteArrayAsync($"/api/tickets/{id}/attachments/{attachmentId}"));
        using HttpClient otherCustomer = host.NewCustomerClient(otherToken);
        using HttpResponseMessage stolen = await otherCustomer.GetAsync($"/api/tickets/{id}/attachments/{attachmentId}");
        Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);
        BlobContainerClient container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(settings.AttachmentsContainer);
        Assert.Equal(2, (await container.GetBlobsAsync().CollectAsync()).Count);
    }

    [Fact]
    public async Task AttachmentsPerTicket_AreBounded_AndAClosedTicketTakesNoMore()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        (string id, string token) = await host.SubmitAsync();
        using HttpClient customer = host.NewCustomerClient(token);

        // Distinct traces: what tells them apart (the creator's version) survives sanitizing, unlike a comment.
        static byte[] Trace(int n) => Encoding.UTF8.GetBytes($$$"""{"log":{"version":"1.2","creator":{"name":"test","version":"{{{n}}}"},"entries":[]}}""");

        for (int n = 0; n < 50; n++)
        {
            using HttpResponseMessage stored = await UploadAsync(customer, id, Trace(n), $"trace-{n}.har");
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        }

        using HttpResponseMessage oneTooMany = await UploadAsync(customer, id, Trace(50), "trace-50.har");

        // Refused before its body is read, so even a repeat of a stored file gets the same answer at the cap.
        using HttpResponseMessage repeatAtTheCap = await UploadAsync(customer, id, Trace(7), "trace-7.har");

        Assert.Equal(HttpStatusCode.Conflict, oneTooMany.StatusCode);
        Assert.Contains("50 attachments", await oneTooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, repeatAtTheCap.StatusCode);

        // Closed: staff propose, the customer confirms, and the ticket takes no further files.
        (string closedId, string closedToken) = await host.SubmitAsync();
        using HttpClient closedCustomer = host.NewCustomerClient(closedToken);
        using HttpResponseMessage proposed = await host.Client.PostAsync($"/api/tickets/{closedId}/resolution",
            new StringContent("""{"summary":"Fixed."}""", Encoding.UTF8, "application/json"));
        using HttpResponseMessage confirmed = await closedCustomer.PostAsync($"/api/tickets/{closedId}/confirmation",
            new StringContent("""{"resolved":true}""", Encoding.UTF8, "application/json"));
        using HttpResponseMessage afterClose = await UploadAsync(closedCustomer, closedId, Trace(1), "late.har");

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, afterClose.StatusCode);
        Assert.Equal("application/problem+json", afterClose.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SecretCorpusHar_StoredBlobHoldsNoneOfItsSecrets_InAnyEncoding()
    {
        var settings = new DeskSettings(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string token) = await host.SubmitAsync();
        HarSecretCorpus corpus = HarSecretCorpus.Build();

        using HttpResponseMessage uploaded = await UploadAsync(host.NewCustomerClient(token), id, corpus.Bytes, "login.har", "application/json");

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        JsonElement answer = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        string stored = Encoding.UTF8.GetString((await new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(settings.AttachmentsContainer)
            .GetBlobClient($"{id}/{answer.GetProperty("attachmentId").GetString()}").DownloadContentAsync()).Value.Content.ToArray());
        string[] survivors = [.. corpus.Secrets.SelectMany(s => s.Values.Select(v => (s.Place, Found: HarSecretCorpus.FindSurvivor(stored, v)))).Where(x => x.Found is not null).Select(x => $"{x.Place}: {x.Found}")];
        Assert.Empty(survivors);
        Assert.All(HarSecretCorpus.Kept, kept => Assert.Contains(kept, stored, StringComparison.Ordinal));
        int redacted = answer.GetProperty("secretsRedacted").GetInt32();
        Assert.True(redacted >= corpus.Secrets.Count);
        TestReport.Write($"HAR corpus test: {corpus.Secrets.Count} secrets planted in every place of the format, {redacted} values redacted, {survivors.Length} survived in the stored blob (raw, URL-encoded, JSON-escaped, base64).");

        JsonElement ticket = await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        Assert.Contains(ticket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("summary").GetString()!.Contains($"{redacted} value(s) redacted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LogFile_IsStoredSanitizedAsText_AndATextFileNotNamedAsALogIsRefused()
    {
        var settings = new DeskSettings(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string token) = await host.SubmitAsync();
        using HttpClient customer = host.NewCustomerClient(token);
        byte[] log = Encoding.UTF8.GetBytes("09:30 INFO start\nAuthorization: Bearer LogUploadTokenQz8\nConnectionString=Server=db;Password=LogUploadPassQz9;\n09:31 INFO done\n");

        using HttpResponseMessage uploaded = await UploadAsync(customer, id, log, "app server.log", "text/plain");
        using HttpResponseMessage notALog = await UploadAsync(customer, id, log, "notes.md", "text/plain");

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        JsonElement answer = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("log-file", answer.GetProperty("kind").GetString());
        Assert.Equal("app_server.log", answer.GetProperty("fileName").GetString());
        Assert.True(answer.GetProperty("secretsRedacted").GetInt32() >= 2);
        using HttpResponseMessage download = await customer.GetAsync($"/api/tickets/{id}/attachments/{answer.GetProperty("attachmentId").GetString()}");
        string stored = await download.Content.ReadAsStringAsync();
        Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);
        Assert.Contains("09:31 INFO done", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("LogUploadTokenQz8", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("LogUploadPassQz9", stored, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notALog.StatusCode);
    }

    [Fact]
    public async Task UploadThatCannotBeTaken_IsAnsweredBeforeItsBodyIsSent()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        (string id, string token) = await host.SubmitAsync();
        (string otherId, _) = await host.SubmitAsync();
        (string closedId, string closedToken) = await host.SubmitAsync();
        using HttpResponseMessage proposed = await host.Client.PostAsync($"/api/tickets/{closedId}/resolution", new StringContent("""{"summary":"Fixed."}""", Encoding.UTF8, "application/json"));
        using HttpResponseMessage confirmed = await host.NewCustomerClient(closedToken).PostAsync($"/api/tickets/{closedId}/confirmation", new StringContent("""{"resolved":true}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        // Headers that announce a large body, and not one byte of it: an answer proves the desk decided without reading.
        async Task<string> AnswerWithoutBodyAsync(string ticketId, string credential, int declaredLength)
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
            using System.Net.Sockets.NetworkStream stream = client.GetStream();
            byte[] head = Encoding.ASCII.GetBytes(
                $"POST /api/tickets/{ticketId}/attachments?filename=a.har HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\nAuthorization: Bearer {credential}\r\n" +
                $"Content-Type: application/octet-stream\r\nContent-Length: {declaredLength}\r\n\r\n");
            await stream.WriteAsync(head);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            byte[] buffer = new byte[4096];
            int read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }

        string anotherTicketsToken = await AnswerWithoutBodyAsync(otherId, token, 1024 * 1024);
        string closedTicket = await AnswerWithoutBodyAsync(closedId, closedToken, 1024 * 1024);
        string overTheLimit = await AnswerWithoutBodyAsync(id, token, 26 * 1024 * 1024);

        Assert.StartsWith("HTTP/1.1 404", anotherTicketsToken, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 409", closedTicket, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 413", overTheLimit, StringComparison.Ordinal);
        Assert.All([anotherTicketsToken, closedTicket, overTheLimit], answer => Assert.Contains("application/problem+json", answer, StringComparison.Ordinal));
    }

    /// <summary>
    /// The host's peak memory (VmHWM, reset just before) while it takes a 25 MiB HAR built to make the sanitizer work as
    /// hard as its limits allow. The bound: at most 12 times the file on top of what the host held before.
    /// </summary>
    [Fact]
    public async Task HostileHar25MiB_PeakMemoryOfTheHostStaysWithinTwelveTimesTheFile()
    {
        const int size = 25 * 1024 * 1024;
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        (string id, string token) = await host.SubmitAsync();
        byte[] hostile = HostileHar.Build(size);
        using HttpClient customer = host.NewCustomerClient(token);
        using (HttpResponseMessage warmUp = await UploadAsync(customer, id, HarSecretCorpus.Build().Bytes, "warm-up.har"))
        {
            Assert.Equal(HttpStatusCode.Created, warmUp.StatusCode);
        }

        long before = host.ResetPeakMemory();
        var timer = System.Diagnostics.Stopwatch.StartNew();
        using HttpResponseMessage uploaded = await UploadAsync(customer, id, hostile, "hostile.har");
        timer.Stop();
        long peak = host.PeakMemory();

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        long rise = peak - before;
        TestReport.Write($"Upload memory test: a {hostile.Length / 1048576.0:0.0} MiB hostile HAR took {timer.Elapsed.TotalSeconds:0.0} s; the host's peak memory rose {rise / 1048576.0:0} MiB ({(double)rise / hostile.Length:0.0}x the file; bound 12x).");
        Assert.True(rise <= 12L * hostile.Length, $"peak rose {rise / 1048576.0:0} MiB for a {hostile.Length / 1048576.0:0.0} MiB file");
    }
}
