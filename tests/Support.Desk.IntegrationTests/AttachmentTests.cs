using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Support.Desk.IntegrationTests.Infrastructure;

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
        static byte[] Trace(int n) => Encoding.UTF8.GetBytes($$$"""{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[],"comment":"trace {{{n}}}"}}""");

        for (int n = 0; n < 50; n++)
        {
            using HttpResponseMessage stored = await UploadAsync(customer, id, Trace(n), $"trace-{n}.har");
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        }

        using HttpResponseMessage oneTooMany = await UploadAsync(customer, id, Trace(50), "trace-50.har");
        using HttpResponseMessage retryOfStored = await UploadAsync(customer, id, Trace(7), "trace-7.har");

        Assert.Equal(HttpStatusCode.Conflict, oneTooMany.StatusCode);
        Assert.Contains("50 attachments", await oneTooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retryOfStored.StatusCode);

        // Closed: staff propose, the customer confirms, and the ticket takes no further files.
        (string closedId, string closedToken) = await host.SubmitAsync();
        using HttpClient closedCustomer = host.NewCustomerClient(closedToken);
        using HttpResponseMessage proposed = await host.Client.PostAsync($"/api/tickets/{closedId}/resolution",
            new StringContent("""{"author":"sam","summary":"Fixed."}""", Encoding.UTF8, "application/json"));
        using HttpResponseMessage confirmed = await closedCustomer.PostAsync($"/api/tickets/{closedId}/confirmation",
            new StringContent("""{"resolved":true}""", Encoding.UTF8, "application/json"));
        using HttpResponseMessage afterClose = await UploadAsync(closedCustomer, closedId, Trace(1), "late.har");

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, afterClose.StatusCode);
        Assert.Equal("application/problem+json", afterClose.Content.Headers.ContentType?.MediaType);
    }
}
