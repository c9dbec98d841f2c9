using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Pages;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests.Pages;

/// <summary>
/// The pages' sessions, from the threats: a forged or edited cookie, an expired or idle one, one signed with another
/// key, a copy of a cookie after sign-out, a staff member whose key, roster entry or Entra role was withdrawn, a token
/// from another session, a post from another site; and what must keep working (key rotation, a rotated-out key).
/// </summary>
public class PageSessionsTests
{
    const string SessionKey = "unit-test-session-key-0123456789abcdefghij";
    const string StaffKey = "unit-test-staff-key-0123456789abcdefghijkl";
    const string Sam = "sam@desk.example";

    /// <summary>The server-side session rows, as the table keeps them (its own test runs against Azurite).</summary>
    sealed class MemorySessionStore : IPageSessionStore
    {
        public readonly ConcurrentDictionary<(string Day, string Id), StoredPageSession> Rows = new();

        public Task CreateAsync(StoredPageSession session, CancellationToken cancellationToken) =>
            this.Rows.TryAdd((session.Day, session.Id), session) ? Task.CompletedTask : throw new InvalidOperationException("exists");

        public Task<StoredPageSession?> FindAsync(string day, string id, CancellationToken cancellationToken) =>
            Task.FromResult(this.Rows.TryGetValue((day, id), out StoredPageSession? row) ? row : null);

        public Task TouchAsync(StoredPageSession session, DateTimeOffset seen, CancellationToken cancellationToken)
        {
            this.Rows.TryUpdate((session.Day, session.Id), this.Rows[(session.Day, session.Id)] with { LastSeen = seen }, this.Rows[(session.Day, session.Id)]);
            return Task.CompletedTask;
        }

        public Task EndAsync(string day, string id, CancellationToken cancellationToken)
        {
            this.Rows.TryRemove((day, id), out _);
            return Task.CompletedTask;
        }

        public Task<int> EndAllAsync(PageSessionKind kind, string subject, IReadOnlyList<string> days, CancellationToken cancellationToken)
        {
            var mine = this.Rows.Where(r => r.Value.Kind == kind && string.Equals(r.Value.Subject, subject, StringComparison.OrdinalIgnoreCase) && days.Contains(r.Key.Day)).ToList();
            mine.ForEach(r => this.Rows.TryRemove(r.Key, out _));
            return Task.FromResult(mine.Count);
        }
    }

    sealed class Desk
    {
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

        public MemorySessionStore Store { get; } = new();

        public AccessOptions Access { get; set; } = new() { SessionKeys = SessionKey, StaffKeys = $"{Sam}:{StaffKey}" };

        public StaffOptions Staff { get; set; } = new() { Roster = [new RosterEntry { Name = "Sam", Email = Sam }, new RosterEntry { Name = "Kim", Email = "kim@desk.example" }] };

        public PageOptions Pages { get; set; } = new() { SecureCookies = true };

        public PageSessions Sessions() => new(this.Access, this.Pages, new SupportCenterOptions(), this.Staff, this.Store, this.Clock);

        /// <summary>Signs in with the staff key on one response and returns the cookie (name, value) it set.</summary>
        public async Task<(string Name, string Value)> SignInAsync(string name = Sam, string key = StaffKey)
        {
            var context = new DefaultHttpContext();
            PageSessions sessions = this.Sessions();
            await sessions.SignInStaffAsync(context.Response, name, SignInMethod.StaffKey, PageSessions.CredentialOf(key), CancellationToken.None);
            return CookieSet(context, "desk-staff=");
        }

        public Task<StaffSession?> ReadAsync((string Name, string Value) cookie, params (string Header, string Value)[] headers) =>
            this.Sessions().ReadStaffAsync(RequestWith(cookie, headers), CancellationToken.None);
    }

