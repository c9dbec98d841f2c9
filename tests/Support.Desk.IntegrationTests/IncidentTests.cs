using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// A regional outage on the local host with Azurite, a fake status page and a fake chat channel: the page's incident
/// opens a desk incident, the region's tickets link to it, one update answers each once (also when posted twice, and
/// when the host dies halfway), the SLA notices of linked tickets go out as digests, and the page's recovery proposes
/// the resolution to each customer.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class IncidentTests(AzuriteFixture azurite)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    static async Task<JsonElement> TicketAsync(LocalHostProcess host, string id) => await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");

    static async Task<JsonElement> IncidentAsync(LocalHostProcess host, string id) => await host.Client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");

    /// <summary>The ticket's incident (the answer leaves out a field that is null).</summary>
    static string? IncidentOf(JsonElement ticket) => ticket.TryGetProperty("incident", out JsonElement incident) ? incident.GetString() : null;

    static int Count(JsonElement ticket, string kind) => ticket.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == kind);

    static string[] MailOf(DeskSettings settings, string ticketId, string kind) =>
        Directory.GetFiles(settings.MailDirectory, $"{ticketId}.{kind}.*.eml");

    static async Task<string> OpenIncidentAsync(LocalHostProcess host, string regions = "\"us\"")
    {
        using HttpResponseMessage opened = await host.Client.PostAsync("/api/incidents", Json($$"""{"title":"Login outage in the Americas","regions":[{{regions}}]}"""));
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    static async Task<JsonElement> BroadcastDoneAsync(LocalHostProcess host, string incidentId, int sequence) =>
        (await Eventually.GetAsync(async () =>
        {
            JsonElement incident = await IncidentAsync(host, incidentId);
            JsonElement b = incident.GetProperty("broadcasts").EnumerateArray().FirstOrDefault(x => x.GetProperty("sequence").GetInt32() == sequence);
            return b.ValueKind == JsonValueKind.Object && b.GetProperty("state").GetString() == "done" ? new[] { b } : null;
        }, Patience, $"broadcast {sequence} of {incidentId} done"))[0];

    /// <summary>Every region's status page on <paramref name="pages"/> (the Americas' serving <paramref name="usFixture"/>), polled every second.</summary>
    static DeskSettings WithStatusPages(DeskSettings settings, FakeStatusPages pages, string usFixture)
    {
        pages.Serve("us", usFixture);
        pages.Serve("eu", "operational.json");
        pages.Serve("au", "operational.json");
        return settings
            .With("StatusPollSchedule", "* * * * * *")
            .With("Storage:RegionStatusTable", "Status" + Guid.NewGuid().ToString("N")[..8])
            .With("StatusPages:Regions:us:Url", pages.Url("us").ToString())
            .With("StatusPages:Regions:eu:Url", pages.Url("eu").ToString())
            .With("StatusPages:Regions:au:Url", pages.Url("au").ToString())
            .With("Incidents:WorkerInterval", "00:00:01");
    }

    static Task<string> StatusPageIncidentAsync(LocalHostProcess host) => Eventually.GetAsync(async () =>
    {
        JsonElement list = await host.Client.GetFromJsonAsync<JsonElement>("/api/incidents");
        return list.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("id").GetString()).FirstOrDefault();
    }, Patience, "the incident the status page opened");

    [Fact]
    public async Task StatusPageOutage_OpensIncident_LinksRegionTickets_OneUpdateAnswersEachOnce_RecoveryProposesTheResolution()
    {
        await using FakeStatusPages pages = await FakeStatusPages.StartAsync();
        DeskSettings settings = WithStatusPages(new DeskSettings(azurite), pages, usFixture: "operational.json");
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string Id, string Token)[] before = [await host.SubmitAsync(), await host.SubmitAsync(), await host.SubmitAsync()];
        (string euTicket, _) = await host.SubmitAsync("globex");
        (string closing, string closingToken) = await host.SubmitAsync();

        pages.Serve("us", "major-incident.json");
        string incidentId = await StatusPageIncidentAsync(host);
        await BroadcastDoneAsync(host, incidentId, 1);
        foreach ((string id, _) in before)
        {
            Assert.Equal(incidentId, IncidentOf(await TicketAsync(host, id)));
        }

        Assert.Null(IncidentOf(await TicketAsync(host, euTicket)));
        (string after, _) = await host.SubmitAsync();
        Assert.Equal(incidentId, IncidentOf(await TicketAsync(host, after)));

        // The customer of one linked ticket closes it before the update: that ticket is passed over.
        using (HttpResponseMessage proposed = await host.Client.PostAsync($"/api/tickets/{closing}/resolution", Json("""{"summary":"Fixed on our side."}""")))
        {
            Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        }

        using (HttpClient customer = host.NewCustomerClient(closingToken))
        using (HttpResponseMessage confirmed = await customer.PostAsync($"/api/tickets/{closing}/confirmation", Json("""{"resolved":true}""")))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        // Posted twice with one key (a double submit): one broadcast.
        async Task<HttpResponseMessage> PostUpdateAsync()
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incidentId}/updates") { Content = Json("""{"body":"We have identified the cause and are rolling back."}""") };
            post.Headers.Add("Idempotency-Key", "update-1");
            return await host.Client.SendAsync(post);
        }

        HttpResponseMessage[] posts = await Task.WhenAll(PostUpdateAsync(), PostUpdateAsync());
        Assert.All(posts, p => Assert.Equal(HttpStatusCode.Accepted, p.StatusCode));
        int[] sequences = [.. await Task.WhenAll(posts.Select(async p => (await p.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt32()))];
        Assert.Single(sequences.Distinct());
        Assert.Contains(posts, p => p.Headers.TryGetValues("Idempotent-Replayed", out _));
        JsonElement done = await BroadcastDoneAsync(host, incidentId, sequences[0]);
        Assert.Equal(4, done.GetProperty("applied").GetInt32());

        foreach (string id in before.Select(b => b.Id).Append(after))
        {
            JsonElement ticket = await TicketAsync(host, id);
            Assert.Equal(1, Count(ticket, "incident-update"));
            Assert.Equal("met", ticket.GetProperty("sla").GetProperty("firstResponse").GetProperty("state").GetString());
            Assert.Equal("in-progress", ticket.GetProperty("status").GetString());
            MimeMessage email = await Eventually.GetAsync(() => Task.FromResult(MailOf(settings, id, "incident-update").Select(f => MimeMessage.Load(f)).FirstOrDefault()), Patience, $"the update email of {id}");
            Assert.Contains("rolling back", email.TextBody, StringComparison.Ordinal);
            MimeMessage confirmation = MimeMessage.Load(MailOf(settings, id, "confirmation").Single());
            Assert.Equal(confirmation.MessageId, email.InReplyTo);
        }

        Assert.Equal(0, Count(await TicketAsync(host, closing), "incident-update"));
        Assert.Equal(0, Count(await TicketAsync(host, euTicket), "incident-update"));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.All(before.Select(b => b.Id).Append(after), id => Assert.Single(MailOf(settings, id, "incident-update")));

        // The page's recovery resolves the incident: each linked open ticket is proposed its resolution, once.
        pages.Serve("us", "operational.json");
        await Eventually.GetAsync(async () => (await IncidentAsync(host, incidentId)).GetProperty("incident").GetProperty("status").GetString() == "resolved" ? "resolved" : null, Patience, "the incident resolved");
        foreach (string id in before.Select(b => b.Id).Append(after))
        {
            await Eventually.GetAsync(async () => (await TicketAsync(host, id)).GetProperty("status").GetString() == "resolution-proposed" ? id : null, Patience, $"{id} proposed the resolution");
        }

        // One customer says it is not fixed: that ticket leaves the incident with a next-response clock.
        using HttpClient rejecting = host.NewCustomerClient(before[0].Token);
        using HttpResponseMessage rejected = await rejecting.PostAsync($"/api/tickets/{before[0].Id}/confirmation", Json("""{"resolved":false,"comment":"Still failing for our EU users."}"""));
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        JsonElement reopened = await TicketAsync(host, before[0].Id);
        Assert.Equal("in-progress", reopened.GetProperty("status").GetString());
        Assert.Null(IncidentOf(reopened));
        Assert.Equal("running", reopened.GetProperty("sla").GetProperty("nextResponse").GetProperty("state").GetString());
    }

    [Fact]
    public async Task IncidentApi_RefusesCustomersAndStrangers_AndNamesBadFields()
    {
        DeskSettings settings = new(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string token) = await host.SubmitAsync();
        using HttpClient customer = host.NewCustomerClient(token);
        using HttpClient stranger = host.NewAnonymousClient();

        using HttpResponseMessage byCustomer = await customer.PostAsync("/api/incidents", Json("""{"title":"Not mine to open","regions":["us"]}"""));
        using HttpResponseMessage byStranger = await stranger.GetAsync("/api/incidents");
        using HttpResponseMessage bad = await host.Client.PostAsync("/api/incidents", Json("""{"title":"x","regions":["mars"],"extra":1}"""));
        using HttpResponseMessage unknown = await host.Client.PostAsync("/api/incidents/INC-00000000/updates", Json("""{"body":"hello"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byStranger.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        JsonElement errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("regions", out _));
        Assert.True(errors.TryGetProperty("extra", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Null(IncidentOf(await TicketAsync(host, id)));
    }

    [Fact]
    public async Task HostKilledMidBroadcast_RestartFinishesTheRest_NoTicketAnsweredTwiceAndNoneMissed()
    {
        DeskSettings settings = new DeskSettings(azurite)
            .With("Incidents:WorkerInterval", "00:00:01")
            .With("Incidents:BroadcastLease", "00:00:05")
            .With("Incidents:BroadcastParallelism", "1");
        var host = await LocalHostProcess.StartAsync(settings);
        string incidentId = await OpenIncidentAsync(host);
        var tickets = new List<string>();
        for (int i = 0; i < 40; i++)
        {
            tickets.Add((await host.SubmitAsync()).Id);
        }

        using (HttpResponseMessage posted = await host.Client.PostAsync($"/api/incidents/{incidentId}/updates", Json("""{"body":"Engineers are on it."}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        // Kill the host once some tickets have the update and others do not yet.
        await Eventually.GetAsync(async () =>
        {
            int reached = 0;
            foreach (string id in tickets.Take(40))
            {
                reached += Count(await TicketAsync(host, id), "incident-update");
            }

            return reached >= 3 ? reached.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        }, Patience, "the broadcast under way");
        await host.KillAsync();
        await host.DisposeAsync();

        await using LocalHostProcess restarted = await LocalHostProcess.StartAsync(settings);
        JsonElement done = await BroadcastDoneAsync(restarted, incidentId, 2);
        Assert.Equal(tickets.Count, done.GetProperty("applied").GetInt32());
        foreach (string id in tickets)
        {
            Assert.Equal(1, Count(await TicketAsync(restarted, id), "incident-update"));
            await Eventually.GetAsync(() => Task.FromResult(MailOf(settings, id, "incident-update").Length > 0 ? id : null), Patience, $"the update email of {id}");
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.All(tickets, id => Assert.Single(MailOf(settings, id, "incident-update")));
    }

    [Fact]
    public async Task BreachWaveInAnOpenIncident_GoesOutAsDigestsListingEachTicketOnce_WhileAnUnlinkedTicketKeepsItsOwnEmails()
    {
        await using FakeChatWebhook chat = await FakeChatWebhook.StartAsync();
        DeskSettings settings = new DeskSettings(azurite)
            .With("Sla:Standard:Urgent:Target", "00:00:04")
            .With("Sla:Premium:Urgent:Target", "00:00:04")
            .With("Incidents:WorkerInterval", "00:00:01")
            .With("Incidents:DigestInterval", "00:00:10")
            .With("Incidents:ChatWebhookUrl", chat.Url.ToString());
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        string incidentId = await OpenIncidentAsync(host);
        await BroadcastDoneAsync(host, incidentId, 1);
        var linked = new List<string>();
        for (int i = 0; i < 8; i++)
        {
            linked.Add((await host.SubmitAsync(severity: "urgent")).Id);
        }

        (string unlinked, _) = await host.SubmitAsync("globex", severity: "urgent");

        // Every linked ticket breaches; the digests list each one's breach once, in as few emails as the interval allows.
        string Files(string level) => string.Join(",", Directory.GetFiles(settings.MailDirectory, $"{incidentId}.digest-{level}.*.eml"));
        await Eventually.GetAsync(async () =>
        {
            foreach (string id in linked)
            {
                if (Count(await TicketAsync(host, id), "sla-breached") == 0)
                {
                    return null;
                }
            }

            return "breached";
        }, Patience, "every linked ticket breached");
        string[] ListedIn(string level) => [.. Directory.GetFiles(settings.MailDirectory, $"{incidentId}.digest-{level}.*.eml")
            .SelectMany(f => linked.Where(id => MimeMessage.Load(f).TextBody?.Contains(id, StringComparison.Ordinal) == true))];
        foreach (string level in new[] { "new-urgent", "warning", "breach" })
        {
            await Eventually.GetAsync(() => Task.FromResult(ListedIn(level).Length >= linked.Count ? "all" : null), Patience, $"every linked ticket in a {level} digest ({Files(level)})");
            Assert.Equal(linked.Order(StringComparer.Ordinal), ListedIn(level).Order(StringComparer.Ordinal));
            string[] digests = Directory.GetFiles(settings.MailDirectory, $"{incidentId}.digest-{level}.*.eml");
            Assert.InRange(digests.Length, 1, 3);
            MimeMessage first = MimeMessage.Load(digests[0]);
            Assert.Contains(incidentId, first.Subject, StringComparison.Ordinal);
        }

        Assert.Equal("support-lead@support-desk.localhost", MimeMessage.Load(Directory.GetFiles(settings.MailDirectory, $"{incidentId}.digest-breach.*.eml")[0]).To.Mailboxes.Single().Address);
        foreach (string id in linked)
        {
            Assert.Empty(MailOf(settings, id, "sla-breach"));
            Assert.Empty(MailOf(settings, id, "sla-warning"));
            Assert.Empty(MailOf(settings, id, "urgent-ticket"));
        }

        await Eventually.GetAsync(() => Task.FromResult(MailOf(settings, unlinked, "sla-breach").Length == 1 ? unlinked : null), Patience, "the unlinked ticket's own breach email");
        Assert.Single(MailOf(settings, unlinked, "urgent-ticket"));
        // Each digest is posted to chat after its email is sent: the last post may still be on its way.
        int digestEmails = settings.MailFiles().Count(f => Path.GetFileName(f).StartsWith(incidentId + ".digest-", StringComparison.Ordinal));
        await Eventually.GetAsync(() => Task.FromResult(chat.Texts.Count >= digestEmails ? "posted" : null), Patience, "a chat post for every digest email");
        Assert.Equal(digestEmails, chat.Texts.Count);
    }

    [Fact]
    public async Task SubmitPage_ShowsTheRegionsOpenIncident_AndWeAreAffectedToo_FillsTheFormAndLinksTheTicketAtOnce()
    {
        DeskSettings settings = new(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        string elsewhere = await OpenIncidentAsync(host, "\"eu\"");
        using var contact = new PageClient(host);
        await contact.AskForSignInLinkAsync("jane@acme.example");
        await contact.RedeemSignInLinkAsync(await Eventually.GetAsync(() => Task.FromResult(PageClient.SignInTokensSentTo(settings, "jane@acme.example").LastOrDefault()), Patience, "the sign-in link"));

        // An incident of another region is not shown to an Americas customer.
        string quiet = await (await contact.GetAsync("/submit")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Known incident in your region", quiet, StringComparison.Ordinal);

        using HttpResponseMessage opened = await host.Client.PostAsync("/api/incidents", Json("""{"title":"Sign-in <errors> in the Americas","regions":["us"]}"""));
        string incidentId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        string banner = await Eventually.GetAsync(async () =>
        {
            string html = await (await contact.GetAsync("/submit")).Content.ReadAsStringAsync();
            return html.Contains(incidentId, StringComparison.Ordinal) ? html : null;
        }, Patience, "the incident on the submit page");
        Assert.Contains("We are affected too", banner, StringComparison.Ordinal);
        Assert.Contains("Sign-in &lt;errors&gt; in the Americas", banner, StringComparison.Ordinal);
        string filled = await (await contact.GetAsync($"/submit?incident={incidentId}")).Content.ReadAsStringAsync();
        Assert.Contains("value=\"Affected by: Sign-in &lt;errors&gt; in the Americas\"", filled, StringComparison.Ordinal);
        Assert.Contains($"name=\"incident\" value=\"{incidentId}\"", filled, StringComparison.Ordinal);

        async Task<string> SubmitAsync(string incident, string subject)
        {
            string token = await contact.FormTokenAsync("/submit");
            var form = new MultipartFormDataContent();
            void Field(string name, string value) => form.Add(new StringContent(value, Encoding.UTF8), name);
            Field("_csrf", token);
            Field("incident", incident);
            Field("submissionKey", Guid.NewGuid().ToString("N"));
            Field("requester.name", "Jane Doe");
            Field("severity", "high");
            Field("subject", subject);
            Field("description", "Our users see the same errors.");
            Field("applications", "Acme Portal");
            Field("connections", "acme-ad");
            Field("loginStage", "after-credentials");
            Field("startedAt", "2026-12-04T09:00");
            Field("affectedUsers", "all");
            Field("frequency", "always");
            Field("browsers", "all");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/submit") { Content = form, Headers = { { "Origin", contact.Origin } } };
            using HttpResponseMessage posted = await contact.SendAsync(request);
            Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
            return Regex.Match(posted.Headers.Location!.ToString(), "SUP-[0-9A-Z-]+").Value;
        }

        // The customer says they are affected: the ticket joins it as it is stored.
        string affected = await SubmitAsync(incidentId, "Affected by: Sign-in errors in the Americas");
        Assert.Equal(incidentId, IncidentOf(await TicketAsync(host, affected)));

        // Naming another region's incident does not join it: the ticket joins its own region's, as any new ticket does.
        string other = await SubmitAsync(elsewhere, "Something else");
        Assert.Equal(incidentId, IncidentOf(await TicketAsync(host, other)));
    }

    [Fact]
    public async Task UpdateBroadcast_WhileCustomersStaffEmailedRepliesAndTheSlaStepWriteTheSameTickets_AnswersEachOnce_LosesNothing_AndNever5xx()
    {
        // A 3-second target around the clock: the SLA step warns and breaches these tickets while everyone writes them.
        DeskSettings settings = new DeskSettings(azurite).With("InboundEmail:ReplyDomain", "reply.desk.example")
            .With("Sla:Standard:High:Coverage", "always-on").With("Sla:Standard:High:Target", "00:00:03")
            .With("Incidents:WorkerInterval", "00:00:01");
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        string incidentId = await OpenIncidentAsync(host);
        await BroadcastDoneAsync(host, incidentId, 1);
        var tickets = new List<(string Id, string Token)>();
        for (int i = 0; i < 8; i++)
        {
            tickets.Add(await host.SubmitAsync());
        }

        var replyTo = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string id, _) in tickets)
        {
            replyTo[id] = await Eventually.GetAsync(() => Task.FromResult(MailOf(settings, id, "confirmation").Select(f => MimeMessage.Load(f).ReplyTo.Mailboxes.Single().Address).FirstOrDefault()),
                Patience, $"the confirmation of {id}");
        }

        using HttpClient inbound = host.NewAnonymousClient();
        var writes = new List<Task<HttpResponseMessage>>
        {
            host.Client.PostAsync($"/api/incidents/{incidentId}/updates", Json("""{"body":"Rollback in progress."}""")),
        };
        foreach ((string id, string token) in tickets)
        {
            HttpClient customer = host.NewCustomerClient(token);
            writes.Add(customer.PostAsync($"/api/tickets/{id}/updates", Json($$"""{"body":"still down for {{id}}"}""")));
            writes.Add(host.Client.PostAsync($"/api/tickets/{id}/updates", Json($$"""{"body":"note on {{id}}","internal":true}""")));
            writes.Add(inbound.SendAsync(InboundParseForms.Post(InboundParseForms.Form(replyTo[id], $"emailed for {id}", from: $"Jane Doe <{TicketRequests.RequesterEmail}>",
                dkim: "{@" + TicketRequests.RequesterEmail.Split('@')[1] + " : pass}", envelopeFrom: TicketRequests.RequesterEmail))));
        }

        HttpResponseMessage[] answers = await Task.WhenAll(writes);
        Assert.All(answers, a => Assert.True((int)a.StatusCode < 300, $"{a.RequestMessage?.RequestUri}: {(int)a.StatusCode} {a.Content.ReadAsStringAsync().Result}"));
        JsonElement done = await BroadcastDoneAsync(host, incidentId, 2);
        Assert.Equal(tickets.Count, done.GetProperty("applied").GetInt32());
        foreach ((string id, _) in tickets)
        {
            JsonElement ticket = await TicketAsync(host, id);
            Assert.Equal(1, Count(ticket, "incident-update"));
            JsonElement[] timeline = [.. ticket.GetProperty("timeline").EnumerateArray()];
            Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "customer-update" && e.GetProperty("body").GetString() == $"still down for {id}");
            Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "internal-note" && e.GetProperty("body").GetString() == $"note on {id}");
            Assert.Single(timeline, e => e.GetProperty("kind").GetString() == "customer-update" && e.GetProperty("body").GetString()!.Contains($"emailed for {id}", StringComparison.Ordinal));
            await Eventually.GetAsync(() => Task.FromResult(MailOf(settings, id, "incident-update").Length > 0 ? id : null), Patience, $"the update email of {id}");
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.All(tickets, t => Assert.Single(MailOf(settings, t.Id, "incident-update")));
    }

    [Fact]
    public async Task StaffResolveAPageIncidentTheyFixedFirst_LaterPollsStillListingIt_NeitherReopenNorOpenAnother()
    {
        await using FakeStatusPages pages = await FakeStatusPages.StartAsync();
        DeskSettings settings = WithStatusPages(new DeskSettings(azurite), pages, usFixture: "major-incident.json");
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        string incidentId = await StatusPageIncidentAsync(host);

        using HttpResponseMessage resolved = await host.Client.PostAsync($"/api/incidents/{incidentId}/resolution", Json("""{"summary":"Fixed on our side before the page caught up."}"""));
        Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);
        int historyAfterResolve = (await IncidentAsync(host, incidentId)).GetProperty("history").GetArrayLength();
        await Task.Delay(TimeSpan.FromSeconds(4));

        JsonElement incidents = await host.Client.GetFromJsonAsync<JsonElement>("/api/incidents");
        JsonElement only = Assert.Single(incidents.GetProperty("incidents").EnumerateArray());
        Assert.Equal("resolved", only.GetProperty("status").GetString());
        Assert.Equal(historyAfterResolve, (await IncidentAsync(host, incidentId)).GetProperty("history").GetArrayLength());
        Assert.Equal(1, Regex.Count(host.Output, $"Incident {incidentId} opened from"));
    }
}
