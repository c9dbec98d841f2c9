using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using Support.Desk.Hosting.Pages;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests.Pages;

/// <summary>
/// The staff session cookie and its anti-forgery tokens, from the threats: a forged or edited cookie, an expired one,
/// one signed with another key, a token from another session, a cross-site post; and what must keep working (key rotation).
/// </summary>
public class PageSessionsTests
{
    const string Key = "unit-test-ticket-token-key-0123456789abcdef";
    static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    static PageSessions Sessions(string keys = Key, bool secure = true, TimeProvider? clock = null) =>
        new(new AccessOptions { TicketTokenKeys = keys }, new PageOptions { SecureCookies = secure }, new SupportCenterOptions(), clock ?? Clock);

    /// <summary>Signs in on one response and returns the cookie (name, value) it set.</summary>
    static (string Name, string Value) SignIn(PageSessions sessions, string name = "sam@desk.example")
    {
        var context = new DefaultHttpContext();
        sessions.SignIn(context.Response, name, SignInMethod.StaffKey);
        string header = context.Response.Headers.SetCookie.First(c => c!.Contains("desk-staff=", StringComparison.Ordinal))!;
        string pair = header.Split(';')[0];
        return (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
    }

    static HttpRequest RequestWith(string name, string value, string? fetchSite = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = $"{name}={value}";
        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        return context.Request;
    }

    [Fact]
    public void SignIn_SetsAnHttpOnlySecureLaxHostCookie_ThatReadsBackAsTheSession()
    {
        var context = new DefaultHttpContext();
        Sessions().SignIn(context.Response, "sam@desk.example", SignInMethod.StaffKey);
        string header = context.Response.Headers.SetCookie.ToString();

        Assert.StartsWith("__Host-desk-staff=", header, StringComparison.Ordinal);
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", header, StringComparison.OrdinalIgnoreCase);
        (string name, string value) = SignIn(Sessions());
        Assert.Equal("sam@desk.example", Sessions().Read(RequestWith(name, value))?.Name);
    }

    [Fact]
    public void Read_LocalHost_UsesThePlainCookieName()
    {
        (string name, _) = SignIn(Sessions(secure: false));

        Assert.Equal("desk-staff", name);
    }

    public static TheoryData<string> Tamperings() =>
    [
        "name", "method", "expiry", "nonce", "mac", "truncated", "extra-part", "empty-mac", "version",
    ];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Read_EditedCookie_IsNoSession(string part)
    {
        (string name, string value) = SignIn(Sessions());
        string[] parts = value.Split('.');
        string edited = part switch
        {
            "name" => Replace(parts, 1, Base64Url.EncodeToString(Encoding.UTF8.GetBytes("lead@desk.example"))),
            "method" => Replace(parts, 2, "entra"),
            "expiry" => Replace(parts, 3, (long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) + 86400).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "nonce" => Replace(parts, 4, "AAAAAAAAAAAAAAAAAAAAAA"),
            "mac" => Replace(parts, 5, parts[5][..^1] + (parts[5][^1] == 'A' ? 'B' : 'A')),
            "truncated" => string.Join('.', parts[..5]),
            "extra-part" => value + ".x",
            "empty-mac" => Replace(parts, 5, string.Empty),
            _ => Replace(parts, 0, "v2"),
        };

        Assert.Null(Sessions().Read(RequestWith(name, edited)));
    }

    static string Replace(string[] parts, int index, string value)
    {
        string[] copy = [.. parts];
        copy[index] = value;
        return string.Join('.', copy);
    }

    [Fact]
    public void Read_AfterEightHours_IsNoSession()
    {
        var clock = new FakeTimeProvider(Clock.GetUtcNow());
        PageSessions sessions = Sessions(clock: clock);
        (string name, string value) = SignIn(sessions);

        clock.Advance(PageSessions.Lifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(sessions.Read(RequestWith(name, value)));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(sessions.Read(RequestWith(name, value)));
    }

    [Fact]
    public void Read_CookieFromAnotherKey_IsNoSession_ButARotatedOutKeyStillWorks()
    {
        (string name, string value) = SignIn(Sessions("another-deployments-key-0123456789abcdef"));
        Assert.Null(Sessions().Read(RequestWith(name, value)));

        (string oldName, string oldValue) = SignIn(Sessions(Key));
        Assert.NotNull(Sessions($"a-brand-new-signing-key-0123456789abcdef {Key}").Read(RequestWith(oldName, oldValue)));
    }

    [Fact]
    public void AcceptsForm_OnlyItsOwnSessionsToken_AndNotCrossSite()
    {
        PageSessions sessions = Sessions();
        (string name, string value) = SignIn(sessions);
        (string otherName, string otherValue) = SignIn(sessions, "kim@desk.example");
        StaffSession mine = sessions.Read(RequestWith(name, value))!;
        StaffSession theirs = sessions.Read(RequestWith(otherName, otherValue))!;
        FormCollection Form(string? token) => new(token is null ? [] : new Dictionary<string, StringValues> { [PageSessions.FormField] = token });

        Assert.True(sessions.AcceptsForm(RequestWith(name, value), Form(sessions.FormToken(mine)), mine));
        Assert.True(sessions.AcceptsForm(RequestWith(name, value, "same-origin"), Form(sessions.FormToken(mine)), mine));
        Assert.False(sessions.AcceptsForm(RequestWith(name, value), Form(sessions.FormToken(theirs)), mine));
        Assert.False(sessions.AcceptsForm(RequestWith(name, value), Form(null), mine));
        Assert.False(sessions.AcceptsForm(RequestWith(name, value), Form(string.Empty), mine));
        Assert.False(sessions.AcceptsForm(RequestWith(name, value, "cross-site"), Form(sessions.FormToken(mine)), mine));
        Assert.False(sessions.AcceptsForm(RequestWith(name, value, "same-site"), Form(sessions.FormToken(mine)), mine));
    }

    [Fact]
    public void AcceptsSignInForm_NeedsTheNonceCookieItsTokenWasMadeFor()
    {
        PageSessions sessions = Sessions(secure: false);
        var page = new DefaultHttpContext();
        string token = sessions.SignInFormToken(page.Request, page.Response);
        string nonceCookie = page.Response.Headers.SetCookie.ToString().Split(';')[0];
        string nonce = nonceCookie[(nonceCookie.IndexOf('=', StringComparison.Ordinal) + 1)..];
        var form = new FormCollection(new Dictionary<string, StringValues> { [PageSessions.FormField] = token });

        Assert.True(sessions.AcceptsSignInForm(RequestWith("desk-signin", nonce), form));
        Assert.False(sessions.AcceptsSignInForm(RequestWith("desk-signin", "BBBBBBBBBBBBBBBBBBBBBB"), form));
        Assert.False(sessions.AcceptsSignInForm(new DefaultHttpContext().Request, form));
    }
}
