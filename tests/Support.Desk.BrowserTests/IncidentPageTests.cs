using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MimeKit;
using Support.Desk.Testing;

namespace Support.Desk.BrowserTests;

/// <summary>
/// A regional outage in Chromium: the EU status page reports a major incident, which opens a desk incident; EU tickets
/// link to it; staff post one update from the incident page and every linked customer gets it once; the page's
/// recovery proposes the resolution to each, and a customer confirms from the email.
/// </summary>
[Collection(nameof(StaffDesk))]
public sealed class IncidentPageTests(StaffDesk desk)
{
    static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        for (int attempt = 0; attempt < 300; attempt++)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Waited 60 s for {what}.");
    }

    string[] Mail(string ticketId, string kind) => Directory.GetFiles(desk.Settings.MailDirectory, $"{ticketId}.{kind}.*.eml");

    async Task<string> IncidentOfAsync(string ticketId) =>
        (await desk.GetTicketAsync(ticketId)).TryGetProperty("incident", out JsonElement incident) ? incident.GetString()! : string.Empty;

    [Fact]
    public async Task RegionalOutage_OneUpdateFromTheIncidentPageReachesEachCustomerOnce_AndTheRecoveryProposesTheResolutionACustomerConfirms()
    {
        await desk.WaitForStatusAsync();
        string incidentId = await WaitAsync(async () =>
        {
            JsonElement list = await desk.Host.Client.GetFromJsonAsync<JsonElement>("/api/incidents");
            return list.GetProperty("incidents").EnumerateArray()
                .Where(i => i.GetProperty("status").GetString() == "open" && i.GetProperty("regions").EnumerateArray().Any(r => r.GetString() == "eu"))
                .Select(i => i.GetProperty("id").GetString()).FirstOrDefault();
        }, "the incident the EU status page opened");
        try
        {
            (string first, _) = await desk.SubmitAsync("urgent", "Users cannot sign in", "globex");
            (string second, _) = await desk.SubmitAsync("high", "SSO loops back to the login page", "globex");
            Assert.Equal(incidentId, await IncidentOfAsync(first));
            Assert.Equal(incidentId, await IncidentOfAsync(second));

            await using IBrowserContext staff = await desk.NewContextAsync();
            IPage page = await staff.NewPageAsync();
            await StaffDesk.SignInAsync(page, "/staff/incidents");
            await StaffDesk.WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == "/staff/incidents");
            await StaffDesk.ScreenshotAsync(page, "staff-incidents");
            await page.GetByRole(AriaRole.Link, new() { Name = incidentId }).ClickAsync();
            await StaffDesk.WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == $"/staff/incidents/{incidentId}");
            Assert.Equal(1, await page.Locator(".ticket-id", new() { HasText = first }).CountAsync());
            Assert.Equal(1, await page.Locator(".ticket-id", new() { HasText = second }).CountAsync());

            // Posted twice in a hurry (a double click): one update.
            await page.GetByLabel("Update to every linked ticket").FillAsync("We found the cause: a certificate rotation in EU-1. A fix is rolling out.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Post update to all" }).ClickAsync(new() { ClickCount = 2 });
            await StaffDesk.WaitForUrlAsync(page, url => url.EndsWith("?done=update", StringComparison.Ordinal));
            foreach (string id in new[] { first, second })
            {
                MimeMessage email = await WaitAsync(async () => Mail(id, "incident-update").Select(f => MimeMessage.Load(f)).FirstOrDefault(), $"the update email of {id}");
                Assert.Contains("certificate rotation", email.TextBody, StringComparison.Ordinal);
                Assert.Equal(1, (await desk.GetTicketAsync(id)).GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "incident-update"));
            }

            await WaitAsync(async () =>
            {
                await page.ReloadAsync();
                return await page.Locator("text=/reached \\d+ ticket/").CountAsync() > 0 ? "done" : null;
            }, "the page to say how many tickets the update reached");
            Assert.Equal(1, await page.Locator(".timeline .body", new() { HasText = "certificate rotation" }).CountAsync());
            AxeResult axe = await page.RunAxe();
            Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
            await StaffDesk.ScreenshotAsync(page, "staff-incident");
            Assert.All(new[] { first, second }, id => Assert.Single(Mail(id, "incident-update")));

            // The page recovers: each linked ticket is proposed the resolution; the customer confirms from the email.
            desk.StatusPages.Serve("eu", "operational.json");
            foreach (string id in new[] { first, second })
            {
                await WaitAsync(async () => (await desk.GetTicketAsync(id)).GetProperty("status").GetString() == "resolution-proposed" ? id : null, $"{id} proposed the resolution");
            }

            string link = await WaitAsync(async () =>
            {
                foreach (string file in Mail(first, "resolution-proposed"))
                {
                    using MimeMessage message = await MimeMessage.LoadAsync(file);
                    if (Regex.Match(message.TextBody ?? string.Empty, @"https?://[^\s/]+(/tickets/" + first + @"\?confirm=resolved#token=[A-Za-z0-9_\-]+)") is { Success: true } m)
                    {
                        return m.Groups[1].Value;
                    }
                }

                return null;
            }, "the resolution email");
            await using IBrowserContext customer = await desk.NewContextAsync(phone: true);
            IPage ticketPage = await customer.NewPageAsync();
            await ticketPage.GotoAsync(link);
            await StaffDesk.WaitForUrlAsync(ticketPage, url => url.EndsWith($"/tickets/{first}?confirm=resolved", StringComparison.Ordinal));
            Assert.Contains(incidentId, await ticketPage.Locator(".facts").TextContentAsync(), StringComparison.Ordinal);
            await StaffDesk.ScreenshotAsync(ticketPage, "customer-incident-resolution");
            await ticketPage.GetByRole(AriaRole.Button, new() { Name = "Yes, it is resolved" }).ClickAsync();
            await StaffDesk.WaitForUrlAsync(ticketPage, url => url.EndsWith("?done=resolved", StringComparison.Ordinal));
            Assert.Equal("closed", (await desk.GetTicketAsync(first)).GetProperty("status").GetString());
        }
        finally
        {
            // Other tests of the collection expect the EU page as the desk started with it.
            desk.StatusPages.Serve("eu", "major-incident.json");
        }
    }
}
