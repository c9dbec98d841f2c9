using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Support.Desk.Application.Ports;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// The desk as an attacker and a busy support team try it, on the local host with Azurite: many people writing one
/// ticket at once while its SLA step runs, a stranger asking for a contact's sign-in link until the contact is locked
/// out, copies of session cookies after sign-out, a withdrawn staff key, ticket cookies left behind on a shared
/// computer, cookies planted from another site, and a signed-in contact flooding the desk.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class AttackTests(AzuriteFixture azurite)
{
    const string ReplyDomain = "reply.desk.example";

    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    static async Task<JsonElement> StaffViewAsync(LocalHostProcess host, string id) => await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");

    [Fact]
    public async Task OneTicket_32MixedCommandsAtOnceWhileItsSlaStepRuns_EveryAcceptedCommandIsOnTheTimelineOnce_AndNoneAnswers5xx()
    {
        // A 3-second first-response target around the clock: the SLA step warns and breaches while the commands land.
        DeskSettings settings = new DeskSettings(azurite).With("InboundEmail:ReplyDomain", ReplyDomain)
            .With("Sla:Standard:High:Coverage", "always-on").With("Sla:Standard:High:Target", "00:00:03");
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string token) = await host.SubmitAsync();
        MimeMessage confirmation = await Eventually.GetAsync(
            () => Task.FromResult(Directory.GetFiles(settings.MailDirectory, $"{id}.confirmation.*.eml").Select(f => MimeMessage.Load(f)).FirstOrDefault()),
            TimeSpan.FromSeconds(30), "the confirmation email");
        string replyTo = confirmation.ReplyTo.Mailboxes.Single().Address;
        using HttpClient customer = host.NewCustomerClient(token);

        var commands = new List<(string Kind, string Marker, Func<Task<HttpResponseMessage>> Send)>();
        for (int i = 0; i < 10; i++)
        {
            string body = $"reply-{i}";
            commands.Add(("agent-replied", body, () => host.Client.PostAsync($"/api/tickets/{id}/responses", Json($$"""{"kind":"reply","body":"{{body}}"}"""))));
        }

        for (int i = 0; i < 8; i++)
        {
            string body = $"customer-{i}";
            commands.Add(("customer-update", body, () => customer.PostAsync($"/api/tickets/{id}/updates", Json($$"""{"body":"{{body}}"}"""))));
        }

        for (int i = 0; i < 6; i++)
        {
            string body = $"note-{i}";
            commands.Add(("internal-note", body, () => host.Client.PostAsync($"/api/tickets/{id}/updates", Json($$"""{"body":"{{body}}","internal":true}"""))));
        }

        for (int i = 0; i < 4; i++)
        {
            string assignee = i % 2 == 0 ? DeskSettings.OtherStaffName : DeskSettings.StaffName;
            commands.Add(("assignee-changed", assignee, () => host.Client.PatchAsync($"/api/tickets/{id}", Json($$"""{"assignee":"{{assignee}}"}"""))));
        }

        for (int i = 0; i < 2; i++)
        {
            string body = $"emailed-{i}";
            commands.Add(("customer-update", body, async () =>
            {
                using HttpRequestMessage post = InboundParseForms.Post(InboundParseForms.Form(replyTo, body, from: $"Jane Doe <{TicketRequests.RequesterEmail}>",
                    dkim: "{@" + TicketRequests.RequesterEmail.Split('@')[1] + " : pass}", envelopeFrom: TicketRequests.RequesterEmail));
                return await host.NewAnonymousClient().SendAsync(post);
            }));
        }

        for (int i = 0; i < 2; i++)
        {
            string file = $"attachment-{i}.log";
            commands.Add(("attachment-added", file, () =>
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"2026-12-04T10:00:0{i}Z login failed for user {i}\n"));
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                return customer.PostAsync($"/api/tickets/{id}/attachments?filename={file}", content);
            }));
        }

        Assert.Equal(32, commands.Count);
        HttpResponseMessage[] answers = await Task.WhenAll(commands.Select(c => Task.Run(c.Send)));

        string[] failures = [.. answers.Select((a, i) => (a, i)).Where(p => (int)p.a.StatusCode >= 300)
            .Select(p => $"{commands[p.i].Kind} {commands[p.i].Marker}: {(int)p.a.StatusCode} {p.a.Content.ReadAsStringAsync().Result}")];
        Assert.True(failures.Length == 0, string.Join(Environment.NewLine, failures) + Environment.NewLine + (failures.Length == 0 ? string.Empty : host.Output));
        JsonElement[] timeline = [.. (await StaffViewAsync(host, id)).GetProperty("timeline").EnumerateArray()];
        string Text(JsonElement e) => (e.TryGetProperty("body", out JsonElement b) ? b.GetString() : null) ?? e.GetProperty("summary").GetString() ?? string.Empty;
        foreach ((string kind, string marker, _) in commands.Where(c => c.Kind != "assignee-changed"))
        {
            int found = timeline.Count(e => e.GetProperty("kind").GetString() == kind && Text(e).Contains(marker, StringComparison.Ordinal));
            Assert.True(found == 1, $"{kind} '{marker}' is on the timeline {found} times.");
        }

        // Assignments that changed nothing leave nothing; each that did, one entry.
        int assignments = timeline.Count(e => e.GetProperty("kind").GetString() == "assignee-changed");
        Assert.InRange(assignments, 1, 4);
        Assert.Contains((await StaffViewAsync(host, id)).GetProperty("assignee").GetString(), new[] { DeskSettings.StaffName, DeskSettings.OtherStaffName });
    }

    [Fact]
    public async Task StrangerAskingForAContactsLink_SendsAFewEmails_NeverLocksTheContactOut_AndAFloodOfMadeUpAddressesSendsNothing()
    {
        DeskSettings settings = new DeskSettings(azurite).With("SupportCenter:EmailsPerOrganisation", "6");
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        const string jane = "jane@acme.example";
        const string bob = "bob@acme.example";

        // Bob signed in once before: his organisation's flood never holds back his link.
        using (var bobsBrowser = new PageClient(host))
        {
            await bobsBrowser.AskForSignInLinkAsync(bob);
            string link = await Eventually.GetAsync(() => Task.FromResult(PageClient.SignInTokensSentTo(settings, bob).LastOrDefault()), TimeSpan.FromSeconds(30), "Bob's link");
            Assert.Equal(HttpStatusCode.SeeOther, (await bobsBrowser.RedeemSignInLinkAsync(link)).StatusCode);
        }

        // The stranger: twelve requests for Jane's link, a fresh cookie each time, from one network.
        var strangerAnswers = new List<(HttpStatusCode, string)>();
        for (int i = 0; i < 12; i++)
        {
            using var stranger = new PageClient(host);
            using HttpResponseMessage answer = await stranger.AskForSignInLinkAsync(jane);
            strangerAnswers.Add((answer.StatusCode, (await answer.Content.ReadAsStringAsync()).Contains("Check your inbox", StringComparison.Ordinal).ToString()));
        }

        Assert.All(strangerAnswers, a => Assert.Equal((HttpStatusCode.OK, "True"), a));
        await Task.Delay(TimeSpan.FromSeconds(2)); // the background sender has sent what it was given
        Assert.Equal(3, PageClient.SignInTokensSentTo(settings, jane).Length);

        // Jane asks herself: the same answer (no 429), and the newest link in her inbox signs her in.
        using var janesBrowser = new PageClient(host);
        using HttpResponseMessage hers = await janesBrowser.AskForSignInLinkAsync(jane);
        Assert.Equal(HttpStatusCode.OK, hers.StatusCode);
        Assert.Contains("Check your inbox", await hers.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using HttpResponseMessage signedIn = await janesBrowser.RedeemSignInLinkAsync(PageClient.SignInTokensSentTo(settings, jane)[^1]);
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await janesBrowser.GetAsync("/tickets")).StatusCode);

        // A flood of made-up addresses at the customer's domain: the organisation's cap is spent, nobody new is emailed.
        for (int i = 0; i < 10; i++)
        {
            using var stranger = new PageClient(host);
            Assert.Equal(HttpStatusCode.OK, (await stranger.AskForSignInLinkAsync($"made-up-{i}@acme.example")).StatusCode);
        }

        using (var bobsBrowser = new PageClient(host))
        {
            Assert.Equal(HttpStatusCode.OK, (await bobsBrowser.AskForSignInLinkAsync(bob)).StatusCode);
        }

        await Eventually.GetAsync(() => Task.FromResult(PageClient.SignInTokensSentTo(settings, bob) is { Length: 2 } both ? both : null), TimeSpan.FromSeconds(30), "Bob's second link");
        Assert.DoesNotContain(Directory.GetFiles(settings.MailDirectory, "signin.*.eml").Select(f => MimeMessage.Load(f)),
            m => m.To.Mailboxes.Any(a => a.Address.StartsWith("made-up-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StaffCookie_AfterSignOutOrSignOutEverywhere_OrWithItsKeyWithdrawn_NoLongerOpensTheConsole_AndTicketKeysDoNotSignSessions()
    {
        const string samKey = DeskSettings.StaffKey;
        const string kimKey = "attack-test-kim-staff-key-0123456789abcdefgh";
        DeskSettings settings = new DeskSettings(azurite).With("Access:StaffKeys", $"{DeskSettings.StaffName}:{samKey} {DeskSettings.OtherStaffName}:{kimKey}");
        string kimsCookie;
        string samsCookie;
        await using (LocalHostProcess host = await LocalHostProcess.StartAsync(settings))
        {
            using var laptop = new PageClient(host);
            Assert.Equal(HttpStatusCode.SeeOther, (await laptop.SignInStaffAsync(samKey)).StatusCode);
            Cookie session = laptop.CookiesFor("/staff").Single(c => c.Name == "desk-staff");

            // A copy of the cookie (another browser, a stolen copy) works while the session does...
            using var copy = new PageClient(host);
            copy.Jar.Add(host.BaseAddress, new Cookie(session.Name, session.Value, "/"));
            Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/staff")).StatusCode);

            // ...and not after sign-out.
            Assert.Equal(HttpStatusCode.SeeOther, (await laptop.PostFormAsync("/staff/sign-out", [new("_csrf", await laptop.FormTokenAsync("/staff"))])).StatusCode);
            using HttpResponseMessage afterSignOut = await copy.GetAsync("/staff");
            Assert.Equal(HttpStatusCode.SeeOther, afterSignOut.StatusCode);
            Assert.StartsWith("/staff/sign-in", afterSignOut.Headers.Location?.OriginalString, StringComparison.Ordinal);

            // Sign out everywhere: Sam's phone is signed out by his other laptop; Kim is not.
            using var phone = new PageClient(host);
            using var secondLaptop = new PageClient(host);
            using var kim = new PageClient(host);
            await phone.SignInStaffAsync(samKey);
            await secondLaptop.SignInStaffAsync(samKey);
            await kim.SignInStaffAsync(kimKey);
            Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/staff")).StatusCode);
            await secondLaptop.PostFormAsync("/staff/sign-out", [new("_csrf", await secondLaptop.FormTokenAsync("/staff")), new("scope", "everywhere")]);
            Assert.Equal(HttpStatusCode.SeeOther, (await phone.GetAsync("/staff")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await kim.GetAsync("/staff")).StatusCode);
            kimsCookie = kim.CookiesFor("/staff").Single(c => c.Name == "desk-staff").Value;

            using var samAgain = new PageClient(host);
            await samAgain.SignInStaffAsync(samKey);
            samsCookie = samAgain.CookiesFor("/staff").Single(c => c.Name == "desk-staff").Value;
        }

        // Kim's key is withdrawn (replaced), and the ticket-token keys are rotated: Kim's session ends at her next
        // request; Sam's, whose key stands, goes on (sessions have keys of their own).
        settings.With("Access:StaffKeys", $"{DeskSettings.StaffName}:{samKey} {DeskSettings.OtherStaffName}:attack-test-kims-new-key-0123456789abcdefg")
            .With("Access:TicketTokenKeys", "a-rotated-ticket-token-key-0123456789abcdefgh");
        await using (LocalHostProcess host = await LocalHostProcess.StartAsync(settings))
        {
            using var sam = new PageClient(host);
            sam.Jar.Add(host.BaseAddress, new Cookie("desk-staff", samsCookie, "/"));
            using var kim = new PageClient(host);
            kim.Jar.Add(host.BaseAddress, new Cookie("desk-staff", kimsCookie, "/"));

            Assert.Equal(HttpStatusCode.SeeOther, (await kim.GetAsync("/staff")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync("/staff")).StatusCode);
        }
    }

    [Fact]
    public async Task SharedComputer_CustomerSignOut_ForgetsEveryTicketLinkTheBrowserOpened_AndTicketCookiesStayOnTheirTicket()
    {
        DeskSettings settings = new(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string token) = await host.SubmitAsync();
        using var browser = new PageClient(host);

        Assert.Equal(HttpStatusCode.SeeOther, (await browser.PostFormAsync($"/tickets/{id}/open", [new("token", token), new("query", string.Empty)])).StatusCode);
        Cookie link = Assert.Single(browser.CookiesFor($"/tickets/{id}"), c => c.Name.Contains(id, StringComparison.Ordinal));
        Assert.Equal($"/tickets/{id}", link.Path);
        Assert.Equal(DateTime.MinValue, link.Expires); // a browser-session cookie
        Assert.True(link.HttpOnly);
        Assert.DoesNotContain(browser.CookiesFor("/tickets"), c => c.Name.Contains(id, StringComparison.Ordinal));
        Assert.Contains("Login fails", await (await browser.GetAsync($"/tickets/{id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The same browser signs in to the Support Center (a globex contact: acme's ticket is not theirs), then out.
        await browser.AskForSignInLinkAsync(DeskSettings.GlobexContact);
        string signInToken = await Eventually.GetAsync(() => Task.FromResult(PageClient.SignInTokensSentTo(settings, DeskSettings.GlobexContact).LastOrDefault()), TimeSpan.FromSeconds(30), "the sign-in link");
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.RedeemSignInLinkAsync(signInToken)).StatusCode);
        using HttpResponseMessage signedOut = await browser.PostFormAsync("/sign-out", [new("_csrf", await browser.FormTokenAsync("/tickets"))]);
        Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);

        Assert.DoesNotContain(browser.CookiesFor($"/tickets/{id}"), c => c.Name.Contains(id, StringComparison.Ordinal));
        string page = await (await browser.GetAsync($"/tickets/{id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Login fails", page, StringComparison.Ordinal);
        Assert.Contains("ticket-opener", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrossSitePosts_WithAForeignOriginAndNoFetchMetadata_SetNoCookie_AndChangeNothing()
    {
        DeskSettings settings = new(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string attackersTicket, string attackersToken) = await host.SubmitAsync();
        const string evil = "https://evil.example";

        // Seat the victim inside the attacker's ticket: refused, with no cookie, whether the origin is foreign or unsaid.
        using var victim = new PageClient(host);
        foreach (string? origin in new[] { evil, "null", null })
        {
            using HttpResponseMessage planted = await victim.PostFormAsync($"/tickets/{attackersTicket}/open", [new("token", attackersToken), new("query", string.Empty)], origin);
            Assert.True(planted.StatusCode == HttpStatusCode.Forbidden, $"Origin {origin ?? "(none)"}: {(int)planted.StatusCode}");
            Assert.False(planted.Headers.Contains("Set-Cookie"), $"Origin {origin ?? "(none)"} set a cookie.");
        }

        // Sign the victim in as the attacker's contact with the attacker's own link: refused, and the link is still unused.
        using var attacker = new PageClient(host);
        await attacker.AskForSignInLinkAsync(DeskSettings.GlobexContact);
        string link = await Eventually.GetAsync(() => Task.FromResult(PageClient.SignInTokensSentTo(settings, DeskSettings.GlobexContact).LastOrDefault()), TimeSpan.FromSeconds(30), "the sign-in link");
        using HttpResponseMessage loginCsrf = await victim.RedeemSignInLinkAsync(link, evil);
        Assert.Equal(HttpStatusCode.Forbidden, loginCsrf.StatusCode);
        Assert.False(loginCsrf.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.SeeOther, (await attacker.RedeemSignInLinkAsync(link)).StatusCode);

        // A staff form with its genuine token, posted from another site: refused, the ticket unchanged.
        using var staff = new PageClient(host);
        await staff.SignInStaffAsync();
        string formToken = await staff.FormTokenAsync($"/staff/tickets/{attackersTicket}");
        using HttpResponseMessage reply = await staff.PostFormAsync($"/staff/tickets/{attackersTicket}/reply", [new("_csrf", formToken), new("body", "Planted reply.")], evil);
        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        Assert.DoesNotContain((await StaffViewAsync(host, attackersTicket)).GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "agent-replied");

        // An action name that is not on the page's list is a 404 and does nothing (it once fell through to revoking the customer's links).
        using HttpResponseMessage unknown = await staff.PostFormAsync($"/staff/tickets/{attackersTicket}/revoke-access-now", [new("_csrf", formToken)]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using HttpResponseMessage unknownCustomer = await victim.PostFormAsync($"/tickets/{attackersTicket}/close", [new("token", attackersToken)]);
        Assert.Equal(HttpStatusCode.NotFound, unknownCustomer.StatusCode);
        Assert.DoesNotContain((await StaffViewAsync(host, attackersTicket)).GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("kind").GetString() is "access-link-reissued" or "resolution-confirmed" or "resolution-rejected");
    }

    [Fact]
    public async Task SignedInContact_FloodingUrgentTickets_UpdatesAndFiles_Gets429WithRetryAfter_WhileStaffAreNotLimited()
    {
        DeskSettings settings = new DeskSettings(azurite)
            .With("Quotas:UrgentTicketsPerContact", "2").With("Quotas:UpdatesPerContact", "3")
            .With("Quotas:AttachmentBytesPerContact", (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        using var contact = new PageClient(host);
        await contact.AskForSignInLinkAsync("jane@acme.example");
        string link = await Eventually.GetAsync(() => Task.FromResult(PageClient.SignInTokensSentTo(settings, "jane@acme.example").LastOrDefault()), TimeSpan.FromSeconds(30), "the sign-in link");
        await contact.RedeemSignInLinkAsync(link);

        // Urgent tickets from the Support Center: each pages the duty address, so the third in the hour is refused.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (int i = 0; i < 3; i++)
        {
            string token = await contact.FormTokenAsync("/submit");
            var form = new MultipartFormDataContent();
            void Field(string name, string value) => form.Add(new StringContent(value, Encoding.UTF8), name);
            Field("_csrf", token);
            Field("submissionKey", Guid.NewGuid().ToString("N"));
            Field("requester.name", "Jane Doe");
            Field("severity", "urgent");
            Field("subject", $"Production login down {i}");
            Field("description", "Every user gets an error page after the password step.");
            Field("applications", "Acme Portal");
            Field("connections", "acme-ad");
            Field("loginStage", "after-credentials");
            Field("startedAt", "2026-12-04T09:00");
            Field("affectedUsers", "all");
            Field("frequency", "always");
            Field("browsers", "all");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/submit") { Content = form, Headers = { { "Origin", contact.Origin } } };
            last = await contact.SendAsync(request);
            statuses.Add(last.StatusCode);
            Assert.True(i == 2 || last.StatusCode == HttpStatusCode.SeeOther, await last.Content.ReadAsStringAsync());
        }

        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, (HttpStatusCode)429], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Updates with the ticket's token: three an hour for one person; staff go on.
        (string id, string ticketToken) = await host.SubmitAsync();
        using HttpClient customer = host.NewCustomerClient(ticketToken);
        HttpStatusCode[] updates = [.. await Task.WhenAll(Enumerable.Range(0, 4).Select(async i => (await customer.PostAsync($"/api/tickets/{id}/updates", Json($$"""{"body":"update {{i}}"}"""))).StatusCode))];
        Assert.Equal(3, updates.Count(s => s == HttpStatusCode.OK));
        using HttpResponseMessage refused = await customer.PostAsync($"/api/tickets/{id}/updates", Json("""{"body":"one more"}"""));
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync($"/api/tickets/{id}/updates", Json("""{"body":"Staff are not limited."}"""))).StatusCode);

        // Files: 1 MiB a day for this person here; the second 600 KiB log is refused and not stored.
        ByteArrayContent Log(int n)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"2026-12-04T10:00:00Z worker {n} retried the login\n", 600 * 1024 / 48))));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            return content;
        }

        Assert.Equal(HttpStatusCode.Created, (await customer.PostAsync($"/api/tickets/{id}/attachments?filename=first.log", Log(1))).StatusCode);
        Assert.Equal((HttpStatusCode)429, (await customer.PostAsync($"/api/tickets/{id}/attachments?filename=second.log", Log(2))).StatusCode);
        Assert.Single((await StaffViewAsync(host, id)).GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "attachment-added");
    }

    [Fact]
    public async Task MonthlyReportSubscription_WithoutTheFormToken_OrFromAnotherOrigin_IsRefused_AndNeverForAnotherAddress()
    {
        var settings = new DeskSettings(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        using var contact = new PageClient(host);
        await contact.AskForSignInLinkAsync("jane@acme.example");
        string link = await Eventually.GetAsync(() => Task.FromResult(PageClient.SignInTokensSentTo(settings, "jane@acme.example").LastOrDefault()), TimeSpan.FromSeconds(30), "the sign-in link");
        await contact.RedeemSignInLinkAsync(link);
        string token = await contact.FormTokenAsync("/reports");
        async Task<HttpResponseMessage> PostAsync(string? csrf, string origin)
        {
            var fields = new Dictionary<string, string> { ["monthly"] = "on", ["email"] = "ceo@acme.example" };
            if (csrf is not null)
            {
                fields["_csrf"] = csrf;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "/reports/subscription") { Content = new FormUrlEncodedContent(fields), Headers = { { "Origin", origin } } };
            return await contact.SendAsync(request);
        }

        using HttpResponseMessage noToken = await PostAsync(null, contact.Origin);
        using HttpResponseMessage foreign = await PostAsync(token, "https://evil.example");
        await using ServiceProvider desk = DeskServices.Create(settings);
        var subscriptions = desk.GetRequiredService<IReportSubscriptions>();
        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Empty(await subscriptions.ListAsync(CancellationToken.None));

        using HttpResponseMessage accepted = await PostAsync(token, contact.Origin);
        Assert.Equal(HttpStatusCode.SeeOther, accepted.StatusCode);
        Assert.Equal(["jane@acme.example"], (await subscriptions.ListAsync(CancellationToken.None)).Select(s => s.Email));
    }
}
