using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MimeKit;
using Support.Desk.Testing;

namespace Support.Desk.BrowserTests;

/// <summary>The staff console in Chromium: sign-in, the queue, the ticket page's forms, regions, traces; safe, accessible, usable on a phone.</summary>
[Collection(nameof(StaffDesk))]
public sealed partial class StaffPagesTests(StaffDesk desk)
{
    [Fact]
    public async Task SignIn_WithStaffKey_OpensTheQueueWithAnHttpOnlySameSiteSessionCookie()
    {
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();

        await page.GotoAsync("/staff");
        await StaffDesk.WaitForUrlAsync(page, url => url.Contains("/staff/sign-in?returnUrl=%2Fstaff", StringComparison.Ordinal));
        await StaffDesk.ScreenshotAsync(page, "staff-sign-in");
        await page.GetByLabel("Staff key").FillAsync(DeskSettings.StaffKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == "/staff");

        Assert.Equal("Queue", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Contains(DeskSettings.StaffName, await page.Locator(".who").TextContentAsync(), StringComparison.Ordinal);
        BrowserContextCookiesResult session = Assert.Single(await context.CookiesAsync(), c => c.Name == "desk-staff");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
    }

    [Fact]
    public async Task SignIn_WrongKey_SaysSoAndOpensNothing()
    {
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await page.GotoAsync("/staff/sign-in");

        await page.GetByLabel("Staff key").FillAsync("not-a-staff-key-0123456789abcdefghijkl");
        IResponse? answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(401, answer.Status);
        Assert.Equal("That staff key is not valid.", (await page.GetByRole(AriaRole.Alert).TextContentAsync())?.Trim());
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "desk-staff");
    }

    [Fact]
    public async Task Queue_ThreeTickets_AreOrderedByTimeToBreachNotBySubmission()
    {
        (string normal, DateTimeOffset normalDue) = await desk.SubmitAsync("normal", "Reports export slowly");
        (string urgent, DateTimeOffset urgentDue) = await desk.SubmitAsync("urgent", "Nobody can sign in");
        (string high, DateTimeOffset highDue) = await desk.SubmitAsync("high", "Sign-in fails for some users");
        string[] byDeadline = [.. new[] { (normal, normalDue), (urgent, urgentDue), (high, highDue) }.OrderBy(t => t.Item2).Select(t => t.Item1)];
        Assert.NotEqual([normal, urgent, high], byDeadline);

        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await StaffDesk.SignInAsync(page, "/staff?tenant=acme-prod");
        string[] shown = [.. (await page.Locator("#queue tbody tr td:nth-child(3) a").AllTextContentsAsync()).Where(byDeadline.Contains)];

        Assert.Equal(byDeadline, shown);
        Assert.Equal("ok", await page.Locator($"#risk-{urgent}").GetAttributeAsync("data-risk"));
        await page.GotoAsync("/staff");
        await StaffDesk.ScreenshotAsync(page, "staff-queue");
    }

    [Fact]
    public async Task Queue_Countdown_DecreasesEverySecondWithoutReloading()
    {
        (string id, _) = await desk.SubmitAsync("urgent", "Countdown ticket");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await StaffDesk.SignInAsync(page, "/staff?severity=urgent");
        ILocator countdown = page.Locator($"#queue tr:has(a:text-is('{id}')) [data-due]");
        await StaffDesk.WaitForAsync(page, countdown);

        int first = SecondsLeft(await countdown.TextContentAsync());
        await page.WaitForTimeoutAsync(2500);
        int later = SecondsLeft(await countdown.TextContentAsync());

        Assert.InRange(first - later, 2, 4);
    }

