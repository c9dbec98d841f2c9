using Microsoft.AspNetCore.Http;
using Support.Desk.Application;
using Support.Desk.Hosting.Http.Contracts;

namespace Support.Desk.Hosting.Http;

/// <summary><c>GET /api/health</c>: 200 when storage and the durable backend answer, 503 (with Retry-After) when not.</summary>
public static class HealthApi
{
    public static async Task<IResult> GetAsync(HttpRequest request, DeskHealth health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(health);
        HealthReport report = await health.CheckAsync(cancellationToken).ConfigureAwait(false);
        if (!report.Healthy)
        {
            request.HttpContext.Response.Headers.RetryAfter = "30";
        }

        return Results.Json(
            HealthContract.From(report),
            ApiJson.Options,
            "application/json",
            report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
