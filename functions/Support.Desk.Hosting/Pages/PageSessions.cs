using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Support.Desk.Domain.Access;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Pages;

/// <summary>How a staff member signed in to the pages.</summary>
public enum SignInMethod
{
    StaffKey,
    Entra,
}

/// <summary>A signed-in staff member's session, as its cookie carries it.</summary>
public sealed record StaffSession(string Name, SignInMethod Method, DateTimeOffset ExpiresAt, string Nonce)
{
    public Caller Caller => Caller.ForStaff(new StaffMember(this.Name, this.Method == SignInMethod.Entra ? "entra-session" : "staff-key-session"));
}

/// <summary>A signed-in Support Center contact's session: who, for which tenant, until when.</summary>
public sealed record CustomerSession(CustomerContact Contact, DateTimeOffset ExpiresAt, string Nonce)
{
    public Caller Caller => Caller.ForContact(this.Contact);
}

/// <summary>
/// The pages' sessions and anti-forgery tokens. A Support Center contact's session is a signed cookie like the staff
/// one (a different payload prefix, so neither passes for the other), scoped to the tenant it names. Staff sessions live in a signed cookie; a customer's ticket link is
/// remembered in a cookie of that ticket (its token, which the customer already holds), and the customer's forms
/// carry a token bound to it. Both cookies are HttpOnly, SameSite=Lax (a link in an email opens the page signed in;
/// nothing cross-site can post with it), and Secure with the
/// <c>__Host-</c> prefix wherever the pages are served over HTTPS (<see cref="PageOptions.SecureCookies"/>). The staff
/// cookie holds who signed in, how, until when, and a random nonce, under an HMAC with a key derived (HKDF) from the ticket-token
/// keys: no session store, and rotating those keys signs everyone out. Every form carries a token that is an HMAC of
/// the session's nonce, checked on every POST; the sign-in form's token is bound to a nonce cookie of its own.
/// </summary>
public sealed class PageSessions
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);
    public const string FormField = "_csrf";

    const string SecureName = "__Host-desk-staff";
    const string PlainName = "desk-staff";
    const string SignInSecureName = "__Host-desk-signin";
    const string SignInPlainName = "desk-signin";
    const string CustomerSecureName = "__Host-desk-customer";
    const string CustomerPlainName = "desk-customer";

    readonly byte[][] keys;
    readonly PageOptions pages;
    readonly TimeProvider clock;

    readonly TimeSpan customerLifetime;

    public PageSessions(AccessOptions access, PageOptions pages, SupportCenterOptions supportCenter, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(supportCenter);
        this.customerLifetime = supportCenter.SessionLifetime;
        this.pages = pages;
        this.clock = clock;
        this.keys = [.. access.TicketTokenKeyList().Select(k =>
            HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(k), 32, salt: [], info: "support-desk staff session v1"u8.ToArray()))];
    }

    string CookieName => this.pages.SecureCookies ? SecureName : PlainName;

    string SignInCookieName => this.pages.SecureCookies ? SignInSecureName : SignInPlainName;

    /// <summary>The session the request's cookie carries, when it is genuine and current.</summary>
    public StaffSession? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cookies[this.CookieName] is not { Length: > 0 and < 2048 } value)
        {
            return null;
        }

        string[] parts = value.Split('.');
        if (parts.Length != 6 || parts[0] != "v1" || !this.Verifies(string.Join('.', parts[..5]), parts[5]))
        {
            return null;
        }

        try
        {
            string name = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
            SignInMethod method = parts[2] == "entra" ? SignInMethod.Entra : SignInMethod.StaffKey;
            var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture));
            return expires > this.clock.GetUtcNow() ? new StaffSession(name, method, expires, parts[4]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public StaffSession SignIn(HttpResponse response, string name, SignInMethod method)
    {
        ArgumentNullException.ThrowIfNull(response);
        var session = new StaffSession(name, method, this.clock.GetUtcNow() + Lifetime, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)));
        string payload = string.Join('.', "v1", Base64Url.EncodeToString(Encoding.UTF8.GetBytes(name)), method == SignInMethod.Entra ? "entra" : "key",
            session.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), session.Nonce);
        response.Cookies.Append(this.CookieName, payload + "." + this.Mac(payload), this.Cookie(session.ExpiresAt));
        response.Cookies.Delete(this.SignInCookieName, this.Cookie(null));
        return session;
    }

    public void SignOut(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(this.CookieName, this.Cookie(null));
    }

    /// <summary>The anti-forgery token of a session's forms.</summary>
    public string FormToken(StaffSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return this.Mac("form|" + session.Nonce);
    }

    /// <summary>Whether a POST carries its session's token (and, when the browser says, comes from this site).</summary>
    public static bool IsSameSite(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length == 0 || site is "same-origin" or "none";
    }

    public bool AcceptsForm(HttpRequest request, IFormCollection form, StaffSession session)
    {
        ArgumentNullException.ThrowIfNull(form);
        return IsSameSite(request) && this.Verifies("form|" + session.Nonce, form[FormField].ToString());
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
        return IsSameSite(request) && request.Cookies[this.SignInCookieName] is { Length: 22 } nonce && this.Verifies("signin|" + nonce, form[FormField].ToString());
    }

    string CustomerCookieName => this.pages.SecureCookies ? CustomerSecureName : CustomerPlainName;

    /// <summary>The contact's session the request's cookie carries, when it is genuine and current (whether the directory still lists the contact is the caller's check).</summary>
    public CustomerSession? ReadCustomer(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cookies[this.CustomerCookieName] is not { Length: > 0 and < 2048 } value)
        {
            return null;
        }

        string[] parts = value.Split('.');
        if (parts.Length != 6 || parts[0] != "c1" || !this.Verifies(string.Join('.', parts[..5]), parts[5]))
        {
            return null;
        }

        try
        {
            string email = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
            var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture));
            return expires > this.clock.GetUtcNow() ? new CustomerSession(new CustomerContact(email, parts[2]), expires, parts[4]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public CustomerSession SignInCustomer(HttpResponse response, CustomerContact contact)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(contact);
        var session = new CustomerSession(contact, this.clock.GetUtcNow() + this.customerLifetime, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)));
        string payload = string.Join('.', "c1", Base64Url.EncodeToString(Encoding.UTF8.GetBytes(contact.Email)), contact.Tenant,
            session.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), session.Nonce);
        response.Cookies.Append(this.CustomerCookieName, payload + "." + this.Mac(payload), this.Cookie(session.ExpiresAt));
        response.Cookies.Delete(this.SignInCookieName, this.Cookie(null));
        return session;
    }

    public void SignOutCustomer(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(this.CustomerCookieName, this.Cookie(null));
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
        return IsSameSite(request) && this.Verifies("customer-form|" + session.Nonce, form[FormField].ToString());
    }

    /// <summary>How long a browser remembers a ticket link it opened.</summary>
    public static readonly TimeSpan TicketLinkLifetime = TimeSpan.FromDays(7);

    string TicketCookieName(string ticketId) => (this.pages.SecureCookies ? "__Host-desk-ticket-" : "desk-ticket-") + ticketId;

    /// <summary>The ticket token this browser was given for a ticket (by opening its link), if any.</summary>
    public string? ReadTicketToken(HttpRequest request, string ticketId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies[this.TicketCookieName(ticketId)] is { Length: > 0 and < 512 } token ? token : null;
    }

    public void RememberTicket(HttpResponse response, string ticketId, string token)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(this.TicketCookieName(ticketId), token, this.Cookie(this.clock.GetUtcNow() + TicketLinkLifetime));
    }

    public void ForgetTicket(HttpResponse response, string ticketId)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(this.TicketCookieName(ticketId), this.Cookie(null));
    }

    /// <summary>The anti-forgery token of a customer's forms on a ticket, bound to the token they hold.</summary>
    public string TicketFormToken(string ticketId, string token) => this.Mac("ticket|" + ticketId + "|" + token);

    public bool AcceptsTicketForm(HttpRequest request, IFormCollection form, string ticketId, string token)
    {
        ArgumentNullException.ThrowIfNull(form);
        return IsSameSite(request) && this.Verifies("ticket|" + ticketId + "|" + token, form[FormField].ToString());
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
