using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Support.Desk.Domain.Access;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Access;

/// <summary>Who a request comes from, or why its credentials were refused (401, or 403 for a valid identity without the role).</summary>
public sealed record Authentication(Caller? Caller, int FailureStatus, string? Failure)
{
    public static Authentication Of(Caller caller) => new(caller, 0, null);

    public static Authentication Refused(int status, string failure) => new(null, status, failure);
}

/// <summary>
/// Reads a request's credentials: a staff key (<c>X-Staff-Key</c>), or a bearer token that is either a
/// customer's ticket token (<c>tkt_…</c>) or a staff member's Entra ID token. A credential that is present but
/// wrong is refused outright rather than ignored, so a typo never silently downgrades a request.
/// </summary>
public sealed class CallerAuthenticator(AccessOptions options, EntraStaffTokenValidator? entra)
{
    public const string StaffKeyHeader = "X-Staff-Key";

    readonly (string Name, byte[] Hash)[] staffKeys = [.. options.StaffKeyList().Select(k => (k.Name, SHA256.HashData(Encoding.UTF8.GetBytes(k.Key))))];

    public async Task<Authentication> AuthenticateAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        StaffMember? staff = null;
        string? ticketToken = null;
        if (request.Headers[StaffKeyHeader].ToString() is { Length: > 0 } staffKey)
        {
            if (this.HolderOf(staffKey) is not { } holder)
            {
                return Authentication.Refused(StatusCodes.Status401Unauthorized, "The staff key is not valid.");
            }

            staff = new StaffMember(holder, "staff-key");
        }

        if (request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length > 8192)
            {
                return Authentication.Refused(StatusCodes.Status401Unauthorized, "Send credentials as 'Authorization: Bearer <token>'.");
            }

            string token = authorization[7..].Trim();
            if (token.StartsWith(TicketAccessTokens.Prefix, StringComparison.Ordinal))
            {
                ticketToken = token;
            }
            else if (entra is null)
            {
                return Authentication.Refused(StatusCodes.Status401Unauthorized, "This desk accepts ticket tokens and staff keys; staff sign-in is not configured.");
            }
            else
            {
                StaffTokenResult result = await entra.ValidateAsync(token).ConfigureAwait(false);
                if (result.Staff is null)
                {
                    return Authentication.Refused(result.Authenticated ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized, result.Failure!);
                }

                staff = result.Staff;
            }
        }

        return Authentication.Of(new Caller(staff, ticketToken));
    }

    /// <summary>The name of the staff member holding this key, or null when it is no staff key (the pages' sign-in asks too).</summary>
    public string? HolderOf(string presented)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? holder = null;
        foreach ((string name, byte[] key) in this.staffKeys)
        {
            // No early exit: every key is compared, in constant time.
            if (CryptographicOperations.FixedTimeEquals(hash, key))
            {
                holder = name;
            }
        }

        return holder;
    }
}
