using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Access;

namespace Support.Desk.Hosting.Http;

/// <summary>Authentication at the edge of every protected handler, and the problems for refused access.</summary>
public static class ApiAccess
{
    /// <summary>
    /// The caller, or the problem to answer with: 401 without credentials or with wrong ones, 403 for
    /// credentials that can never do <paramref name="operation"/>.
    /// </summary>
    public static async Task<(Caller? Caller, IResult? Problem)> AuthenticateAsync(HttpRequest request, TicketOperation operation)
    {
        ArgumentNullException.ThrowIfNull(request);
        CallerAuthenticator authenticator = request.HttpContext.RequestServices.GetRequiredService<CallerAuthenticator>();
        Authentication authentication = await authenticator.AuthenticateAsync(request).ConfigureAwait(false);
        if (authentication.Caller is not { } caller)
        {
            return (null, authentication.FailureStatus == StatusCodes.Status403Forbidden
                ? Forbidden(request, authentication.Failure!)
                : Unauthorized(request, authentication.Failure!));
        }

        AccessDecision decision = TicketAccessPolicy.Decide(caller, operation);
        return decision == AccessDecision.Continue ? (caller, null) : (null, Refuse(request, decision));
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
