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
/// Replies by email on the local host with Azurite: the outbound threading headers, and SendGrid Inbound Parse posts
/// built the way its documentation describes them (multipart/form-data with headers, dkim, to, from, text, html,
/// envelope, SPF, attachments, attachment-info, charsets and the files), from the requester, a stranger, to a forged
/// reply address, failing SPF and DKIM, delivered twice, and carrying a HAR with a token.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class InboundEmailTests(AzuriteFixture azurite)
{
    const string ReplyDomain = "reply.desk.example";
    const string Requester = InboundParseForms.Requester;

    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A ticket waiting on the customer, and the reply address from its request-for-information email.</summary>
    static async Task<(string Id, string ReplyTo, MimeMessage Request)> WaitingTicketAsync(LocalHostProcess host, DeskSettings settings)
    {
        using HttpResponseMessage created = await host.Client.PostAsync("/api/tickets", Json(TicketRequests.Json("acme-prod", "high", "Login fails after upgrade")));
        string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
        (await host.Client.PostAsync($"/api/tickets/{id}/responses", Json("""{"kind":"request-info","body":"Which identity provider do you use?"}"""))).EnsureSuccessStatusCode();
        MimeMessage request = await Eventually.GetAsync(
            () => Task.FromResult(Directory.GetFiles(settings.MailDirectory, $"{id}.information-requested.*.eml").Select(f => MimeMessage.Load(f)).FirstOrDefault()),
            TimeSpan.FromSeconds(30), "the request-for-information email");
        return (id, request.ReplyTo.Mailboxes.Single().Address, request);
    }

    static MultipartFormDataContent Parse(
        string to, string text, string from = "Jane Doe <" + Requester + ">", string? html = null, string spf = "pass", string dkim = "{@customer.example : pass}",
        string? messageId = null, string envelopeFrom = Requester, params (string Name, string Type, byte[] Content)[] files) =>
        InboundParseForms.Form(to, text, from, html, spf, dkim, messageId, envelopeFrom, files);

    static async Task<JsonElement> PostAsync(LocalHostProcess host, MultipartFormDataContent form)
    {
        using (form)
        {
            using HttpRequestMessage post = InboundParseForms.Post(form);
            using HttpResponseMessage answer = await host.Client.SendAsync(post);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            return await answer.Content.ReadFromJsonAsync<JsonElement>();
        }
    }

    static async Task<JsonElement[]> CustomerUpdatesAsync(LocalHostProcess host, string id) =>
        [.. (await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}")).GetProperty("timeline").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "customer-update")];

    [Fact]
    public async Task Outbound_EveryProviderThreadsUnderTheConfirmation_AndCustomersGetTheTicketsReplyAddress()
    {
        DeskSettings settings = new DeskSettings(azurite).With("InboundEmail:ReplyDomain", ReplyDomain);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string replyTo, MimeMessage request) = await WaitingTicketAsync(host, settings);
        MimeMessage confirmation = MimeMessage.Load(Directory.GetFiles(settings.MailDirectory, $"{id}.confirmation.1.eml").Single());

        Assert.Equal($"{id}.confirmation.1@support-desk.localhost", confirmation.MessageId);
        Assert.Null(confirmation.InReplyTo);
        Assert.StartsWith($"{id}.information-requested.", request.MessageId, StringComparison.Ordinal);
        Assert.Equal(confirmation.MessageId, request.InReplyTo);
        Assert.Equal(confirmation.MessageId, Assert.Single(request.References));
        Assert.Contains(id, request.Subject, StringComparison.Ordinal);
        Assert.Matches($"^reply\\+{id.ToLowerInvariant()}\\.[0-9a-f]{{20}}@{Regex.Escape(ReplyDomain)}$", replyTo);
        Assert.StartsWith("##- Please type your reply above this line -##", request.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestersReply_BecomesOneUpdateWithoutTheQuotedHistory_ResumesTheClock_AndARetriedDeliveryPostsNothingMore()
    {
        // Staff notices wait for business hours: cover every hour, so the assignee's notice goes at once whenever this runs.
        DeskSettings settings = new DeskSettings(azurite).With("InboundEmail:ReplyDomain", ReplyDomain).With("Sla:Standard:High:Coverage", "always-on");
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string replyTo, _) = await WaitingTicketAsync(host, settings);
        const string text = "Okta, since Monday.\n\nOn Mon, 30 Nov 2026 at 10:00, Support Desk <support@support-desk.localhost> wrote:\n> ##- Please type your reply above this line -##\n> Which identity provider do you use?\n";
        const string messageId = "<CAF=reply-1@mail.customer.example>";

        JsonElement first = await PostAsync(host, Parse(replyTo, text, messageId: messageId));
        JsonElement again = await PostAsync(host, Parse(replyTo, text, messageId: messageId));
        JsonElement[] concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostAsync(host, Parse(replyTo, text, messageId: messageId))));

        Assert.Equal("posted", first.GetProperty("outcome").GetString());
        Assert.Equal(id, first.GetProperty("ticketId").GetString());
        Assert.Equal("repeated", again.GetProperty("outcome").GetString());
        Assert.All(concurrent, c => Assert.Equal("repeated", c.GetProperty("outcome").GetString()));
        JsonElement update = Assert.Single(await CustomerUpdatesAsync(host, id));
        Assert.Equal("Okta, since Monday.", update.GetProperty("body").GetString());
        Assert.Equal(Requester, update.GetProperty("actor").GetString());
        JsonElement ticket = await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        Assert.Equal("in-progress", ticket.GetProperty("status").GetString());
        await Eventually.GetAsync(
            () => Task.FromResult(Directory.GetFiles(settings.MailDirectory, $"{id}.customer-activity.*.eml").FirstOrDefault()),
            TimeSpan.FromSeconds(30), "the customer-activity notice to staff");
    }

    [Fact]
    public async Task Strangers_ForgedAddresses_AndUnauthenticatedMail_AreDroppedAndPostNothing()
    {
        DeskSettings settings = new DeskSettings(azurite).With("InboundEmail:ReplyDomain", ReplyDomain);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string replyTo, _) = await WaitingTicketAsync(host, settings);
        (string other, string otherReplyTo, _) = await WaitingTicketAsync(host, settings);
        string tag = replyTo.Split('.')[1].Split('@')[0];
        string otherTicketWithThisTag = $"reply+{other.ToLowerInvariant()}.{tag}@{ReplyDomain}";

        (string Case, MultipartFormDataContent Form)[] attempts =
        [
            ("stranger", Parse(replyTo, "Close it.", from: "Mallory <mallory@evil.example>", dkim: "{@evil.example : pass}", envelopeFrom: "mallory@evil.example")),
            ("forged reply address", Parse(otherTicketWithThisTag, "Close it.")),
            ("made-up tag", Parse($"reply+{id.ToLowerInvariant()}.00000000000000000000@{ReplyDomain}", "Close it.")),
            ("SPF and DKIM fail", Parse(replyTo, "Close it.", spf: "fail", dkim: "{@customer.example : fail}")),
            ("SPF of another domain", Parse(replyTo, "Close it.", dkim: "none", envelopeFrom: "bounce@evil.example")),
            ("only quoted history", Parse(replyTo, "> Which identity provider do you use?")),
        ];
        foreach ((string name, MultipartFormDataContent form) in attempts)
        {
            JsonElement answer = await PostAsync(host, form);
            Assert.True(answer.GetProperty("outcome").GetString() == "dropped", $"{name}: {answer}");
        }

        Assert.Empty(await CustomerUpdatesAsync(host, id));
        Assert.Empty(await CustomerUpdatesAsync(host, other));
        Assert.Equal("waiting-on-customer", (await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}")).GetProperty("status").GetString());

        // DKIM alone is enough (SPF fails when a forwarder relays the mail).
        JsonElement signed = await PostAsync(host, Parse(otherReplyTo, "Okta.", spf: "fail", envelopeFrom: "bounce@forwarder.example"));
        Assert.Equal("posted", signed.GetProperty("outcome").GetString());

        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        using HttpResponseMessage noKey = await anonymous.PostAsync("/api/inbound/email", Parse(replyTo, "Okta."));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WebhookSender_WithTheIntakeKey_OrWrongCredentials_OrAShortenedTag_PostsNothing()
    {
        // The attack: a customer's system holds the intake key, has seen a reply address, and posts "from" a contact with
        // SPF and DKIM fields of its own making. Only the inbound endpoint's own credentials open it.
        DeskSettings settings = new DeskSettings(azurite).With("InboundEmail:ReplyDomain", ReplyDomain);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string replyTo, _) = await WaitingTicketAsync(host, settings);
        string user = DeskSettings.InboundEmailCredentials.Split(':')[0];

        (string Case, HttpRequestMessage Post)[] refused =
        [
            ("intake key in the URL", new HttpRequestMessage(HttpMethod.Post, $"/api/inbound/email?code={DeskSettings.FunctionKey}") { Content = Parse(replyTo, "Close it.") }),
            ("intake key as basic auth", InboundParseForms.Post(Parse(replyTo, "Close it."), InboundParseForms.Credentials($"{user}:{DeskSettings.FunctionKey}"))),
            ("wrong secret", InboundParseForms.Post(Parse(replyTo, "Close it."), InboundParseForms.Credentials($"{user}:{new string('x', 43)}"))),
            ("right secret, wrong user", InboundParseForms.Post(Parse(replyTo, "Close it."), InboundParseForms.Credentials("mallory:" + DeskSettings.InboundEmailCredentials.Split(':')[1]))),
            ("secret's prefix", InboundParseForms.Post(Parse(replyTo, "Close it."), InboundParseForms.Credentials(DeskSettings.InboundEmailCredentials[..^1]))),
        ];
        using HttpClient webhookSender = host.NewAnonymousClient();
        webhookSender.DefaultRequestHeaders.Add("x-functions-key", DeskSettings.FunctionKey);
        foreach ((string name, HttpRequestMessage post) in refused)
        {
            using (post)
            {
                using HttpResponseMessage answer = await webhookSender.SendAsync(post);
                Assert.True(answer.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)answer.StatusCode}");
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
                Assert.StartsWith("Basic ", answer.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }
        }

        // With the right credentials, a reply address whose tag was cut to 16 of its 20 characters reaches no ticket.
        string local = replyTo.Split('@')[0];
        JsonElement shortened = await PostAsync(host, Parse($"{local[..^4]}@{ReplyDomain}", "Close it."));
        Assert.Equal("dropped", shortened.GetProperty("outcome").GetString());

        Assert.Empty(await CustomerUpdatesAsync(host, id));
    }

    [Fact]
    public async Task HtmlReply_WithAHarCarryingAToken_IsPostedAsText_AndTheTraceIsStoredSanitized()
    {
        DeskSettings settings = new DeskSettings(azurite).With("InboundEmail:ReplyDomain", ReplyDomain);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string replyTo, _) = await WaitingTicketAsync(host, settings);
        const string har = """
            {"log":{"version":"1.2","creator":{"name":"Chrome","version":"131"},"entries":[
              {"startedDateTime":"2026-11-30T10:00:00Z","time":20,"request":{"method":"GET","url":"https://login.acme.example/callback?code=EMAILED-SECRET-CODE","httpVersion":"HTTP/1.1",
               "headers":[{"name":"Authorization","value":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJl"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
               "response":{"status":302,"statusText":"Found","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":0,"mimeType":"text/html"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":1,"wait":18,"receive":1}}]}}
            """;
        string html = """<div dir="ltr">Here is the trace.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, Support Desk wrote:</div><blockquote class="gmail_quote">Which identity provider do you use?</blockquote></div>""";

        JsonElement answer = await PostAsync(host, Parse(replyTo, string.Empty, html: html, files: ("login.har", "application/json", Encoding.UTF8.GetBytes(har))));

        Assert.Equal("posted", answer.GetProperty("outcome").GetString());
        Assert.Equal(1, answer.GetProperty("attachmentsStored").GetInt32());
        Assert.Equal("Here is the trace.", Assert.Single(await CustomerUpdatesAsync(host, id)).GetProperty("body").GetString());
        JsonElement added = Assert.Single((await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}")).GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("kind").GetString() == "attachment-added");
        string stored = await host.Client.GetStringAsync(Regex.Match(added.GetProperty("summary").GetString()!, @"/api/tickets/\S+").Value);
        Assert.DoesNotContain("EMAILED-SECRET-CODE", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJzdWIiOiJqYW5lIn0", stored, StringComparison.Ordinal);
        Assert.Contains("login.acme.example", stored, StringComparison.Ordinal);
    }
}
