using Microsoft.AspNetCore.Http;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Access;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// Authentication at the edge of every protected handler, and the problems for refused access. This layer only
/// learns who the caller is (401 for credentials that are wrong); what the caller may do is decided in the
/// application (<see cref="TicketAccessPolicy"/> through the use cases), which answers with a decision this
/// class turns into 401 or 403.
/// </summary>
public sealed class ApiAccess(CallerAuthenticator authenticator)
{
    /// <summary>The caller (anonymous when no credentials were sent), or the problem for credentials that are wrong.</summary>
    public async Task<(Caller? Caller, IResult? Problem)> AuthenticateAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Authentication authentication = await authenticator.AuthenticateAsync(request).ConfigureAwait(false);
        if (authentication.Caller is not { } caller)
        {
            return (null, authentication.FailureStatus == StatusCodes.Status403Forbidden
                ? Forbidden(request, authentication.Failure!)
                : Unauthorized(request, authentication.Failure!));
        }

        return (caller, null);
    }

    public static IResult Refuse(HttpRequest request, AccessDecision decision) => decision switch
    {
        AccessDecision.Unauthenticated => Unauthorized(request,
            "Send the ticket's token (from its emails or the submission's answer) as 'Authorization: Bearer tkt_…', or staff credentials."),
        _ => Forbidden(request, "These credentials may not do this. Staff handle responses, resolutions and assignment; only the customer confirms a resolution."),
    };

    static IResult Unauthorized(HttpRequest request, string detail)
    {
        request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"support-desk\"";
        return Problems.Create(request, StatusCodes.Status401Unauthorized, "unauthenticated", "Credentials required.", detail);
    }

    public static IResult Forbidden(HttpRequest request, string detail) =>
        Problems.Create(request, StatusCodes.Status403Forbidden, "forbidden", "Not allowed.", detail);
}