    static (string Name, string Value) CookieSet(HttpContext context, string marker)
    {
        string header = context.Response.Headers.SetCookie.First(c => c!.Contains(marker, StringComparison.Ordinal))!;
        string pair = header.Split(';')[0];
        return (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
    }

    static HttpRequest RequestWith((string Name, string Value)? cookie, params (string Header, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("desk.example");
        if (cookie is { } c)
        {
            context.Request.Headers.Cookie = $"{c.Name}={c.Value}";
        }

        foreach ((string header, string value) in headers)
        {
            context.Request.Headers[header] = value;
        }

        return context.Request;
    }

    [Fact]
    public async Task SignIn_SetsAnHttpOnlySecureLaxHostCookie_ThatNamesARowOnTheServer()
    {
        var desk = new Desk();
        var context = new DefaultHttpContext();
        await desk.Sessions().SignInStaffAsync(context.Response, Sam, SignInMethod.StaffKey, PageSessions.CredentialOf(StaffKey), CancellationToken.None);
        string header = context.Response.Headers.SetCookie.ToString();

        Assert.StartsWith("__Host-desk-staff=", header, StringComparison.Ordinal);
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", header, StringComparison.OrdinalIgnoreCase);
        StoredPageSession row = Assert.Single(desk.Store.Rows.Values);
        Assert.DoesNotContain(StaffKey, row.Credential, StringComparison.Ordinal);
        Assert.DoesNotContain(Sam, header, StringComparison.Ordinal);
        Assert.Equal(Sam, (await desk.ReadAsync(await desk.SignInAsync()))?.Name);
    }

    [Fact]
    public async Task SignIn_LocalHost_UsesThePlainCookieName()
    {
        var desk = new Desk { Pages = new PageOptions { SecureCookies = false } };

        Assert.Equal("desk-staff", (await desk.SignInAsync()).Name);
    }

    public static TheoryData<string> Tamperings() => ["day", "id", "mac", "truncated", "extra-part", "empty-mac", "version", "customer-prefix"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Read_EditedCookie_IsNoSession(string part)
    {
        var desk = new Desk();
        (string name, string value) = await desk.SignInAsync();
        await desk.SignInAsync("kim@desk.example");
        string[] parts = value.Split('.');
        string otherId = desk.Store.Rows.Keys.Select(k => k.Id).First(id => id != parts[2]);
        string edited = part switch
        {
            "day" => Replace(parts, 1, "20261129"),
            "id" => Replace(parts, 2, otherId),
            "mac" => Replace(parts, 3, parts[3][..^1] + (parts[3][^1] == 'A' ? 'B' : 'A')),
            "truncated" => string.Join('.', parts[..3]),
            "extra-part" => value + ".x",
            "empty-mac" => Replace(parts, 3, string.Empty),
            "customer-prefix" => Replace(parts, 0, "c2"),
            _ => Replace(parts, 0, "v1"),
        };

        Assert.Null(await desk.ReadAsync((name, edited)));
    }

    static string Replace(string[] parts, int index, string value)
    {
        string[] copy = [.. parts];
        copy[index] = value;
        return string.Join('.', copy);
    }

    [Fact]
    public async Task SignOut_EndsEveryCopyOfTheCookie()
    {
        var desk = new Desk();
        (string, string) cookie = await desk.SignInAsync();
        StaffSession session = (await desk.ReadAsync(cookie))!;

        await desk.Sessions().SignOutStaffAsync(new DefaultHttpContext().Response, session, everywhere: false, CancellationToken.None);

        Assert.Null(await desk.ReadAsync(cookie));
    }

    [Fact]
    public async Task SignOutEverywhere_EndsThatPersonsOtherSessions_NotAnyoneElses()
    {
        var desk = new Desk();
        (string, string) laptop = await desk.SignInAsync();
        (string, string) phone = await desk.SignInAsync();
        (string, string) kims = await desk.SignInAsync("kim@desk.example");
        desk.Access = new AccessOptions { SessionKeys = SessionKey, StaffKeys = $"{Sam}:{StaffKey} kim@desk.example:{StaffKey.Replace('u', 'k')}" };
        kims = await desk.SignInAsync("kim@desk.example", StaffKey.Replace('u', 'k'));

        await desk.Sessions().SignOutStaffAsync(new DefaultHttpContext().Response, (await desk.ReadAsync(laptop))!, everywhere: true, CancellationToken.None);

        Assert.Null(await desk.ReadAsync(laptop));
        Assert.Null(await desk.ReadAsync(phone));
        Assert.NotNull(await desk.ReadAsync(kims));
    }

    [Fact]
    public async Task Read_AfterEightHours_IsNoSession_EvenWhenUsedThroughout()
    {
        var desk = new Desk();
        (string, string) cookie = await desk.SignInAsync();

        for (TimeSpan used = TimeSpan.Zero; used < PageSessions.Lifetime - TimeSpan.FromMinutes(20); used += TimeSpan.FromMinutes(20))
        {
            desk.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.NotNull(await desk.ReadAsync(cookie));
        }

        desk.Clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Null(await desk.ReadAsync(cookie));
    }

    [Fact]
    public async Task Read_IdleLongerThanTheTimeout_IsNoSession_AndAutomaticRefreshesAreNotUse()
    {
        var desk = new Desk();
        (string, string) used = await desk.SignInAsync();
        (string, string) leftOpen = await desk.SignInAsync();

        for (int minute = 0; minute < 40; minute += 5)
        {
            desk.Clock.Advance(TimeSpan.FromMinutes(5));
            Assert.NotNull(await desk.ReadAsync(used));
            StaffSession? refreshed = await desk.ReadAsync(leftOpen, (PageSessions.RefreshHeader, "1"));
            Assert.Equal(minute + 5 <= 30, refreshed is not null);
        }
    }

    [Fact]
    public async Task Read_KeyWithdrawnOrReplaced_EndsTheSession_AndARotationThatKeepsTheKeyDoesNot()
    {
        var desk = new Desk();
        (string, string) cookie = await desk.SignInAsync();

        desk.Access = new AccessOptions { SessionKeys = SessionKey, StaffKeys = $"{Sam}:{StaffKey} kim@desk.example:another-staff-key-0123456789abcdefgh" };
        Assert.NotNull(await desk.ReadAsync(cookie));

        desk.Access = new AccessOptions { SessionKeys = SessionKey, StaffKeys = $"{Sam}:a-new-key-for-sam-0123456789abcdefghijkl" };
        Assert.Null(await desk.ReadAsync(cookie));
    }

    [Fact]
    public async Task Read_HolderTakenOffTheRoster_EndsTheSession()
    {
        var desk = new Desk();
        (string, string) cookie = await desk.SignInAsync();

        desk.Staff = new StaffOptions { Roster = [new RosterEntry { Name = "Kim", Email = "kim@desk.example" }] };

        Assert.Null(await desk.ReadAsync(cookie));
    }

    [Fact]
    public async Task Read_EntraSession_EndsWhenThePlatformNoLongerVouchesForTheRole()
    {
        var desk = new Desk { Pages = new PageOptions { SecureCookies = true, AppServiceAuthentication = true } };
        var context = new DefaultHttpContext();
        await desk.Sessions().SignInStaffAsync(context.Response, Sam, SignInMethod.Entra, null, CancellationToken.None);
        (string, string) cookie = CookieSet(context, "desk-staff=");
        static string Principal(params string[] roles) => Convert.ToBase64String(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new
        {
            claims = roles.Select(r => new { typ = "roles", val = r }).Append(new { typ = "preferred_username", val = Sam }),
        })));

        Assert.NotNull(await desk.ReadAsync(cookie, ("X-MS-CLIENT-PRINCIPAL", Principal("Support.Staff"))));
        Assert.Null(await desk.ReadAsync(cookie, ("X-MS-CLIENT-PRINCIPAL", Principal("Reader"))));
        Assert.Null(await desk.ReadAsync(cookie));
    }

    [Fact]
    public async Task Read_CookieFromAnotherKey_IsNoSession_ButARotatedOutKeyStillWorks_AndTicketTokenKeysSignNothing()
    {
        var other = new Desk { Access = new AccessOptions { SessionKeys = "another-deployments-session-key-0123456789", StaffKeys = $"{Sam}:{StaffKey}" } };
        var desk = new Desk();
        (string, string) foreign = await other.SignInAsync();
        foreach (KeyValuePair<(string, string), StoredPageSession> row in other.Store.Rows)
        {
            desk.Store.Rows[row.Key] = row.Value;
        }

        Assert.Null(await desk.ReadAsync(foreign));

        (string, string) old = await desk.SignInAsync();
        desk.Access = new AccessOptions { SessionKeys = $"a-brand-new-session-key-0123456789abcdef {SessionKey}", StaffKeys = $"{Sam}:{StaffKey}" };
        Assert.NotNull(await desk.ReadAsync(old));

        desk.Access = new AccessOptions { SessionKeys = "a-brand-new-session-key-0123456789abcdef", TicketTokenKeys = SessionKey, StaffKeys = $"{Sam}:{StaffKey}" };
        Assert.Null(await desk.ReadAsync(old));
    }

    [Fact]
    public async Task AcceptsForm_OnlyItsOwnSessionsToken_AndOnlyFromTheDesksOwnOrigin()
    {
        var desk = new Desk();
        PageSessions sessions = desk.Sessions();
        (string, string) cookie = await desk.SignInAsync();
        StaffSession mine = (await desk.ReadAsync(cookie))!;
        StaffSession theirs = (await desk.ReadAsync(await desk.SignInAsync()))!;
        FormCollection Form(string? token) => new(token is null ? [] : new Dictionary<string, StringValues> { [PageSessions.FormField] = token });
        FormCollection good = Form(sessions.FormToken(mine));

        Assert.True(sessions.AcceptsForm(RequestWith(cookie), good, mine));
        Assert.True(sessions.AcceptsForm(RequestWith(cookie, ("Origin", "https://desk.example")), good, mine));
        Assert.True(sessions.AcceptsForm(RequestWith(cookie, ("Sec-Fetch-Site", "same-origin")), good, mine));
        Assert.True(sessions.AcceptsForm(RequestWith(cookie, ("Referer", "https://desk.example/staff/tickets/SUP-1")), good, mine));
        Assert.False(sessions.AcceptsForm(RequestWith(cookie), Form(sessions.FormToken(theirs)), mine));
        Assert.False(sessions.AcceptsForm(RequestWith(cookie), Form(null), mine));
        Assert.False(sessions.AcceptsForm(RequestWith(cookie), Form(string.Empty), mine));
        Assert.False(sessions.AcceptsForm(RequestWith(cookie, ("Sec-Fetch-Site", "cross-site")), good, mine));
        Assert.False(sessions.AcceptsForm(RequestWith(cookie, ("Sec-Fetch-Site", "same-site")), good, mine));

        // Origin decides, whatever Sec-Fetch-Site says or leaves out.
        Assert.False(sessions.AcceptsForm(RequestWith(cookie, ("Origin", "https://evil.example")), good, mine));
        Assert.False(sessions.AcceptsForm(RequestWith(cookie, ("Origin", "https://evil.example"), ("Sec-Fetch-Site", "same-origin")), good, mine));
        Assert.False(sessions.AcceptsForm(RequestWith(cookie, ("Origin", "null")), good, mine));
        Assert.False(sessions.AcceptsForm(RequestWith(cookie, ("Origin", "https://desk.example.evil.example")), good, mine));
        Assert.False(sessions.AcceptsForm(RequestWith(cookie, ("Referer", "https://evil.example/desk.example")), good, mine));
    }

    [Fact]
    public void IsSameOrigin_WithoutAnySignal_PassesOnlyWhereNoEvidenceIsRequired()
    {
        PageSessions sessions = new Desk().Sessions();

        Assert.True(sessions.IsSameOrigin(RequestWith(null)));
        Assert.False(sessions.IsSameOrigin(RequestWith(null), requireEvidence: true));
        Assert.True(sessions.IsSameOrigin(RequestWith(null, ("Origin", "https://desk.example")), requireEvidence: true));
        Assert.True(sessions.IsSameOrigin(RequestWith(null, ("Origin", "http://127.0.0.1:7071")), requireEvidence: true)); // the public base URL's origin
        Assert.False(sessions.IsSameOrigin(RequestWith(null, ("Origin", "https://evil.example")), requireEvidence: true));
    }

    [Fact]
    public async Task AcceptsSignInForm_NeedsTheNonceCookieItsTokenWasMadeFor()
    {
        var desk = new Desk { Pages = new PageOptions { SecureCookies = false } };
        PageSessions sessions = desk.Sessions();
        var page = new DefaultHttpContext();
        string token = sessions.SignInFormToken(page.Request, page.Response);
        (string _, string nonce) = CookieSet(page, "desk-signin=");
        var form = new FormCollection(new Dictionary<string, StringValues> { [PageSessions.FormField] = token });

        Assert.True(sessions.AcceptsSignInForm(RequestWith(("desk-signin", nonce)), form));
        Assert.False(sessions.AcceptsSignInForm(RequestWith(("desk-signin", "BBBBBBBBBBBBBBBBBBBBBB")), form));
        Assert.False(sessions.AcceptsSignInForm(RequestWith(("desk-signin", nonce), ("Origin", "https://evil.example")), form));
        Assert.False(sessions.AcceptsSignInForm(new DefaultHttpContext().Request, form));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task TicketCookies_AreScopedToTheirTicketAndTheBrowserSession_AndCustomerSignOutDeletesEveryOne()
    {
        var desk = new Desk { Pages = new PageOptions { SecureCookies = true } };
        PageSessions sessions = desk.Sessions();
        var open = new DefaultHttpContext();
        sessions.RememberTicket(open.Request, "SUP-AAAA-BBBB-CCCC", "tkt_one");
        string ticketCookie = open.Response.Headers.SetCookie.First(c => c!.Contains("SUP-AAAA-BBBB-CCCC=", StringComparison.Ordinal))!;
        (string listName, string list) = CookieSet(open, "desk-links=");

        Assert.StartsWith("__Secure-desk-link-SUP-AAAA-BBBB-CCCC=tkt_one", ticketCookie, StringComparison.Ordinal);
        Assert.Contains("path=/tickets/SUP-AAAA-BBBB-CCCC", ticketCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", ticketCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", ticketCookie, StringComparison.OrdinalIgnoreCase);

        var second = new DefaultHttpContext();
        second.Request.Headers.Cookie = $"{listName}={list}";
        sessions.RememberTicket(second.Request, "SUP-DDDD-EEEE-FFFF", "tkt_two");
        (_, list) = CookieSet(second, "desk-links=");

        var signIn = new DefaultHttpContext();
        CustomerSession contact = await sessions.SignInCustomerAsync(signIn.Response, new CustomerContact("jane@acme.example", "acme-prod"), CancellationToken.None);
        var signOut = new DefaultHttpContext();
        signOut.Request.Headers.Cookie = $"{listName}={list}; desk-ticket-SUP-GGGG-HHHH-JJJJ=tkt_legacy";
        await sessions.SignOutCustomerAsync(signOut.Request, contact, CancellationToken.None);
        string[] deleted = [.. signOut.Response.Headers.SetCookie.Select(c => c!)];

        Assert.Contains(deleted, c => c.StartsWith("__Secure-desk-link-SUP-AAAA-BBBB-CCCC=;", StringComparison.Ordinal) && c.Contains("path=/tickets/SUP-AAAA-BBBB-CCCC", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(deleted, c => c.StartsWith("__Secure-desk-link-SUP-DDDD-EEEE-FFFF=;", StringComparison.Ordinal) && c.Contains("path=/tickets/SUP-DDDD-EEEE-FFFF", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(deleted, c => c.StartsWith("desk-ticket-SUP-GGGG-HHHH-JJJJ=;", StringComparison.Ordinal));
        Assert.Contains(deleted, c => c.StartsWith("__Host-desk-customer=;", StringComparison.Ordinal));
        Assert.Empty(desk.Store.Rows);
    }
}
