using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MimeKit;
using Support.Desk.Testing;

using static Support.Desk.BrowserTests.StaffDesk;

namespace Support.Desk.BrowserTests;

/// <summary>The customer Support Center in Chromium: sign-in by emailed link, submit with the triage, My tickets, status emails.</summary>
[Collection(nameof(StaffDesk))]
public sealed class SupportCenterTests(StaffDesk desk)
{
    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    Task<List<MimeMessage>> MailsAsync(string prefix, Func<MimeMessage, bool> match, int atLeast = 1) =>
        StaffDesk.MailsInAsync(desk.Settings.MailDirectory, prefix, match, atLeast);

    /// <summary>My tickets once it lists <paramref name="ticketId"/> (a ticket joins the list in the step that confirms it, moments after the acknowledgement).</summary>
    static async Task ShowsInMyTicketsAsync(IPage page, string ticketId)
    {
        for (int attempt = 0; ; attempt++)
        {
            await page.GotoAsync("/tickets");
            if (await page.Locator(".ticket-id", new() { HasText = ticketId }).CountAsync() > 0 || attempt >= 40)
            {
                return;
            }

            await Task.Delay(250);
        }
    }

    Task<string> SignInAsync(IPage page, string email) => StaffDesk.SignInCustomerAsync(page, desk.Settings.MailDirectory, email);

    [Fact]
    public async Task SignInByEmailedLink_TriageAndSubmitWithAFieldErrorRoundTrip_TheTicketIsFirstInMyTickets()
    {
        const string email = "ana@acme.example";
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await desk.WaitForStatusAsync();

        string link = await SignInAsync(page, email);
        BrowserContextCookiesResult session = Assert.Single(await context.CookiesAsync(), c => c.Name == "desk-customer");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);

