using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Storage;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Pages;

/// <summary>How a staff member signed in to the pages.</summary>
public enum SignInMethod
{
    StaffKey,
    Entra,

    /// <summary>A Support Center contact, by an emailed link.</summary>
    EmailLink,
}

/// <summary>A signed-in staff member's session: who, how, until when, and its ID (which its forms' tokens are bound to).</summary>
public sealed record StaffSession(string Name, SignInMethod Method, DateTimeOffset ExpiresAt, string Nonce, string Day)
{
    public Caller Caller => Caller.ForStaff(new StaffMember(this.Name, this.Method == SignInMethod.Entra ? "entra-session" : "staff-key-session"));
}

/// <summary>A signed-in Support Center contact's session: who, for which tenant, until when.</summary>
public sealed record CustomerSession(CustomerContact Contact, DateTimeOffset ExpiresAt, string Nonce, string Day)
{
    public Caller Caller => Caller.ForContact(this.Contact);
}

/// <summary>
/// The pages' sessions and anti-forgery tokens. A session is a row on the server (<see cref="IPageSessionStore"/>);
/// the cookie names it under an HMAC with keys of its own (<see cref="AccessOptions.SessionKeys"/>, never the
/// ticket-token keys), so signing out deletes the row and ends every copy of the cookie, and a staff session is
/// checked on every request against what the desk says now: the staff key it was opened with, the roster, the Entra
/// role, and an idle timeout. Cookies are HttpOnly, SameSite=Lax (a link in an email opens the page signed in),
/// Secure with the <c>__Host-</c> prefix wherever the pages are served over HTTPS (<see cref="PageOptions.SecureCookies"/>).
/// A ticket link a browser opened is remembered in a cookie of that ticket's path only, for the browser session.
/// Every form carries a token that is an HMAC of its session's ID, and every POST must come from the desk's own
/// origin (<see cref="IsSameOrigin"/>).
/// </summary>
public sealed class PageSessions
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);
    public const string FormField = "_csrf";

    /// <summary>Sent by the pages' script on a region's automatic refresh (desk.js).</summary>
    public const string RefreshHeader = "X-Desk-Refresh";

    /// <summary>How stale a session's last-seen time may be before a request writes it again (one write a minute at most).</summary>
    static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    const string SecureName = "__Host-desk-staff";
    const string PlainName = "desk-staff";
    const string SignInSecureName = "__Host-desk-signin";
    const string SignInPlainName = "desk-signin";
    const string CustomerSecureName = "__Host-desk-customer";
    const string CustomerPlainName = "desk-customer";

    /// <summary>Ticket cookies are scoped to their ticket's path, which <c>__Host-</c> forbids; <c>__Secure-</c> still demands HTTPS.</summary>
    const string TicketSecurePrefix = "__Secure-desk-link-";
    const string TicketPlainPrefix = "desk-link-";

    /// <summary>Lists the tickets this browser opened (Path=/), so signing out can delete their path-scoped cookies, which /sign-out never sees.</summary>
    const string TicketListSecureName = "__Host-desk-links";
    const string TicketListPlainName = "desk-links";
    const int MaxRememberedTickets = 30;

    /// <summary>Before ticket cookies were path-scoped they were <c>desk-ticket-{id}</c> for 7 days at Path=/; they open nothing now and go at sign-out.</summary>
    static readonly string[] LegacyTicketPrefixes = ["__Host-desk-ticket-", "desk-ticket-"];

    readonly byte[][] keys;
    readonly PageOptions pages;
    readonly AccessOptions access;
    readonly StaffOptions staff;
    readonly IPageSessionStore store;
    readonly TimeProvider clock;
    readonly TimeSpan customerLifetime;
    readonly Uri publicBaseUrl;

    public PageSessions(AccessOptions access, PageOptions pages, SupportCenterOptions supportCenter, StaffOptions staff, IPageSessionStore store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(supportCenter);
        this.customerLifetime = supportCenter.SessionLifetime;
        this.publicBaseUrl = supportCenter.PublicBaseUrl;
        this.pages = pages;
        this.access = access;
        this.staff = staff;
        this.store = store;
        this.clock = clock;
        this.keys = [.. access.SessionKeyList().Select(k =>
            HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(k), 32, salt: [], info: "support-desk page session v2"u8.ToArray()))];
    }

    string CookieName => this.pages.SecureCookies ? SecureName : PlainName;

    string SignInCookieName => this.pages.SecureCookies ? SignInSecureName : SignInPlainName;

    string CustomerCookieName => this.pages.SecureCookies ? CustomerSecureName : CustomerPlainName;

    string TicketListName => this.pages.SecureCookies ? TicketListSecureName : TicketListPlainName;

    /// <summary>
    /// A fingerprint of the staff key a session is opened with: the row holds nothing that signs in (staff keys are 32+
    /// random characters, so their hash cannot be reversed), and it survives a rotation of the session keys.
    /// </summary>
    public static string CredentialOf(string staffKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("support-desk staff key|" + staffKey)))[..32];

    /// <summary>The staff session the request's cookie names, while it is current and its holder still may use the console.</summary>
    public async Task<StaffSession?> ReadStaffAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await this.FindAsync(request, this.CookieName, "s2", PageSessionKind.Staff, cancellationToken).ConfigureAwait(false) is not { } row)
        {
            return null;
        }

        DateTimeOffset now = this.clock.GetUtcNow();
        if (now - row.LastSeen > this.pages.StaffIdleTimeout || !this.StillStaff(request, row))
        {
            await this.store.EndAsync(row.Day, row.Id, cancellationToken).ConfigureAwait(false);
            return null;
        }

        // A page's own background refresh is not use: an unattended console still ends after the idle timeout.
        if (request.Headers[RefreshHeader].Count == 0)
        {
            await this.TouchAsync(row, now, cancellationToken).ConfigureAwait(false);
        }

        return new StaffSession(row.Subject, row.Method, row.ExpiresAt, row.Id, row.Day);
    }

    /// <summary>Whether what opened the session still holds: the same staff key under the same name, or the Entra role; and a place on the roster where there is one.</summary>
    bool StillStaff(HttpRequest request, StoredPageSession row)
    {
        if (this.staff.Roster.Count > 0 && this.staff.Find(row.Subject) is null)
        {
            return false;
        }

        return row.Method switch
        {
            SignInMethod.StaffKey => row.Credential is { } credential
                && this.access.StaffKeyList().Any(k => string.Equals(k.Name, row.Subject, StringComparison.Ordinal)
                    && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(CredentialOf(k.Key)), Encoding.UTF8.GetBytes(credential))),
            SignInMethod.Entra => this.pages.AppServiceAuthentication && AppServicePrincipal.Read(request) is { } principal
                && string.Equals(principal.Name, row.Subject, StringComparison.OrdinalIgnoreCase)
                && principal.Roles.Contains(this.access.Entra.StaffRole, StringComparer.Ordinal),
            SignInMethod.EmailLink => false,
            _ => throw new InvalidOperationException($"Unknown sign-in method {row.Method}."),
        };
    }

    /// <summary>Whether a staff member may open the console at all (the roster, where there is one, lists them).</summary>
    public bool MayUseConsole(string name) => this.staff.Roster.Count == 0 || this.staff.Find(name) is not null;

    public async Task<StaffSession> SignInStaffAsync(HttpResponse response, string name, SignInMethod method, string? credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        StoredPageSession row = await this.CreateAsync(PageSessionKind.Staff, name, null, method, credential, Lifetime, cancellationToken).ConfigureAwait(false);
        response.Cookies.Append(this.CookieName, this.CookieValue("s2", row), this.Cookie(row.ExpiresAt));
        response.Cookies.Delete(this.SignInCookieName, this.Cookie(null));
        return new StaffSession(name, method, row.ExpiresAt, row.Id, row.Day);
    }

    /// <summary>Ends this session on the server (every copy of its cookie stops working), or every session of its holder.</summary>
    public async Task SignOutStaffAsync(HttpResponse response, StaffSession session, bool everywhere, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(session);
        if (everywhere)
        {
            await this.store.EndAllAsync(PageSessionKind.Staff, session.Name, this.CurrentDays(Lifetime), cancellationToken).ConfigureAwait(false);
        }

        await this.store.EndAsync(session.Day, session.Nonce, cancellationToken).ConfigureAwait(false);
        response.Cookies.Delete(this.CookieName, this.Cookie(null));
    }

    /// <summary>The anti-forgery token of a session's forms.</summary>
    public string FormToken(StaffSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return this.Mac("form|" + session.Nonce);
    }

    /// <summary>
    /// Whether a POST comes from the desk's own pages. <c>Origin</c> decides when the browser sends it (every current
    /// browser does on a POST), whatever <c>Sec-Fetch-Site</c> says or leaves out; then <c>Sec-Fetch-Site</c>; then the
    /// <c>Referer</c> (the pages send it to themselves). A post that says nothing of where it comes from passes only
    /// where <paramref name="requireEvidence"/> is off: a form bound to a session by its token. Posts that set a
    /// cookie without such a token (opening a ticket's link, redeeming a sign-in link) must show their origin.
    /// </summary>
    public bool IsSameOrigin(HttpRequest request, bool requireEvidence = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        string origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return this.IsOwnOrigin(request, origin);
        }

        string site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is "same-origin" or "none";
        }

        string referer = request.Headers.Referer.ToString();
        if (referer.Length > 0)
        {
            return Uri.TryCreate(referer, UriKind.Absolute, out Uri? from) && this.IsOwnOrigin(request, from.GetLeftPart(UriPartial.Authority));
        }

        return !requireEvidence;
    }

    /// <summary>The desk's own origins: the public base URL's, and the request's own host (over HTTPS, or as served).</summary>
    bool IsOwnOrigin(HttpRequest request, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out Uri? presented) || presented.AbsolutePath != "/" || origin.EndsWith('/'))
        {
            return false; // "null", or anything that is not scheme://host[:port]
        }

        if (Uri.Compare(presented, this.publicBaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return true;
        }

        string host = request.Host.Value ?? string.Empty;
        return host.Length > 0
            && (presented.Scheme == Uri.UriSchemeHttps || string.Equals(presented.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase))
            && string.Equals(presented.IsDefaultPort ? presented.Host : presented.Authority, host, StringComparison.OrdinalIgnoreCase);
    }

    public bool AcceptsForm(HttpRequest request, IFormCollection form, StaffSession session)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(session);
        return this.IsSameOrigin(request) && this.Verifies("form|" + session.Nonce, form[FormField].ToString());
    }

    /// <summary>The sign-in form's token: a nonce cookie is set, and the form carries its HMAC.</summary>
    public string SignInFormToken(HttpRequest request, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        string nonce = request.Cookies[this.SignInCookieName] is { Length: 22 } existing ? existing : Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        response.Cookies.Append(this.SignInCookieName, nonce, this.Cookie(this.clock.GetUtcNow().AddHours(1)));
        return this.Mac("signin|" + nonce);
    }

    public bool AcceptsSignInForm(HttpRequest request, IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(form);
        return this.IsSameOrigin(request) && request.Cookies[this.SignInCookieName] is { Length: 22 } nonce && this.Verifies("signin|" + nonce, form[FormField].ToString());
    }

    /// <summary>The contact's session the request's cookie names, while it is current (whether the directory still lists the contact is the caller's check).</summary>
    public async Task<CustomerSession?> ReadCustomerAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await this.FindAsync(request, this.CustomerCookieName, "c2", PageSessionKind.Customer, cancellationToken).ConfigureAwait(false) is not { Tenant: { } tenant } row)
        {
            return null;
        }

        await this.TouchAsync(row, this.clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new CustomerSession(new CustomerContact(row.Subject, tenant), row.ExpiresAt, row.Id, row.Day);
    }

    public async Task<CustomerSession> SignInCustomerAsync(HttpResponse response, CustomerContact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(contact);
        StoredPageSession row = await this.CreateAsync(PageSessionKind.Customer, contact.Email, contact.Tenant, SignInMethod.EmailLink, null, this.customerLifetime, cancellationToken).ConfigureAwait(false);
        response.Cookies.Append(this.CustomerCookieName, this.CookieValue("c2", row), this.Cookie(row.ExpiresAt));
        response.Cookies.Delete(this.SignInCookieName, this.Cookie(null));
        return new CustomerSession(contact, row.ExpiresAt, row.Id, row.Day);
    }

    /// <summary>Ends the contact's session on the server and makes this browser forget every ticket link it opened (on a shared computer, the next person opens none).</summary>
    public async Task SignOutCustomerAsync(HttpRequest request, CustomerSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(session);
        await this.store.EndAsync(session.Day, session.Nonce, cancellationToken).ConfigureAwait(false);
        HttpResponse response = request.HttpContext.Response;
        response.Cookies.Delete(this.CustomerCookieName, this.Cookie(null));
        this.ForgetAllTickets(request);
    }

    /// <summary>Deletes every ticket cookie this browser holds: those the list names (each on its own path) and any from before they were path-scoped.</summary>
    public void ForgetAllTickets(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        HttpResponse response = request.HttpContext.Response;
        foreach (string ticketId in this.RememberedTickets(request))
        {
            response.Cookies.Delete(this.TicketCookieName(ticketId), this.TicketCookie(ticketId));
        }

        foreach (string name in request.Cookies.Keys.Where(n => LegacyTicketPrefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal))))
        {
            response.Cookies.Delete(name, this.Cookie(null));
        }

        response.Cookies.Delete(this.TicketListName, this.Cookie(null));
    }

    /// <summary>The anti-forgery token of a signed-in contact's forms.</summary>
    public string CustomerFormToken(CustomerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return this.Mac("customer-form|" + session.Nonce);
    }

    public bool AcceptsCustomerForm(HttpRequest request, IFormCollection form, CustomerSession session)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(session);
        return this.IsSameOrigin(request) && this.Verifies("customer-form|" + session.Nonce, form[FormField].ToString());
    }

    string TicketCookieName(string ticketId) => (this.pages.SecureCookies ? TicketSecurePrefix : TicketPlainPrefix) + ticketId;

    /// <summary>The ticket token this browser was given for a ticket (by opening its link), if any.</summary>
    public string? ReadTicketToken(HttpRequest request, string ticketId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies[this.TicketCookieName(ticketId)] is { Length: > 0 and < 512 } token ? token : null;
    }

    /// <summary>Remembers a ticket's link for this browser session, on that ticket's pages only.</summary>
    public void RememberTicket(HttpRequest request, string ticketId, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        HttpResponse response = request.HttpContext.Response;
        response.Cookies.Append(this.TicketCookieName(ticketId), token, this.TicketCookie(ticketId));
        IEnumerable<string> list = this.RememberedTickets(request).Where(id => id != ticketId).Append(ticketId).TakeLast(MaxRememberedTickets);
        response.Cookies.Append(this.TicketListName, string.Join('.', list), this.Cookie(null));
    }

    public void ForgetTicket(HttpResponse response, string ticketId)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(this.TicketCookieName(ticketId), this.TicketCookie(ticketId));
    }

    IEnumerable<string> RememberedTickets(HttpRequest request) =>
        (request.Cookies[this.TicketListName] ?? string.Empty).Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Where(id => id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));

    /// <summary>The anti-forgery token of a customer's forms on a ticket, bound to the token they hold.</summary>
    public string TicketFormToken(string ticketId, string token) => this.Mac("ticket|" + ticketId + "|" + token);

    public bool AcceptsTicketForm(HttpRequest request, IFormCollection form, string ticketId, string token)
    {
        ArgumentNullException.ThrowIfNull(form);
        return this.IsSameOrigin(request) && this.Verifies("ticket|" + ticketId + "|" + token, form[FormField].ToString());
    }

    async Task<StoredPageSession> CreateAsync(PageSessionKind kind, string subject, string? tenant, SignInMethod method, string? credential, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        DateTimeOffset now = this.clock.GetUtcNow();
        var row = new StoredPageSession(DayPartitions.DayOf(now), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18)), kind, subject, tenant, method, credential,
            now, now + lifetime, now);
        await this.store.CreateAsync(row, cancellationToken).ConfigureAwait(false);
        return row;
    }

    async Task<StoredPageSession?> FindAsync(HttpRequest request, string cookieName, string prefix, PageSessionKind kind, CancellationToken cancellationToken)
    {
        if (request.Cookies[cookieName] is not { Length: > 0 and < 256 } value)
        {
            return null;
        }

        string[] parts = value.Split('.');
        if (parts.Length != 4 || parts[0] != prefix || !DayPartitions.IsDay(parts[1]) || parts[2].Length != 24
            || !this.Verifies(string.Join('.', parts[..3]), parts[3]))
        {
            return null;
        }

        StoredPageSession? row = await this.store.FindAsync(parts[1], parts[2], cancellationToken).ConfigureAwait(false);
        return row is not null && row.Kind == kind && row.ExpiresAt > this.clock.GetUtcNow() ? row : null;
    }

    async Task TouchAsync(StoredPageSession row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - row.LastSeen >= TouchEvery)
        {
            await this.store.TouchAsync(row, now, cancellationToken).ConfigureAwait(false);
        }
    }

    string CookieValue(string prefix, StoredPageSession row)
    {
        string payload = string.Join('.', prefix, row.Day, row.Id);
        return payload + "." + this.Mac(payload);
    }

    /// <summary>The days a session of <paramref name="lifetime"/> that is still current can have been issued on.</summary>
    List<string> CurrentDays(TimeSpan lifetime)
    {
        DateTime today = this.clock.GetUtcNow().UtcDateTime.Date;
        var days = new List<string>();
        for (DateTime day = (this.clock.GetUtcNow() - lifetime).UtcDateTime.Date; day <= today; day = day.AddDays(1))
        {
            days.Add(DayPartitions.DayOf(new DateTimeOffset(day, TimeSpan.Zero)));
        }

        return days;
    }

    CookieOptions Cookie(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = this.pages.SecureCookies,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    /// <summary>A ticket link's cookie: that ticket's pages only, and gone when the browser closes.</summary>
    CookieOptions TicketCookie(string ticketId) => new()
    {
        HttpOnly = true,
        Secure = this.pages.SecureCookies,
        SameSite = SameSiteMode.Lax,
        Path = "/" + Routes.DeskLinks.PathOf(Routes.SupportDeskRoutes.CustomerTicketPageTemplate, ("ticketId", ticketId)).TrimStart('/'),
        IsEssential = true,
    };

    string Mac(string payload) => Base64Url.EncodeToString(HMACSHA256.HashData(this.keys[0], Encoding.UTF8.GetBytes(payload)));

    /// <summary>Checks a MAC against every key (the first signs; the others are being rotated out), in constant time.</summary>
    bool Verifies(string payload, string mac)
    {
        if (mac.Length is 0 or > 64)
        {
            return false;
        }

        byte[] presented = Encoding.UTF8.GetBytes(mac);
        bool any = false;
        foreach (byte[] key in this.keys)
        {
            byte[] expected = Encoding.UTF8.GetBytes(Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload))));
            any |= CryptographicOperations.FixedTimeEquals(expected, presented);
        }

        return any;
    }
}
