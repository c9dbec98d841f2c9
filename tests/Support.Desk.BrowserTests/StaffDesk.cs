using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using Support.Desk.Testing;

namespace Support.Desk.BrowserTests;

/// <summary>
/// One desk for the browser tests: Azurite, fake status pages, the local host as a real process, and Debian's Chromium
/// launched by Playwright (never a downloaded browser). Every test gets its own browser context (its own cookies).
/// </summary>
public sealed class StaffDesk : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    AzuriteProcess? azurite;
    FakeStatusPages? statusPages;
    LocalHostProcess? host;
    IPlaywright? playwright;
    IBrowser? browser;
    DeskSettings? settings;

    public LocalHostProcess Host => this.host!;

    public FakeStatusPages StatusPages => this.statusPages!;

    public DeskSettings Settings => this.settings!;

    public Uri BaseAddress => this.Host.BaseAddress;

    /// <summary>Where the tests save a screenshot of each page: the test output.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>README's copies, refreshed only when asked (<c>DESK_SCREENSHOTS_TO_DOCS=1</c>), so a test run leaves the repository as it found it.</summary>
    static string? DocsScreenshotDirectory =>
        Environment.GetEnvironmentVariable("DESK_SCREENSHOTS_TO_DOCS") == "1" ? Path.Combine(RepositoryPaths.Root, "docs", "screenshots") : null;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: scripts/test.sh installs Debian's chromium package (apt-get install -y chromium).");
        }

        this.azurite = await AzuriteProcess.StartAsync();
        this.statusPages = await FakeStatusPages.StartAsync();
        // The regions page shows what the poller stored: poll every two seconds rather than every minute.
        this.settings = new DeskSettings(this.azurite).With("StatusPollSchedule", "*/2 * * * * *")
            // A customer in APAC for the status-subscription test, which changes that region's page: no other test looks at it.
            .With("Customers:initech:Plan", "gold").With("Customers:initech:Region", "au").With("Customers:initech:TimeZone", "Australia/Sydney")
            .With("Customers:initech:EmailDomains:0", "initech.example");
        foreach (string region in new[] { "us", "eu", "au" })
        {
            this.settings.With($"StatusPages:Regions:{region}:Url", this.statusPages.Url(region).ToString());
            this.statusPages.Serve(region, region == "eu" ? "major-incident.json" : "operational.json");
        }

        this.host = await LocalHostProcess.StartAsync(this.settings);
        this.playwright = await Playwright.CreateAsync();
        this.browser = await this.playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (this.browser is not null)
        {
            await this.browser.DisposeAsync();
        }

        this.playwright?.Dispose();
        if (this.host is not null)
        {
            await this.host.DisposeAsync();
        }

        if (this.statusPages is not null)
        {
            await this.statusPages.DisposeAsync();
        }

        if (this.azurite is not null)
        {
            await this.azurite.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context (no cookies) on a laptop-sized window, or a phone's, on this desk's host or another.</summary>
    public Task<IBrowserContext> NewContextAsync(bool phone = false, Uri? baseAddress = null) =>
        this.browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (baseAddress ?? this.BaseAddress).ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1366, Height = 900 },
            DeviceScaleFactor = 1,
            IsMobile = phone,
            HasTouch = phone,
        });

    /// <summary>Signs in through the sign-in form with the test desk's staff key; the page ends on the queue (or where it was sent).</summary>
    public static async Task SignInAsync(IPage page, string? from = null)
    {
        await page.GotoAsync(from ?? "/staff");
        await WaitForUrlAsync(page, url => url.Contains("/staff/sign-in", StringComparison.Ordinal));
        await page.GetByLabel("Staff key").FillAsync(DeskSettings.StaffKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitForUrlAsync(page, url => !url.Contains("/staff/sign-in", StringComparison.Ordinal));
    }

    /// <summary>Submits a ticket through the intake API; its ID and first-response deadline.</summary>
    public async Task<(string Id, DateTimeOffset DueAt)> SubmitAsync(string severity, string subject, string tenant = "acme-prod")
    {
        using var body = new StringContent(TicketRequests.Json(tenant: tenant, severity: severity, subject: subject), System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage created = await this.Host.Client.PostAsync("/api/tickets", body);
        created.EnsureSuccessStatusCode();
        using JsonDocument answer = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return (answer.RootElement.GetProperty("ticketId").GetString()!, answer.RootElement.GetProperty("sla").GetProperty("firstResponseDueAt").GetDateTimeOffset());
    }

    /// <summary>The ticket as staff read it through the API.</summary>
    public async Task<JsonElement> GetTicketAsync(string id) =>
        (await this.Host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}"));

    /// <summary>Waits until the poller has stored every region's status (the regions page shows what it stored).</summary>
    public async Task WaitForStatusAsync()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            JsonElement status = await this.Host.Client.GetFromJsonAsync<JsonElement>("/api/status");
            if (status.GetProperty("regions").EnumerateArray().All(r => r.TryGetProperty("indicator", out JsonElement i) && i.ValueKind == JsonValueKind.String))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The status poller stored no status for every region within 20 s.");
    }

    /// <summary>Waits for an element, longer than Playwright's default (the host shares two cores with the other test projects); on failure says what the page showed.</summary>
    public static async Task WaitForAsync(IPage page, ILocator element)
    {
        try
        {
            await element.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Not on {page.Url}: {await page.Locator("main").InnerTextAsync()}", ex);
        }
    }

    /// <summary>Waits for the page to reach an address, as long as <see cref="WaitForAsync"/> waits; on failure says where it is and what it shows.</summary>
    /// <summary>
    /// Waits until the page's address satisfies <paramref name="url"/>, then for its content. It polls the address:
    /// Playwright's WaitForURL checks the address once and otherwise waits for the next navigation event, so a
    /// navigation that commits between the two (a click's redirect on a loaded machine) is missed and the wait runs
    /// out on the very page it waited for.
    /// </summary>
    public static async Task WaitForUrlAsync(IPage page, Func<string, bool> url)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (!url(page.Url))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still on {page.Url}: {await page.Locator("main").InnerTextAsync()}");
            }

            await Task.Delay(100);
        }

        // The page's content, not its load event: once under full load the DOMContentLoaded wait ran out on a page whose
        // network had gone idle (an event Playwright had already passed for that document).
        await page.Locator("main").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
    }

    /// <summary>Waits for the emails in <paramref name="mailDirectory"/> whose file name starts with <paramref name="prefix"/> and that <paramref name="match"/> accepts.</summary>
    public static async Task<List<MimeMessage>> MailsInAsync(string mailDirectory, string prefix, Func<MimeMessage, bool> match, int atLeast = 1)
    {
        for (int attempt = 0; ; attempt++)
        {
            var found = new List<MimeMessage>();
            foreach (string file in Directory.GetFiles(mailDirectory, prefix + "*.eml"))
            {
                MimeMessage message = await MimeMessage.LoadAsync(file);
                if (match(message))
                {
                    found.Add(message);
                }
            }

            if (found.Count >= atLeast || attempt >= 300)
            {
                return found.Count >= atLeast ? found : throw new TimeoutException($"No {prefix} email arrived within 30 s.");
            }

            await Task.Delay(100);
        }
    }

    public static bool To(MimeMessage message, string address) => message.To.Mailboxes.Any(m => m.Address == address);

    /// <summary>The path and fragment of the first link in an email's text that matches.</summary>
    public static string LinkIn(MimeMessage message, string pattern) =>
        Regex.Match(message.TextBody ?? string.Empty, @"https?://[^\s/]+(" + pattern + ")") is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException($"No link like {pattern} in: {message.TextBody}");

    /// <summary>A customer contact asks for a sign-in link and opens it from the email; the page ends on My tickets. Returns the link.</summary>
    public static async Task<string> SignInCustomerAsync(IPage page, string mailDirectory, string email)
    {
        await page.GotoAsync("/");
        await WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == "/sign-in");
        await page.GetByLabel("Work email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync();
        await WaitForAsync(page, page.GetByRole(AriaRole.Heading, new() { Name = "Check your inbox" }));
        MimeMessage mail = (await MailsInAsync(mailDirectory, "signin.", m => To(m, email))).Last();
        string link = LinkIn(mail, @"/sign-in/link#token=[A-Za-z0-9_\-.]+");
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == "/tickets");
        return link;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        string path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        if (DocsScreenshotDirectory is { } docs)
        {
            File.Copy(path, Path.Combine(docs, name + ".png"), overwrite: true);
        }
    }
}

[CollectionDefinition(nameof(StaffDesk))]
public sealed class SharedStaffDesk : ICollectionFixture<StaffDesk>;