        // The link works once: a second browser that opens it is refused.
        await using (IBrowserContext other = await desk.NewContextAsync())
        {
            IPage second = await other.NewPageAsync();
            await second.GotoAsync(link);
            await second.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await StaffDesk.WaitForAsync(second, second.GetByText("expired or was already used"));
            Assert.DoesNotContain(await other.CookiesAsync(), c => c.Name == "desk-customer");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Submit a ticket" }).First.ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == "/submit");
        Assert.Contains("Americas (your region)", await page.Locator(".status-panel").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Incident", await page.Locator(".status-panel [data-region='eu']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByLabel("Appliance version / build number").CountAsync());

        // The triage: choosing "all users" shows that list only; one check found a problem.
        await page.GetByLabel("All users: could be a service or configuration issue").CheckAsync();
        Assert.True(await page.Locator("fieldset[data-scope='some']").IsHiddenAsync());
        await page.GetByLabel("Certificates are valid and not expired").SelectOptionAsync("problem");
        await page.GetByLabel("Checked the status page of your region").SelectOptionAsync("ok");
        await page.GetByLabel("high", new() { Exact = false }).First.CheckAsync();
        await page.GetByLabel("Subject").FillAsync("SAML logins fail after certificate rollover");
        await page.GetByLabel("What happens?").FillAsync("Users get 'invalid signature' after entering credentials.");
        await page.GetByLabel("Application(s)").FillAsync("Portal\nBilling");
        await page.GetByLabel("Connection(s)").FillAsync("corp-saml");
        await page.GetByLabel("Where in the login does it fail?").SelectOptionAsync("after-credentials");
        string started = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddHours(-2), TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        await page.GetByLabel("When did it start?").FillAsync(started);
        await page.GetByLabel("Every time").CheckAsync();
        await page.GetByLabel("Just one browser").CheckAsync();
        await page.GetByLabel("Your name").FillAsync("Ana Lima");
        await StaffDesk.ScreenshotAsync(page, "customer-submit");

        // "Just one browser" without naming it: only the server knows; its error comes back beside the field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit ticket" }).ClickAsync();
        await StaffDesk.WaitForAsync(page, page.Locator("#f-browser-error"));
        Assert.Equal("true", await page.GetByLabel("Which browser? (when just one)").GetAttributeAsync("aria-invalid"));
        Assert.Equal("SAML logins fail after certificate rollover", await page.GetByLabel("Subject").InputValueAsync());
        Assert.Equal("problem", await page.GetByLabel("Certificates are valid and not expired").InputValueAsync());

        await page.GetByLabel("Which browser? (when just one)").FillAsync("Safari 18 on iOS");
        await page.GetByLabel("Screenshots of the error, an HTTP trace (.har), logs").SetInputFilesAsync(
            new FilePayload { Name = "idp.log", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("2026-11-30T10:00:00Z saml: signature invalid password=hunter2\n") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit ticket" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.Contains("?done=submitted", StringComparison.Ordinal));
        string id = Regex.Match(page.Url, @"/tickets/([^/?]+)").Groups[1].Value;
        Assert.Contains("your ticket is logged", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        JsonElement ticket = await desk.GetTicketAsync(id);
        Assert.Equal("acme-prod", ticket.GetProperty("tenant").GetString());
        Assert.Equal(email, ticket.GetProperty("requester").GetProperty("email").GetString());
        Assert.Equal("Safari 18 on iOS", ticket.GetProperty("browser").GetString());
        Assert.Equal("problem", ticket.GetProperty("precheck").GetProperty("certificates").GetString());
        Assert.Equal("ok", ticket.GetProperty("precheck").GetProperty("status-page").GetString());
        Assert.Contains(ticket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "attachment-added");

        await page.GetByRole(AriaRole.Link, new() { Name = "My tickets" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == "/tickets");
        await ShowsInMyTicketsAsync(page, id);
        Assert.Equal(id, await page.Locator("tbody tr").First.Locator(".ticket-id").InnerTextAsync());
        Assert.Equal(1, await page.Locator("tbody tr").First.Locator("[data-due]").CountAsync());
        await StaffDesk.ScreenshotAsync(page, "customer-my-tickets");
    }

    [Fact]
    public async Task SignedInContact_SeesTheCountdownPauseAndResume_AndConfirmingTheFixClosesTheTicket()
    {
        (string id, _) = await desk.SubmitAsync("urgent", "Checkout login is down");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await SignInAsync(page, "ops@acme.example");
        await ShowsInMyTicketsAsync(page, id);

        await page.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == $"/tickets/{id}");
        ILocator countdown = page.Locator(".facts [data-due]");
        string before = await countdown.InnerTextAsync();
        await page.WaitForTimeoutAsync(2500);
        Assert.NotEqual(before, await countdown.InnerTextAsync());

        (await desk.Host.Client.PostAsync($"/api/tickets/{id}/responses", Json("""{"kind":"request-info","body":"Which region do your users sign in from?"}"""))).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        Assert.Contains("paused while we wait for your answer", await page.Locator(".facts").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByLabel("Add an update").FillAsync("Mostly Europe.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send update" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("?done=update", StringComparison.Ordinal));
        Assert.Equal(1, await page.Locator(".facts [data-due]").CountAsync());
        JsonElement ticket = await desk.GetTicketAsync(id);
        Assert.Contains(ticket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "customer-update" && e.GetProperty("actor").GetString() == "ops@acme.example");

        (await desk.Host.Client.PostAsync($"/api/tickets/{id}/resolution", Json("""{"summary":"The checkout connection was re-enabled."}"""))).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, it is resolved" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("?done=resolved", StringComparison.Ordinal));
        Assert.Equal("closed", (await desk.GetTicketAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ContactOfAnotherTenant_SeesNoneOfTheTickets_AndCannotUpdateOne()
    {
        (string acme, _) = await desk.SubmitAsync("normal", "Acme only: password reset emails are late");
        (string globex, _) = await desk.SubmitAsync("normal", "Globex: audit log export", tenant: "globex");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await SignInAsync(page, DeskSettings.GlobexContact);
        await ShowsInMyTicketsAsync(page, globex);

        string list = await page.Locator("main").InnerTextAsync();
        Assert.Contains(globex, list, StringComparison.Ordinal);
        Assert.DoesNotContain(acme, list, StringComparison.Ordinal);
        Assert.DoesNotContain("Acme only", list, StringComparison.Ordinal);

        await page.GotoAsync($"/tickets/{acme}");
        Assert.DoesNotContain("password reset emails", await page.ContentAsync(), StringComparison.Ordinal);

        // A post with this session's genuine form token, aimed at the other tenant's ticket.
        string token = await page.Locator("form.signout input[name='_csrf']").InputValueAsync();
        IFormData form = context.APIRequest.CreateFormData();
        form.Set("_csrf", token);
        form.Set("body", "Not mine to write on.");
        IAPIResponse refused = await context.APIRequest.PostAsync($"/tickets/{acme}/update", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(404, refused.Status);
        Assert.DoesNotContain((await desk.GetTicketAsync(acme)).GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "customer-update");
    }

    [Fact]
    public async Task SignInForm_AnswersAnUnknownAddressAlike_SendsItNothing_AndPastTheAddressLimitAnswersAlikeAndSendsNothingMore()
    {
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        var answers = new List<(int Status, string Text)>();
        foreach (string email in new[] { "someone@unknown.example", "someone@acme.example" })
        {
            await page.GotoAsync("/sign-in");
            await page.GetByLabel("Work email").FillAsync(email);
            IResponse response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync(), r => r.Request.Method == "POST");
            answers.Add((response.Status, (await page.Locator("main").InnerTextAsync()).Replace(email, "ADDRESS", StringComparison.Ordinal)));
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.NotEmpty(await MailsAsync("signin.", m => To(m, "someone@acme.example")));
        Assert.DoesNotContain(Directory.GetFiles(desk.Settings.MailDirectory, "signin.*.eml").Select(f => MimeMessage.Load(f)), m => To(m, "someone@unknown.example"));

        // Past the address's limit (3 emails per 15 minutes) the form answers exactly as before and sends nothing more:
        // whoever asks may not be the owner, and the owner holds a link that still works.
        for (int i = 0; i < 5; i++)
        {
            await page.GotoAsync("/sign-in");
            await page.GetByLabel("Work email").FillAsync("someone@acme.example");
            IResponse response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync(), r => r.Request.Method == "POST");
            Assert.Equal((answers[1].Status, answers[1].Text), (response.Status, (await page.Locator("main").InnerTextAsync()).Replace("someone@acme.example", "ADDRESS", StringComparison.Ordinal)));
        }

        await MailsAsync("signin.", m => To(m, "someone@acme.example"), atLeast: 3);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the background sender has had its chance to send a fourth
        Assert.Equal(3, Directory.GetFiles(desk.Settings.MailDirectory, "signin.*.eml").Select(f => MimeMessage.Load(f)).Count(m => To(m, "someone@acme.example")));
    }

    [Fact]
    public async Task StatusSubscription_ConfirmedByEmail_GetsExactlyOneEmailPerChange_AndUnsubscribesWithOneClick()
    {
        const string email = "noc@initech.example";
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await desk.WaitForStatusAsync();
        await SignInAsync(page, email);

        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("?done=subscribed", StringComparison.Ordinal));
        MimeMessage confirmation = Assert.Single(await MailsAsync("status-confirm.au.", m => To(m, email)));
        await page.GotoAsync(LinkIn(confirmation, @"/status/subscriptions/confirm\?token=\S+"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm subscription" }).ClickAsync();
        await StaffDesk.WaitForAsync(page, page.GetByRole(AriaRole.Heading, new() { Name = "Subscribed" }));

        // A major incident in APAC: polled every 2 s, it must reach the subscriber once, however many polls follow.
        desk.StatusPages.Serve("au", "major-incident.json");
        MimeMessage change = Assert.Single(await MailsAsync("status-sub.au-", m => To(m, email)));
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.Single(await MailsAsync("status-sub.au-", m => To(m, email)));
        Assert.Contains("major", change.Subject, StringComparison.Ordinal);
        string unsubscribe = change.Headers["List-Unsubscribe"] ?? string.Empty;
        Assert.Equal("List-Unsubscribe=One-Click", change.Headers["List-Unsubscribe-Post"]);
        Assert.Matches(@"^<https?://[^>]+/status/unsubscribe\?token=[^>]+>$", unsubscribe);

        // The mail client's one-click unsubscribe: a POST without cookies to the header's address.
        using var client = new HttpClient();
        using var oneClick = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        using HttpResponseMessage unsubscribed = await client.PostAsync(new Uri(desk.BaseAddress, new Uri(unsubscribe.Trim('<', '>')).PathAndQuery), oneClick);
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);

        // The incident ends: nothing more for this address.
        desk.StatusPages.Serve("au", "operational.json");
        await MailsAsync("status-au.recovery", _ => true);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Single(await MailsAsync("status-sub.au-", m => To(m, email)));

        await page.GotoAsync("/tickets");
        Assert.Contains("Get an email whenever", await page.Locator("#subscription-state").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accessibility_SupportCenterPages_HaveNoSeriousOrCriticalAxeViolation_FitAPhone_AndBreakNoContentSecurityPolicy()
    {
        await desk.SubmitAsync("high", "Phone-sized list");
        await using IBrowserContext context = await desk.NewContextAsync(phone: true);
        IPage page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        await page.GotoAsync("/sign-in");
        await StaffDesk.ScreenshotAsync(page, "customer-sign-in");
        var failures = new List<string>();
        async Task CheckAsync(string name)
        {
            AxeResult result = await page.RunAxe();
            failures.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{name}: {v.Id}: {v.Help}"));
            if (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"))
            {
                failures.Add($"{name}: scrolls sideways at 390 px");
            }
        }

        await CheckAsync("sign-in");
        await SignInAsync(page, "phone@acme.example");
        await CheckAsync("my tickets");
        await StaffDesk.ScreenshotAsync(page, "customer-my-tickets-phone");
        await page.GotoAsync("/submit");
        await CheckAsync("submit");
        await page.GotoAsync("/sign-in/link");
        await CheckAsync("sign-in link");

        Assert.Empty(failures);
        Assert.Empty(violations);
    }
}
