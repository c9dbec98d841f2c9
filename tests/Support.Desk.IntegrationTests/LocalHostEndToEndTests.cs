using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MimeKit;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// The whole path on the local host process: HTTP webhook, Table Storage and the durable engine on Azurite,
/// the .eml confirmation, and a crash-and-restart in the middle of an SLA countdown.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class LocalHostEndToEndTests(AzuriteFixture azurite)
{
    static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    static async Task<JsonElement> GetTicketAsync(LocalHostProcess host, string ticketId)
    {
        using HttpResponseMessage response = await host.Client.GetAsync($"/api/tickets/{ticketId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static async Task<JsonElement> WaitForTimelineAsync(LocalHostProcess host, string ticketId, string kind, TimeSpan timeout, int count = 1) =>
        (await Eventually.GetAsync<object>(
            async () =>
            {
                JsonElement ticket = await GetTicketAsync(host, ticketId);
                return ticket.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == kind) >= count ? ticket : null;
            },
            timeout,
            $"'{kind}' on the timeline of {ticketId}:{Environment.NewLine}{host.Output}") is JsonElement found ? found : default);

    static string[] KindsOf(JsonElement ticket) =>
        [.. ticket.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!)];

    [Fact]
    public async Task Submit_ReadBack_Email_ThenCrashAndRestart_EscalatesOnTime()
    {
        // Deadlines later than a crashed host's shard runs take to be handed out again (the work-item visibility timeout, 20 s).
        var settings = new DeskSettings(azurite).With("Sla:Standard:Urgent:Target", "00:00:40");
        string ticketId;
        DateTimeOffset dueAt;
        await using (LocalHostProcess host = await LocalHostProcess.StartAsync(settings))
        {
            using HttpResponseMessage created = await host.Client.PostAsync("/api/tickets", JsonContent(TicketRequests.Json(severity: "urgent")));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            JsonElement ack = await created.Content.ReadFromJsonAsync<JsonElement>();
            ticketId = ack.GetProperty("ticketId").GetString()!;
            dueAt = ack.GetProperty("sla").GetProperty("firstResponseDueAt").GetDateTimeOffset();
            Assert.Equal($"/api/tickets/{ticketId}", created.Headers.Location?.OriginalString);
            Assert.Equal("gold", ack.GetProperty("plan").GetString());

            // The customer's confirmation, and the new urgent ticket to the duty address at once.
            JsonElement ticket = await WaitForTimelineAsync(host, ticketId, "email-sent", TimeSpan.FromSeconds(15), count: 2);
            Assert.Equal(["submitted", "email-sent", "email-sent"], KindsOf(ticket));
            MimeMessage[] mails = await Task.WhenAll(settings.MailFiles().Select(f => MimeMessage.LoadAsync(f)));
            Assert.Equal(2, mails.Length);
            Assert.All(mails, m => Assert.Contains(ticketId, m.Subject, StringComparison.Ordinal));
            Assert.Single(mails, m => m.To.ToString().Contains("duty@", StringComparison.Ordinal) && (m.Subject ?? string.Empty).Contains("URGENT new ticket", StringComparison.Ordinal));

            // A crash in the middle of the countdown, once the ticket waits on its shard's schedule.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await host.KillAsync();
        }

        await using (LocalHostProcess restarted = await LocalHostProcess.StartAsync(settings))
        {
            JsonElement ticket = await GetTicketAsync(restarted, ticketId);
            Assert.Equal("open", ticket.GetProperty("status").GetString());

            // The shards resume from storage: warning at 75%, breach at the deadline, each on time.
            ticket = await WaitForTimelineAsync(restarted, ticketId, "sla-breached", TimeSpan.FromSeconds(60));
            JsonElement[] timeline = [.. ticket.GetProperty("timeline").EnumerateArray()];
            DateTimeOffset breachedAt = timeline.Single(e => e.GetProperty("kind").GetString() == "sla-breached").GetProperty("at").GetDateTimeOffset();
            DateTimeOffset warnedAt = timeline.Single(e => e.GetProperty("kind").GetString() == "sla-warning").GetProperty("at").GetDateTimeOffset();
            Assert.InRange(breachedAt, dueAt, dueAt.AddSeconds(2));
            Assert.InRange(warnedAt, dueAt.AddSeconds(-10), dueAt.AddSeconds(-8));
            Assert.True(ticket.GetProperty("sla").GetProperty("firstResponse").GetProperty("breached").GetBoolean());
            await Eventually.GetAsync(() => Task.FromResult(settings.MailKinds(ticketId).Length == 4 ? settings.MailKinds(ticketId) : null), TimeSpan.FromSeconds(10), "the breach email");
            Assert.Equal(["confirmation", "sla-breach", "sla-warning", "urgent-ticket"], settings.MailKinds(ticketId));
        }
    }

    [Fact]
    public async Task Lifecycle_OverHttp_InvalidTransitionIs409AndConfirmationCloses()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        using HttpResponseMessage created = await host.Client.PostAsync("/api/tickets", JsonContent(TicketRequests.Json()));
        JsonElement acknowledgement = await created.Content.ReadFromJsonAsync<JsonElement>();
        string id = acknowledgement.GetProperty("ticketId").GetString()!;

        // Staff act with the staff key; the customer with the ticket token from the acknowledgement.
        using HttpClient customer = host.NewAnonymousClient();
        customer.DefaultRequestHeaders.Authorization = new("Bearer", acknowledgement.GetProperty("accessToken").GetString());
        async Task<HttpResponseMessage> StaffPostAsync(string path, string json) => await host.Client.PostAsync($"/api/tickets/{id}/{path}", JsonContent(json));
        async Task<HttpResponseMessage> CustomerPostAsync(string path, string json) => await customer.PostAsync($"/api/tickets/{id}/{path}", JsonContent(json));

        using HttpResponseMessage early = await CustomerPostAsync("confirmation", """{"resolved":true}""");
        using HttpResponseMessage reply = await StaffPostAsync("responses", """{"kind":"reply","body":"We see it too; fixing."}""");
        using HttpResponseMessage proposed = await StaffPostAsync("resolution", """{"summary":"Fixed the rule."}""");
        using HttpResponseMessage confirmed = await CustomerPostAsync("confirmation", """{"resolved":true,"comment":"Thanks!"}""");
        using HttpResponseMessage afterClose = await CustomerPostAsync("updates", """{"role":"customer","body":"One more thing"}""");

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        Assert.Equal("closed", (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, afterClose.StatusCode);
    }

    [Fact]
    public async Task DuplicateConcurrentSubmissions_OneKey_MakeOneTicketAndOneEmailOfEachKind()
    {
        var settings = new DeskSettings(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);

        // Urgent: the duty notice goes at once (a non-urgent ticket's queue notice waits for business hours).
        string body = TicketRequests.Json(severity: "urgent");

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent(body) };

            // Half identify the delivery the Standard Webhooks way.
            request.Headers.Add(i % 2 == 0 ? "Idempotency-Key" : "webhook-id", "delivery-42");
            return host.Client.SendAsync(request);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        string[] ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!));
        string ticketId = Assert.Single(ids.Distinct());
        Assert.Equal(7, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));

        // One confirmation to the customer and one notice to the duty address, however many duplicates arrived.
        JsonElement ticket = await WaitForTimelineAsync(host, ticketId, "email-sent", TimeSpan.FromSeconds(15), count: 2);
        Assert.Equal(["submitted", "email-sent", "email-sent"], KindsOf(ticket));

        // Give a second (wrong) email time to show itself before counting mails.
        await Task.Delay(TimeSpan.FromSeconds(2));
        MimeMessage[] mails = await Task.WhenAll(settings.MailFiles().Select(f => MimeMessage.LoadAsync(f)));
        Assert.Equal(["duty@support-desk.localhost", "jane@customer.example"], mails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        foreach (HttpResponseMessage response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task SameKeyDifferentBody_Returns422Problem()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        async Task<HttpResponseMessage> PostAsync(string subject)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent(TicketRequests.Json(subject: subject)) };
            request.Headers.Add("Idempotency-Key", "reused-key");
            return await host.Client.SendAsync(request);
        }

        using HttpResponseMessage first = await PostAsync("First problem");
        using HttpResponseMessage second = await PostAsync("A different problem");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:support-desk:problem:idempotency-key-reused", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task IdempotencyKey_HoldsForItsLifetime_ThenTheSameKeyMakesANewTicket()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite).With("Intake:IdempotencyKeyLifetime", "00:00:03"));

        // One body for every delivery: a retry repeats the request exactly.
        string body = TicketRequests.Json();
        async Task<(HttpStatusCode Status, string Id, bool Replayed)> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent(body) };
            request.Headers.Add("Idempotency-Key", "nightly-sync-0001");
            using HttpResponseMessage response = await host.Client.SendAsync(request);
            JsonElement answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, answer.GetProperty("ticketId").GetString()!, response.Headers.Contains("Idempotent-Replayed"));
        }

        var first = await PostAsync();
        var retry = await PostAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        var afterLifetime = await PostAsync();
        var retryOfThat = await PostAsync();

        Assert.Equal((HttpStatusCode.Created, false), (first.Status, first.Replayed));
        Assert.Equal((first.Id, true), (retry.Id, retry.Replayed));
        Assert.Equal((HttpStatusCode.Created, false), (afterLifetime.Status, afterLifetime.Replayed));
        Assert.NotEqual(first.Id, afterLifetime.Id);
        Assert.Equal((afterLifetime.Id, true), (retryOfThat.Id, retryOfThat.Replayed));
    }

    [Fact]
    public async Task UnknownTenantAndBadFields_Return400ListingEveryField()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        var body = TicketRequests.Body(tenant: "hooli");
        body["severity"] = "sev1";
        body["requester"]!["email"] = "nobody";

        using HttpResponseMessage response = await host.Client.PostAsync("/api/tickets", JsonContent(body.ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["requester.email", "severity", "tenant"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RegionalOutage_AnnotatesNewTicketsAndEmailsStaffOnOutageAndRecovery()
    {
        await using FakeStatusPages pages = await FakeStatusPages.StartAsync();
        foreach (string region in new[] { "us", "eu", "au" })
        {
            pages.Serve(region, "operational.json");
        }

        DeskSettings settings = new DeskSettings(azurite)
            .With("StatusPollSchedule", "* * * * * *")
            .With("StatusPages:Regions:us:Url", pages.Url("us").ToString())
            .With("StatusPages:Regions:eu:Url", pages.Url("eu").ToString())
            .With("StatusPages:Regions:au:Url", pages.Url("au").ToString())
            .With("Storage:RegionStatusTable", "Status" + Guid.NewGuid().ToString("N")[..8])
            .With("Storage:RegionStatusHistoryTable", "History" + Guid.NewGuid().ToString("N")[..8]);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        async Task<JsonElement> RegionAsync(string region) =>
            (await host.Client.GetFromJsonAsync<JsonElement>("/api/status")).GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("region").GetString() == region);

        // A ticket open before the outage: the outage email must list it.
        using HttpResponseMessage before = await host.Client.PostAsync("/api/tickets", JsonContent(TicketRequests.Json(subject: "Opened before the outage")));
        JsonElement beforeAck = await before.Content.ReadFromJsonAsync<JsonElement>();
        string beforeId = beforeAck.GetProperty("ticketId").GetString()!;
        Assert.False(beforeAck.TryGetProperty("regionAdvisory", out _));
        await WaitForTimelineAsync(host, beforeId, "email-sent", TimeSpan.FromSeconds(15));

        pages.Serve("us", "major-incident.json");
        // Before the first poll a region has no indicator yet: that is "not yet", not a failure.
        await Eventually.GetAsync(
            async () => (await RegionAsync("us")).TryGetProperty("indicator", out JsonElement indicator) && indicator.GetString() == "major" ? "major" : null,
            TimeSpan.FromSeconds(15),
            "the outage on /api/status");
        string outageMail = await Eventually.GetAsync(() => Task.FromResult(settings.MailFiles().FirstOrDefault(f => f.Contains("status-us.outage.", StringComparison.Ordinal))), TimeSpan.FromSeconds(10), "the outage email");
        Assert.Contains(beforeId, (await MimeMessage.LoadAsync(outageMail)).TextBody, StringComparison.Ordinal);

        // A ticket submitted during the outage is annotated, on the ticket and in its confirmation.
        using HttpResponseMessage during = await host.Client.PostAsync("/api/tickets", JsonContent(TicketRequests.Json(subject: "Opened during the outage")));
        JsonElement ack = await during.Content.ReadFromJsonAsync<JsonElement>();
        string duringId = ack.GetProperty("ticketId").GetString()!;
        Assert.Contains("Elevated login errors in US-1", ack.GetProperty("regionAdvisory").GetString(), StringComparison.Ordinal);
        JsonElement ticket = await WaitForTimelineAsync(host, duringId, "email-sent", TimeSpan.FromSeconds(15));
        Assert.Contains("region-status-noted", KindsOf(ticket));
        string confirmationFile = await Eventually.GetAsync(
            () => Task.FromResult(settings.MailFiles().SingleOrDefault(f => f.Contains($"{duringId}.confirmation.", StringComparison.Ordinal))), TimeSpan.FromSeconds(10), "the confirmation");
        MimeMessage confirmation = await MimeMessage.LoadAsync(confirmationFile);
        Assert.Contains("Known issue in your region: Americas status page", confirmation.TextBody, StringComparison.Ordinal);

        pages.Serve("us", "operational.json");
        await Eventually.GetAsync(() => Task.FromResult(settings.MailFiles().FirstOrDefault(f => f.Contains("status-us.recovery.", StringComparison.Ordinal))), TimeSpan.FromSeconds(15), "the recovery email");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(settings.MailFiles(), f => f.Contains("status-us.outage.", StringComparison.Ordinal));
        Assert.Single(settings.MailFiles(), f => f.Contains("status-us.recovery.", StringComparison.Ordinal));

        JsonElement us = await RegionAsync("us");
        Assert.Equal("ok", us.GetProperty("health").GetString());
        Assert.Equal("none", us.GetProperty("indicator").GetString());
        Assert.True(us.GetProperty("lastCheckedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-10));
        Assert.Contains(us.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "incident-opened");
        Assert.Contains(us.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "incident-resolved");
        using HttpResponseMessage badSince = await host.Client.GetAsync("/api/status?since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, badSince.StatusCode);
    }

    [Fact]
    public async Task SignedWebhooks_WhenSecretConfigured_UnsignedAndForgedRejected_SignedAccepted_ReplayRejectedNamingTheTicket()
    {
        string secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite).With("Webhooks:Secrets", secret));
        byte[] body = Encoding.UTF8.GetBytes(TicketRequests.Json());
        long timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        HttpRequestMessage Signed(string signature)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add("webhook-id", "msg_2k3j4h5g6f7d8s9a");
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", signature);
            return request;
        }

        using HttpResponseMessage unsigned = await host.Client.PostAsync("/api/tickets", JsonContent(TicketRequests.Json()));
        using HttpResponseMessage forged = await host.Client.SendAsync(Signed("v1," + Convert.ToBase64String(new byte[32])));
        string valid = Support.Desk.Domain.WebhookSignatures.Sign(secret, "msg_2k3j4h5g6f7d8s9a", timestamp, body);
        using HttpResponseMessage accepted = await host.Client.SendAsync(Signed(valid));
        using HttpResponseMessage replayed = await host.Client.SendAsync(Signed(valid));

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal("application/problem+json", unsigned.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
        Assert.Equal("urn:support-desk:problem:webhook-replayed", (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        string ticketId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
        Assert.Equal($"/api/tickets/{ticketId}", replayed.Headers.Location?.OriginalString);
        Assert.DoesNotContain("tkt_", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