    [Fact]
    public async Task TicketPage_Reply_StopsTheCountdown()
    {
        (string id, _) = await desk.SubmitAsync("urgent", "Reply from the page");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await StaffDesk.SignInAsync(page, $"/staff/tickets/{id}");
        ILocator clocks = page.Locator("section[aria-labelledby='h-clocks']");
        Assert.Equal(1, await clocks.Locator("[data-due]").CountAsync());
        await StaffDesk.ScreenshotAsync(page, "staff-ticket");

        await page.GetByLabel("Reply to the customer").FillAsync("We are on it: the identity provider's certificate rolled over.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("?done=reply", StringComparison.Ordinal));

        Assert.Equal(0, await clocks.Locator("[data-due]").CountAsync());
        Assert.Contains("met at", await clocks.TextContentAsync(), StringComparison.Ordinal);
        JsonElement ticket = await desk.GetTicketAsync(id);
        Assert.Equal("in-progress", ticket.GetProperty("status").GetString());
        Assert.Contains(ticket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "agent-replied" && e.GetProperty("actor").GetString() == DeskSettings.StaffName);
    }

    [Fact]
    public async Task TicketPage_RequestInformation_ShowsTheClockPaused()
    {
        (string id, _) = await desk.SubmitAsync("high", "Request information from the page");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await StaffDesk.SignInAsync(page, $"/staff/tickets/{id}");

        await page.GetByLabel("Reply to the customer").FillAsync("Please attach a HAR file of the failing sign-in.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Request information (pauses the clock)" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("?done=request-info", StringComparison.Ordinal));

        ILocator clocks = page.Locator("section[aria-labelledby='h-clocks']");
        Assert.Matches("paused, .+ left", await clocks.TextContentAsync());
        Assert.Equal(0, await clocks.Locator("[data-due]").CountAsync());
        await page.GotoAsync("/staff?state=waiting-on-customer");
        Assert.Matches("paused, .+ left", await page.Locator($"#queue tr:has(a:text-is('{id}'))").TextContentAsync());
    }

    [Fact]
    public async Task TicketPage_InvalidAssignee_ShowsTheFieldErrorBesideTheFormAndKeepsTheTicket()
    {
        (string id, _) = await desk.SubmitAsync("normal", "Assignment from the page");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await StaffDesk.SignInAsync(page, $"/staff/tickets/{id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Assign to me" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("?done=assign-to-me", StringComparison.Ordinal));
        Assert.Equal(DeskSettings.StaffName, (await desk.GetTicketAsync(id)).GetProperty("assignee").GetString());

        await page.GetByLabel("Assignee").SelectOptionAsync(DeskSettings.OtherStaffName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save severity and assignee" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("?done=assignment", StringComparison.Ordinal));
        JsonElement ticket = await desk.GetTicketAsync(id);
        Assert.Equal(DeskSettings.OtherStaffName, ticket.GetProperty("assignee").GetString());
        Assert.Equal(2, ticket.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "assignee-changed" && e.GetProperty("actor").GetString() == DeskSettings.StaffName));
    }

    [Fact]
    public async Task Post_WithoutOrWithAForeignAntiForgeryToken_IsRefusedAndChangesNothing()
    {
        (string id, _) = await desk.SubmitAsync("urgent", "Forged post");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await StaffDesk.SignInAsync(page, $"/staff/tickets/{id}");
        string genuine = await page.Locator("input[name=_csrf]").First.InputValueAsync();

        // The session cookie goes along (same context): only the token is missing, or it is another session's.
        IAPIResponse missing = await context.APIRequest.PostAsync($"/staff/tickets/{id}/reply", new() { Form = FormWith(context, ("body", "forged reply")), MaxRedirects = 0 });
        IAPIResponse foreign = await context.APIRequest.PostAsync($"/staff/tickets/{id}/reply", new() { Form = FormWith(context, ("body", "forged reply"), ("_csrf", genuine[..^2] + "xx")), MaxRedirects = 0 });
        await using IBrowserContext other = await desk.NewContextAsync();
        IPage otherPage = await other.NewPageAsync();
        await StaffDesk.SignInAsync(otherPage, $"/staff/tickets/{id}");
        IAPIResponse crossSession = await other.APIRequest.PostAsync($"/staff/tickets/{id}/reply", new() { Form = FormWith(other, ("body", "forged reply"), ("_csrf", genuine)), MaxRedirects = 0 });

        Assert.Equal([403, 403, 403], new[] { missing.Status, foreign.Status, crossSession.Status });
        Assert.Equal("application/problem+json", missing.Headers["content-type"]);
        JsonElement ticket = await desk.GetTicketAsync(id);
        Assert.Equal("open", ticket.GetProperty("status").GetString());
        Assert.DoesNotContain(ticket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "agent-replied");
    }

    [Fact]
    public async Task Pages_CarryAStrictContentSecurityPolicyWithoutInlineScript()
    {
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        IResponse? signIn = await page.GotoAsync("/staff/sign-in");
        await StaffDesk.SignInAsync(page);

        string csp = (await signIn!.AllHeadersAsync())["content-security-policy"];
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("script:not([src])").CountAsync());
        Assert.Equal(0, await page.Locator("[style]").CountAsync());
        Assert.Empty(violations);
    }

