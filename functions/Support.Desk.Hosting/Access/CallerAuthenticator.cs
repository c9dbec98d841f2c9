using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Support.Desk.Domain.Access;

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

    readonly byte[][] staffKeyHashes = [.. options.StaffKeyList().Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];

    public async Task<Authentication> AuthenticateAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        StaffMember? staff = null;
        string? ticketToken = null;
        if (request.Headers[StaffKeyHeader].ToString() is { Length: > 0 } staffKey)
        {
            if (!this.IsStaffKey(staffKey))
            {
                return Authentication.Refused(StatusCodes.Status401Unauthorized, "The staff key is not valid.");
            }

            staff = new StaffMember("staff key", "staff-key");
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

    bool IsStaffKey(string presented)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        bool match = false;
        foreach (byte[] key in this.staffKeyHashes)
        {
            // No early exit: every key is compared, in constant time.
            match |= CryptographicOperations.FixedTimeEquals(hash, key);
        }

        return match;
    }
}
