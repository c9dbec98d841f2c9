using System.Globalization;
using Microsoft.AspNetCore.Http;
using Support.Desk.Domain;
using Support.Desk.Hosting.Http.Contracts;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Status;
using Support.Desk.Status;

namespace Support.Desk.Hosting.Http;

/// <summary><c>GET /api/status</c>: every region's current status, active incidents, freshness and recent history.</summary>
public sealed class StatusApi(ApiAccess access, StatusQueries queries)
{
    public Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (Caller? caller, IResult? refused) = await access.AuthenticateAsync(request).ConfigureAwait(false);
            return caller is null ? refused! : await GetCoreAsync(request, caller, queries, cancellationToken).ConfigureAwait(false);
        });

    static async Task<IResult> GetCoreAsync(HttpRequest request, Caller caller, StatusQueries queries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(queries);
        DateTimeOffset? since = null;
        if (request.Query.TryGetValue("since", out var text))
        {
            if (!DateTimeOffset.TryParse(text.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset parsed) || !text.ToString().Contains('T', StringComparison.OrdinalIgnoreCase))
            {
                var errors = new ValidationErrors();
                errors.Add("since", "Must be an RFC 3339 timestamp, such as 2026-11-26T00:00:00Z.");
                return Problems.Validation(request, errors);
            }

            since = parsed;
        }

        (IReadOnlyList<RegionStatusView>? regions, AccessDecision decision) = await queries.GetAsync(caller, since, cancellationToken).ConfigureAwait(false);
        return regions is null ? ApiAccess.Refuse(request, decision) : Results.Json(RegionalStatusContract.From(regions), ApiJson.Options);
    }
}