    [Fact]
    public async Task StaffEmailLink_OpensTheTicketPageAfterSignIn()
    {
        (string id, _) = await desk.SubmitAsync("urgent", "Linked from the duty email");
        string link = await LinkInEmailAsync(id, "URGENT new ticket");
        Assert.Equal($"{desk.BaseAddress.ToString().TrimEnd('/')}/staff/tickets/{id}", link.Replace(new Uri(link).GetLeftPart(UriPartial.Authority), desk.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal));

        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await StaffDesk.SignInAsync(page, new Uri(link).PathAndQuery);

        Assert.Equal($"/staff/tickets/{id}", new Uri(page.Url).AbsolutePath);
        Assert.Contains(id, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TraceAttachment_OpensAsAReadableRequestListWithoutItsSecrets()
    {
        (string id, _) = await desk.SubmitAsync("high", "Trace attached");
        const string har = """
            {"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[
              {"startedDateTime":"2026-11-30T10:00:00Z","time":182,"request":{"method":"GET","url":"https://login.example.com/authorize?client_id=app&code=SECRET-CODE-1","httpVersion":"HTTP/1.1","headers":[{"name":"Cookie","value":"session=SECRET-COOKIE-2"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
               "response":{"status":302,"statusText":"Found","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":0,"mimeType":"text/html"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":1,"wait":180,"receive":1}},
              {"startedDateTime":"2026-11-30T10:00:01Z","time":95,"request":{"method":"POST","url":"https://api.example.com/token","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
               "response":{"status":500,"statusText":"Error","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":120,"mimeType":"application/json"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":1,"wait":93,"receive":1}}]}}
            """;
        using var upload = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(har));
        upload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using HttpResponseMessage stored = await desk.Host.Client.PostAsync($"/api/tickets/{id}/attachments?filename=login.har", upload);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);

        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await StaffDesk.SignInAsync(page, $"/staff/tickets/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "View requests" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("/requests", StringComparison.Ordinal));
        await StaffDesk.ScreenshotAsync(page, "staff-trace");

        string[] rows = [.. await page.Locator("tbody tr").AllTextContentsAsync()];
        Assert.Equal(2, rows.Length);
        Assert.Contains("login.example.com", rows[0], StringComparison.Ordinal);
        Assert.Contains("500", rows[1], StringComparison.Ordinal);
        string html = await page.ContentAsync();
        Assert.DoesNotContain("SECRET-CODE-1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-COOKIE-2", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regions_ShowEachRegionsStatusAndASevenDayStrip()
    {
        await desk.WaitForStatusAsync();
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await StaffDesk.SignInAsync(page, "/staff/regions");

        Assert.Equal(3, await page.Locator("section.panel h2").CountAsync());
        Assert.Equal(28, await page.Locator("#region-eu ~ .strip span, section[aria-labelledby='region-eu'] .strip span").CountAsync());
        Assert.Contains("major", await page.Locator("section[aria-labelledby='region-eu'] .facts").TextContentAsync(), StringComparison.Ordinal);
        await StaffDesk.ScreenshotAsync(page, "staff-regions");
    }

    [Fact]
    public async Task Keyboard_FirstTabReachesTheSkipLinkWhichMovesFocusToTheContent()
    {
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await StaffDesk.SignInAsync(page);

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    [Fact]
    public async Task Phone_QueueAndTicketFitTheScreenWithoutSidewaysScrolling()
    {
        (string id, _) = await desk.SubmitAsync("urgent", "Seen on a phone");
        await using IBrowserContext context = await desk.NewContextAsync(phone: true);
        IPage page = await context.NewPageAsync();
        await StaffDesk.SignInAsync(page);
        await StaffDesk.ScreenshotAsync(page, "staff-queue-phone");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));

        await page.GotoAsync($"/staff/tickets/{id}");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [Fact]
    public async Task Accessibility_EveryStaffPage_HasNoSeriousOrCriticalAxeViolation()
    {
        (string id, _) = await desk.SubmitAsync("urgent", "Accessibility ticket");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        var found = new List<string>();
        async Task ScanAsync(string path)
        {
            await page.GotoAsync(path);
            AxeResult result = await page.RunAxe();
            found.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
        }

        await ScanAsync("/staff/sign-in");
        await StaffDesk.SignInAsync(page);
        await ScanAsync("/staff");
        await ScanAsync($"/staff/tickets/{id}");
        await ScanAsync("/staff/regions");

        Assert.Empty(found);
    }

    static int SecondsLeft(string? countdown)
    {
        Match m = CountdownText().Match(countdown ?? string.Empty);
        Assert.True(m.Success, $"'{countdown}' is not a countdown.");
        int hours = m.Groups["h"].Success ? int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        return (hours * 3600) + (int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) * 60) + int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^in (?:(?<h>\d+)h )?(?<m>\d+)m (?<s>\d+)s$")]
    private static partial Regex CountdownText();

    static IFormData FormWith(IBrowserContext context, params (string Name, string Value)[] fields)
    {
        IFormData form = context.APIRequest.CreateFormData();
        foreach ((string name, string value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    /// <summary>The staff page link in the email about this ticket whose subject starts so (the pickup folder's .eml files).</summary>
    async Task<string> LinkInEmailAsync(string ticketId, string subjectStart)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            foreach (string file in Directory.GetFiles(desk.Settings.MailDirectory, "*.eml"))
            {
                using MimeMessage message = await MimeMessage.LoadAsync(file);
                if ((message.Subject ?? string.Empty).StartsWith($"[{ticketId}] {subjectStart}", StringComparison.Ordinal)
                    && Regex.Match(message.TextBody ?? string.Empty, @"https?://\S+/staff/tickets/" + ticketId) is { Success: true } link)
                {
                    return link.Value;
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"No email '{subjectStart}' about {ticketId} arrived.");
    }
}
