using System.Net;
using System.Text.RegularExpressions;
using MimeKit;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests.Infrastructure;

/// <summary>
/// A browser as plain HTTP: its own cookie jar (paths and expiry as a browser keeps them), no redirects followed, and
/// form posts that carry the page's anti-forgery token and the <c>Origin</c> a browser sends (the desk's own unless told).
/// </summary>
internal sealed partial class PageClient : IDisposable
{
    readonly HttpClient client;

    public PageClient(LocalHostProcess host)
    {
        this.Host = host;
        this.Jar = new CookieContainer();
        this.client = new HttpClient(new HttpClientHandler { CookieContainer = this.Jar, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        this.client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public LocalHostProcess Host { get; }

    public CookieContainer Jar { get; }

    public string Origin => this.Host.BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>The cookies the jar would send to <paramref name="path"/>.</summary>
    public CookieCollection CookiesFor(string path) => this.Jar.GetCookies(new Uri(this.Host.BaseAddress, path));

    public Task<HttpResponseMessage> GetAsync(string path) => this.client.GetAsync(path);

    /// <summary>Any request, with this browser's cookies and without following redirects.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => this.client.SendAsync(request);

    /// <summary>The anti-forgery token of the first form on the page at <paramref name="path"/>.</summary>
    public async Task<string> FormTokenAsync(string path)
    {
        using HttpResponseMessage page = await this.client.GetAsync(path);
        string html = await page.Content.ReadAsStringAsync();
        return CsrfField().Match(html) is { Success: true } match ? match.Groups[1].Value
            : throw new InvalidOperationException($"GET {path} answered {(int)page.StatusCode} without a form token: {html[..Math.Min(html.Length, 400)]}");
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? origin = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin.Length == 0 ? this.Origin : origin);
        }

        return await this.client.SendAsync(request);
    }

    /// <summary>Signs in to the staff console with a staff key, as the sign-in form does.</summary>
    public async Task<HttpResponseMessage> SignInStaffAsync(string key = DeskSettings.StaffKey)
    {
        string token = await this.FormTokenAsync("/staff/sign-in");
        return await this.PostFormAsync("/staff/sign-in", [new("_csrf", token), new("staffKey", key), new("returnUrl", "/staff")]);
    }

    /// <summary>Asks for a sign-in link for <paramref name="email"/> with a fresh form, as a person at the sign-in page does.</summary>
    public async Task<HttpResponseMessage> AskForSignInLinkAsync(string email)
    {
        string token = await this.FormTokenAsync("/sign-in");
        return await this.PostFormAsync("/sign-in", [new("_csrf", token), new("email", email)]);
    }

    /// <summary>Opens the session an emailed link signs in to (the page's button posts the fragment's token).</summary>
    public Task<HttpResponseMessage> RedeemSignInLinkAsync(string token, string? origin = "") =>
        this.PostFormAsync("/sign-in/link", [new("token", token)], origin);

    /// <summary>The sign-in link tokens emailed to <paramref name="email"/> so far, oldest first.</summary>
    public static string[] SignInTokensSentTo(DeskSettings settings, string email) =>
        [.. Directory.GetFiles(settings.MailDirectory, "signin.*.eml")
            .OrderBy(File.GetLastWriteTimeUtc)
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase)))
            .Select(m => SignInToken().Match(m.TextBody ?? string.Empty).Groups[1].Value)];

    public void Dispose() => this.client.Dispose();

    [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    [GeneratedRegex("#token=([A-Za-z0-9._-]+)")]
    private static partial Regex SignInToken();
}
