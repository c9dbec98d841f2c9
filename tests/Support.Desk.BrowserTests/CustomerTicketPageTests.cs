using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MimeKit;
using Support.Desk.Testing;

namespace Support.Desk.BrowserTests;

/// <summary>The customer's ticket page in Chromium, opened from the links in their emails.</summary>
[Collection(nameof(StaffDesk))]
public sealed class CustomerTicketPageTests(StaffDesk desk)
{
    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The customer page link (path, query and fragment) in the email of this kind about the ticket.</summary>
    async Task<string> CustomerLinkAsync(string ticketId, string kind, string? query = null)
    {
        for (int attempt = 0; attempt < 150; attempt++)
        {
            foreach (string file in Directory.GetFiles(desk.Settings.MailDirectory, $"{ticketId}.{kind}.*.eml"))
            {
                using MimeMessage message = await MimeMessage.LoadAsync(file);
                string pattern = @"https?://[^\s/]+(/tickets/" + Regex.Escape(ticketId) + (query is null ? string.Empty : @"\?" + Regex.Escape(query)) + @"#token=[A-Za-z0-9_\-]+)";
                if (Regex.Match(message.TextBody ?? string.Empty, pattern) is { Success: true } link)
                {
                    return link.Groups[1].Value;
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"No {kind} email with a customer link about {ticketId} arrived.");
    }

    [Fact]
    public async Task ConfirmationLink_OpensTheTicket_CountdownThenPausedThenRunningAgainAfterTheCustomersUpdate()
    {
        (string id, _) = await desk.SubmitAsync("urgent", "Our users cannot sign in");
        string link = await CustomerLinkAsync(id, "confirmation");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();

        await page.GotoAsync(link);
        await StaffDesk.WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == $"/tickets/{id}" && !url.Contains('#', StringComparison.Ordinal));
        Assert.Equal(1, await page.Locator("[data-due]").CountAsync());
        BrowserContextCookiesResult linkCookie = Assert.Single(await context.CookiesAsync(), c => c.Name == $"desk-link-{id}");
        Assert.True(linkCookie.HttpOnly);
        Assert.Equal($"/tickets/{id}", linkCookie.Path); // this ticket's pages only
        Assert.Equal(-1, linkCookie.Expires);            // gone when the browser closes
        await StaffDesk.ScreenshotAsync(page, "customer-ticket");

        (await desk.Host.Client.PostAsync($"/api/tickets/{id}/responses", Json("""{"kind":"request-info","body":"Which identity provider do you use?"}"""))).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        Assert.Contains("paused while we wait for your answer", await page.Locator(".facts").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Which identity provider do you use?", await page.Locator(".timeline").TextContentAsync(), StringComparison.Ordinal);

        await page.GetByLabel("Add an update").FillAsync("Okta, since last week.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send update" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("?done=update", StringComparison.Ordinal));

        Assert.Equal(1, await page.Locator("[data-due]").CountAsync());
        Assert.Contains("in progress", await page.Locator(".facts").TextContentAsync(), StringComparison.Ordinal);
        JsonElement ticket = await desk.GetTicketAsync(id);
        Assert.Contains(ticket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "customer-update" && e.GetProperty("actor").GetString() == "jane@customer.example");
    }

    [Fact]
    public async Task YesItIsResolvedLink_HighlightsTheConfirmation_AndTheButtonClosesTheTicket()
    {
        (string id, _) = await desk.SubmitAsync("high", "Reports fail to export");
        (await desk.Host.Client.PostAsync($"/api/tickets/{id}/resolution", Json("""{"summary":"The export service was restarted."}"""))).EnsureSuccessStatusCode();
        string link = await CustomerLinkAsync(id, "resolution-proposed", "confirm=resolved");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();

        await page.GotoAsync(link);
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith($"/tickets/{id}?confirm=resolved", StringComparison.Ordinal));
        Assert.Equal("resolution-proposed", (await desk.GetTicketAsync(id)).GetProperty("status").GetString());
        Assert.Equal(1, await page.Locator("form.highlight").CountAsync());
        await StaffDesk.ScreenshotAsync(page, "customer-confirm");

        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, it is resolved" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("?done=resolved", StringComparison.Ordinal));

        Assert.Equal("closed", (await desk.GetTicketAsync(id)).GetProperty("status").GetString());
        Assert.Contains("closed", await page.Locator(".facts").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherTicketsLink_OpensNothing_AndAPostWithoutTheFormToken_IsRefused()
    {
        (string mine, _) = await desk.SubmitAsync("normal", "Mine");
        (string theirs, _) = await desk.SubmitAsync("normal", "Theirs");
        string myLink = await CustomerLinkAsync(mine, "confirmation");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();

        IResponse? forged = null;
        page.Response += (_, r) => forged = r.Request.Method == "POST" ? r : forged;
        await page.GotoAsync(myLink.Replace($"/tickets/{mine}", $"/tickets/{theirs}", StringComparison.Ordinal));
        await StaffDesk.WaitForUrlAsync(page, url => url.Contains($"/tickets/{theirs}", StringComparison.Ordinal) && forged is not null);

        Assert.Equal(404, forged!.Status);
        Assert.Contains("does not open a ticket", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name.EndsWith(theirs, StringComparison.Ordinal));

        await page.GotoAsync(myLink);
        await StaffDesk.WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == $"/tickets/{mine}" && !url.Contains('#', StringComparison.Ordinal));
        IAPIResponse noToken = await context.APIRequest.PostAsync($"/tickets/{mine}/update", new() { Form = Form(context, ("body", "forged")), MaxRedirects = 0 });
        Assert.Equal(403, noToken.Status);
        Assert.DoesNotContain((await desk.GetTicketAsync(mine)).GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "customer-update");
    }

    [Fact]
    public async Task AttachFromThePage_ATraceIsStoredWithoutItsToken_AndAnswersTheRequestForInformation()
    {
        (string id, _) = await desk.SubmitAsync("high", "Login loops after the password step");
        (await desk.Host.Client.PostAsync($"/api/tickets/{id}/responses", Json("""{"kind":"request-info","body":"Please attach a HAR of the login."}"""))).EnsureSuccessStatusCode();
        string link = await CustomerLinkAsync(id, "confirmation");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await StaffDesk.WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == $"/tickets/{id}" && !url.Contains('#', StringComparison.Ordinal));
        const string har = """
            {"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[
              {"startedDateTime":"2026-11-30T10:00:00Z","time":20,"request":{"method":"GET","url":"https://login.example.com/callback?code=PAGE-SECRET-CODE","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
               "response":{"status":302,"statusText":"Found","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":0,"mimeType":"text/html"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":1,"wait":18,"receive":1}}]}}
            """;

        await page.GetByLabel("Attach a file").SetInputFilesAsync(new FilePayload { Name = "login.har", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(har) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach file" }).ClickAsync();
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("?done=attach", StringComparison.Ordinal));

        JsonElement ticket = await desk.GetTicketAsync(id);
        Assert.Equal("in-progress", ticket.GetProperty("status").GetString());
        JsonElement added = Assert.Single(ticket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "attachment-added");
        Assert.Equal("jane@customer.example", added.GetProperty("actor").GetString());
        string download = Regex.Match(added.GetProperty("summary").GetString()!, @"/api/tickets/\S+").Value;
        string stored = await desk.Host.Client.GetStringAsync(download);
        Assert.DoesNotContain("PAGE-SECRET-CODE", stored, StringComparison.Ordinal);
        Assert.Contains("login.example.com", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accessibility_CustomerTicketPage_HasNoSeriousOrCriticalAxeViolation()
    {
        (string id, _) = await desk.SubmitAsync("high", "Accessible ticket page");
        (await desk.Host.Client.PostAsync($"/api/tickets/{id}/resolution", Json("""{"summary":"Fixed."}"""))).EnsureSuccessStatusCode();
        string link = await CustomerLinkAsync(id, "resolution-proposed", "confirm=not-resolved");
        await using IBrowserContext context = await desk.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("confirm=not-resolved", StringComparison.Ordinal));

        AxeResult result = await page.RunAxe();

        Assert.Empty(result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
    }

    static IFormData Form(IBrowserContext context, params (string Name, string Value)[] fields)
    {
        IFormData form = context.APIRequest.CreateFormData();
        foreach ((string name, string value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
