using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AccessToken = Azure.Core.AccessToken;
using TokenCredential = Azure.Core.TokenCredential;
using TokenRequestContext = Azure.Core.TokenRequestContext;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Support.Desk.Application;
using Support.Desk.Hosting.Email;
using Support.Desk.IntegrationTests.Infrastructure;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using Support.Desk.Application.Ports;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>SendGrid and Azure Communication Services Email, with WireMock.Net standing in for both on 127.0.0.1.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class EmailProviderTests(AzuriteFixture azurite) : IDisposable
{
    // A made-up resource key (base64, as ACS issues them).
    const string AcsKey = "c3VwcG9ydC1kZXNrLXRlc3Qta2V5LTAxMjM0NTY3ODlhYmNkZWY=";

    readonly WireMockServer server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePorts.Next()}"] });
    readonly List<ServiceProvider> providers = [];

    public void Dispose()
    {
        this.server.Stop();
        this.server.Dispose();
        this.providers.ForEach(p => p.Dispose());
    }

    IEmailSender Sender(string provider)
    {
        DeskSettings settings = new DeskSettings(azurite)
            .With("Email:Provider", provider)
            .With("Email:FromAddress", "support@desk.example")
            .With("Email:SendGrid:ApiKey", "SG.test-key")
            .With("Email:SendGrid:BaseUrl", this.server.Url!)
            .With("Email:AzureCommunication:Endpoint", this.server.Url!)
            .With("Email:AzureCommunication:AccessKey", AcsKey)
            .With("Email:AzureCommunication:SenderAddress", "DoNotReply@desk.example")
            .With("Storage:EmailLedgerTable", "Ledger" + Guid.NewGuid().ToString("N")[..10]);
        ServiceProvider services = DeskServices.Create(settings);
        this.providers.Add(services);
        return services.GetRequiredService<IEmailSender>();
    }

    static EmailMessage Message(string id = "SUP-7K3M-9QXD-2F4A.confirmation.1") =>
        new(id, "jane@customer.example", ["csm@desk.example"], "[SUP-7K3M-9QXD-2F4A] We received your ticket", "Plain text body", "<p>HTML body</p>");

    ILogEntry[] Requests(string method, string pathStart) =>
        [.. this.server.LogEntries.Where(e => e.RequestMessage.Method == method && e.RequestMessage.Path.StartsWith(pathStart, StringComparison.Ordinal))];

    [Fact]
    public async Task SendGrid_Message_PostsV3MailSendWithBearerKeyAndBothParts()
    {
        this.server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));

        EmailSendOutcome outcome = await this.Sender("SendGrid").SendAsync(Message(), CancellationToken.None);

        Assert.Equal(EmailSendOutcome.Sent, outcome);
        ILogEntry request = Assert.Single(this.Requests("POST", "/v3/mail/send"));
        Assert.Equal("Bearer SG.test-key", request.RequestMessage.Headers!["Authorization"].Single());
        using JsonDocument body = JsonDocument.Parse(request.RequestMessage.Body!);
        JsonElement root = body.RootElement;
        Assert.Equal("support@desk.example", root.GetProperty("from").GetProperty("email").GetString());
        JsonElement personalization = root.GetProperty("personalizations")[0];
        Assert.Equal("jane@customer.example", personalization.GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal("csm@desk.example", personalization.GetProperty("cc")[0].GetProperty("email").GetString());
        Assert.Equal("[SUP-7K3M-9QXD-2F4A] We received your ticket", root.GetProperty("subject").GetString());
        Assert.Equal(["text/plain", "text/html"], root.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        Assert.Equal("SUP-7K3M-9QXD-2F4A.confirmation.1", personalization.GetProperty("headers").GetProperty("X-Support-Message-Id").GetString());
    }

    static EmailMessage Reply() => Message("SUP-7K3M-9QXD-2F4A.agent-reply.2") with
    {
        ThreadRootId = "SUP-7K3M-9QXD-2F4A.confirmation.1",
        ReplyTo = "reply+sup-7k3m-9qxd-2f4a.0123456789abcdef0123@reply.desk.example",
        Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = "<https://desk.example/status/unsubscribe?token=t>" },
    };

    [Fact]
    public async Task SendGrid_Reply_CarriesItsMessageIdTheThreadAndTheReplyAddress()
    {
        this.server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));

        await this.Sender("SendGrid").SendAsync(Reply(), CancellationToken.None);

        using JsonDocument body = JsonDocument.Parse(Assert.Single(this.Requests("POST", "/v3/mail/send")).RequestMessage.Body!);
        JsonElement headers = body.RootElement.GetProperty("personalizations")[0].GetProperty("headers");
        Assert.Equal("<SUP-7K3M-9QXD-2F4A.agent-reply.2@support-desk.localhost>", headers.GetProperty("Message-ID").GetString());
        Assert.Equal("<SUP-7K3M-9QXD-2F4A.confirmation.1@support-desk.localhost>", headers.GetProperty("In-Reply-To").GetString());
        Assert.Equal("<SUP-7K3M-9QXD-2F4A.confirmation.1@support-desk.localhost>", headers.GetProperty("References").GetString());
        Assert.Equal("<https://desk.example/status/unsubscribe?token=t>", headers.GetProperty("List-Unsubscribe").GetString());
        Assert.Equal("reply+sup-7k3m-9qxd-2f4a.0123456789abcdef0123@reply.desk.example", body.RootElement.GetProperty("reply_to").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Acs_Reply_CarriesItsMessageIdTheThreadAndTheReplyAddress()
    {
        this.AcceptAcs();

        await this.Sender("AzureCommunication").SendAsync(Reply(), CancellationToken.None);

        using JsonDocument json = JsonDocument.Parse(Assert.Single(this.Requests("POST", "/emails:send")).RequestMessage.BodyAsBytes!);
        JsonElement headers = json.RootElement.GetProperty("headers");
        Assert.Equal("<SUP-7K3M-9QXD-2F4A.agent-reply.2@support-desk.localhost>", headers.GetProperty("Message-ID").GetString());
        Assert.Equal("<SUP-7K3M-9QXD-2F4A.confirmation.1@support-desk.localhost>", headers.GetProperty("In-Reply-To").GetString());
        Assert.Equal("<SUP-7K3M-9QXD-2F4A.confirmation.1@support-desk.localhost>", headers.GetProperty("References").GetString());
        Assert.Equal("reply+sup-7k3m-9qxd-2f4a.0123456789abcdef0123@reply.desk.example", json.RootElement.GetProperty("replyTo")[0].GetProperty("address").GetString());
    }

    [Fact]
    public async Task SendGrid_429WithRetryAfterThenSuccess_DeliversExactlyOnce()
    {
        this.server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost()).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7").WithBody("{\"errors\":[{\"message\":\"too many requests\"}]}"));
        this.server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost()).InScenario("throttle").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(202));
        IEmailSender sender = this.Sender("SendGrid");

        var throttled = await Assert.ThrowsAsync<EmailDeliveryException>(() => sender.SendAsync(Message(), CancellationToken.None));
        EmailSendOutcome retried = await sender.SendAsync(Message(), CancellationToken.None);
        EmailSendOutcome again = await sender.SendAsync(Message(), CancellationToken.None);

        Assert.False(throttled.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.RetryAfter);
        Assert.Equal(EmailSendOutcome.Sent, retried);
        Assert.Equal(EmailSendOutcome.AlreadySent, again);
        Assert.Equal(2, this.Requests("POST", "/v3/mail/send").Length);
        Assert.Equal(1, this.Requests("POST", "/v3/mail/send").Count(e => e.ResponseMessage.StatusCode is 202));
    }

    [Theory]
    [InlineData(503, false)]
    [InlineData(500, false)]
    [InlineData(400, true)]
    [InlineData(401, true)]
    public async Task SendGrid_ErrorStatus_IsTransientOnlyFor5xx(int status, bool permanent)
    {
        this.server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost()).RespondWith(Response.Create().WithStatusCode(status).WithBody("{\"errors\":[]}"));

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => this.Sender("SendGrid").SendAsync(Message(), CancellationToken.None));

        Assert.Equal(permanent, failure.Permanent);
    }

    void AcceptAcs(string operationStatus = "Succeeded")
    {
        this.server.Given(Request.Create().WithPath("/emails:send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202)
                .WithHeader("Operation-Location", $"{this.server.Url}/emails/operations/op-1?api-version=2023-03-31")
                .WithBody("{\"id\":\"op-1\",\"status\":\"Running\"}"));
        this.server.Given(Request.Create().WithPath("/emails/operations/op-1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody($"{{\"id\":\"op-1\",\"status\":\"{operationStatus}\",\"error\":{{\"code\":\"Rejected\",\"message\":\"Recipient blocked\"}}}}"));
    }

    [Fact]
    public async Task Acs_Send_SignsWithHmacSha256AsDocumented()
    {
        this.AcceptAcs();

        EmailSendOutcome outcome = await this.Sender("AzureCommunication").SendAsync(Message(), CancellationToken.None);

        Assert.Equal(EmailSendOutcome.Sent, outcome);
        ILogEntry post = Assert.Single(this.Requests("POST", "/emails:send"));
        IDictionary<string, WireMock.Types.WireMockList<string>> h = post.RequestMessage.Headers!;
        byte[] body = post.RequestMessage.BodyAsBytes!;

        // Computed here, independently, from the documented algorithm.
        string expectedHash = Convert.ToBase64String(SHA256.HashData(body));
        string date = h["x-ms-date"].Single();
        string host = h["Host"].Single();
        string stringToSign = $"POST\n/emails:send?api-version=2023-03-31\n{date};{host};{expectedHash}";
        using var hmac = new HMACSHA256(Convert.FromBase64String(AcsKey));
        string expectedSignature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));

        Assert.Equal(expectedHash, h["x-ms-content-sha256"].Single());
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={expectedSignature}", h["Authorization"].Single());
        Assert.True(DateTimeOffset.TryParseExact(date, "R", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Equal("DoNotReply@desk.example", json.RootElement.GetProperty("senderAddress").GetString());
        Assert.Equal("jane@customer.example", json.RootElement.GetProperty("recipients").GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Equal("<p>HTML body</p>", json.RootElement.GetProperty("content").GetProperty("html").GetString());
        Assert.NotEmpty(this.Requests("GET", "/emails/operations/op-1"));
    }

    [Fact]
    public async Task Acs_429ThenAccepted_RetriesAsTheSameRepeatableOperation()
    {
        this.server.Given(Request.Create().WithPath("/emails:send").UsingPost()).InScenario("acs").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3"));
        this.server.Given(Request.Create().WithPath("/emails:send").UsingPost()).InScenario("acs").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("Operation-Location", $"{this.server.Url}/emails/operations/op-1?api-version=2023-03-31"));
        this.server.Given(Request.Create().WithPath("/emails/operations/op-1").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"status\":\"Succeeded\"}"));
        IEmailSender sender = this.Sender("AzureCommunication");

        var throttled = await Assert.ThrowsAsync<EmailDeliveryException>(() => sender.SendAsync(Message(), CancellationToken.None));
        await sender.SendAsync(Message(), CancellationToken.None);
        EmailSendOutcome again = await sender.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(3), throttled.RetryAfter);
        Assert.Equal(EmailSendOutcome.AlreadySent, again);
        ILogEntry[] posts = this.Requests("POST", "/emails:send");
        Assert.Equal(2, posts.Length);
        string[] operationIds = [.. posts.Select(p => p.RequestMessage.Headers!["Operation-Id"].Single()).Distinct()];
        Assert.Equal([AzureCommunicationEmailSender.OperationIdFor(Message().MessageId)], operationIds);
        Assert.Single(posts.Select(p => p.RequestMessage.Headers!["Repeatability-Request-Id"].Single()).Distinct());
        Assert.Single(posts.Select(p => p.RequestMessage.Headers!["Repeatability-First-Sent"].Single()).Distinct());
    }

    [Fact]
    public async Task Acs_OperationLocationOnAnotherHost_IsNeverFollowed_ThePollStaysOnTheEndpoint()
    {
        // Another server stands for wherever a tampered or misrouted answer points; it must see nothing, not even a signed poll.
        using WireMockServer elsewhere = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePorts.Next()}"] });
        elsewhere.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"status\":\"Succeeded\"}"));
        string operationId = AzureCommunicationEmailSender.OperationIdFor(Message().MessageId);
        this.server.Given(Request.Create().WithPath("/emails:send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("Operation-Location", $"{elsewhere.Url}/emails/operations/{operationId}?api-version=2023-03-31"));
        this.server.Given(Request.Create().WithPath($"/emails/operations/{operationId}").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"status\":\"Succeeded\"}"));

        EmailSendOutcome outcome = await this.Sender("AzureCommunication").SendAsync(Message(), CancellationToken.None);

        Assert.Equal(EmailSendOutcome.Sent, outcome);
        Assert.Empty(elsewhere.LogEntries);
        Assert.NotEmpty(this.Requests("GET", $"/emails/operations/{operationId}"));
    }

    [Theory]
    [InlineData("-30", 0)]
    [InlineData("0", 0)]
    [InlineData("120", 120)]
    [InlineData("99999999", 3600)]
    public async Task RetryAfter_NegativeOrHuge_IsClampedToZeroUpToAnHour(string retryAfter, int expectedSeconds)
    {
        this.server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", retryAfter).WithBody("{\"errors\":[]}"));

        var throttled = await Assert.ThrowsAsync<EmailDeliveryException>(() => this.Sender("SendGrid").SendAsync(Message(), CancellationToken.None));

        // A negative delta is no valid Retry-After at all: then the outbox's own back-off applies (null here).
        Assert.Equal(retryAfter.StartsWith('-') ? null : TimeSpan.FromSeconds(expectedSeconds), throttled.RetryAfter);
    }

    [Fact]
    public void RetryAfter_DateInThePastOrFarFuture_IsClamped()
    {
        using var past = new HttpResponseMessage();
        past.Headers.TryAddWithoutValidation("Retry-After", DateTimeOffset.UtcNow.AddHours(-2).ToString("R", CultureInfo.InvariantCulture));
        using var future = new HttpResponseMessage();
        future.Headers.TryAddWithoutValidation("Retry-After", DateTimeOffset.UtcNow.AddYears(5).ToString("R", CultureInfo.InvariantCulture));
        using var reset = new HttpResponseMessage();
        reset.Headers.TryAddWithoutValidation("X-RateLimit-Reset", "99999999999999");

        Assert.Equal(TimeSpan.Zero, ProviderResponses.RetryAfter(past.Headers));
        Assert.Equal(ProviderResponses.MaxRetryAfter, ProviderResponses.RetryAfter(future.Headers));
        Assert.Null(ProviderResponses.RetryAfter(reset.Headers));
    }

    [Fact]
    public async Task Acs_OperationFailed_IsPermanent()
    {
        this.AcceptAcs(operationStatus: "Failed");

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => this.Sender("AzureCommunication").SendAsync(Message(), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("Recipient blocked", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acs_WithoutAccessKey_UsesAnEntraIdBearerToken()
    {
        this.AcceptAcs();
        var credential = new RecordingCredential();
        var options = Options.Create(new EmailOptions
        {
            AzureCommunication = new AzureCommunicationEmailOptions { Endpoint = new Uri(this.server.Url!), SenderAddress = "DoNotReply@desk.example" },
        });
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var sender = new AzureCommunicationEmailSender(services.GetRequiredService<IHttpClientFactory>(), options, credential, TimeProvider.System);

        await sender.SendAsync(Message(), CancellationToken.None);

        Assert.Equal("Bearer entra-token-for-test", this.Requests("POST", "/emails:send").Single().RequestMessage.Headers!["Authorization"].Single());
        Assert.Equal([AzureCommunicationEmailSender.TokenScope], credential.Scopes.Distinct());
    }

    /// <summary>Stands in for Microsoft Entra ID, which cannot run here.</summary>
    sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            this.Scopes.AddRange(requestContext.Scopes);
            return new AccessToken("entra-token-for-test", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(this.GetToken(requestContext, cancellationToken));
    }
}
