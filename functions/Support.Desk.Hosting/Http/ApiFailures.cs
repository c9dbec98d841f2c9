using System.Net.Sockets;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Support.Desk.Application;
using Support.Desk.Hosting.Pages;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// Turns failures of what the desk depends on into problems: storage or the workflow engine not answering
/// is a 503 with Retry-After (the client may retry; with an idempotency key that is always safe), and so is a
/// ticket too busy to take a command in time; a customer's spent quota is a 429; anything else is a 500. Browsers get the HTML error page. Neither carries a stack trace or an internal name.
/// </summary>
public static partial class ApiFailures
{
    public const int RetryAfterSeconds = 5;

    public static async Task<IResult> GuardAsync(HttpRequest request, Func<Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (Exception ex) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            ILogger logger = request.HttpContext.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("Support.Desk.Api")
                ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
            if (ex is TicketContentionException busy)
            {
                LogBusy(logger, request.Method, request.Path, busy.TicketId);
                request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return PageLayout.Error(request, StatusCodes.Status503ServiceUnavailable, "ticket-busy", "The ticket is busy.",
                    "Several people changed this ticket at the same moment and yours could not be applied in time. Nothing of it was saved; send it again in a moment.");
            }

            if (ex is QuotaExceededException quota)
            {
                LogQuota(logger, request.Method, request.Path, quota.Kind, quota.TenantWide);
                request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(quota.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return PageLayout.Error(request, StatusCodes.Status429TooManyRequests, "quota-exceeded", "Quota reached.", quota.Message);
            }

            if (IsUnavailable(ex))
            {
                LogUnavailable(logger, ex, request.Method, request.Path);
                request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return PageLayout.Error(request, StatusCodes.Status503ServiceUnavailable, "service-unavailable", "Temporarily unavailable.",
                    "A service the desk depends on did not answer. Nothing was half-written; send the request again (with the same Idempotency-Key for a new ticket).");
            }

            LogFailed(logger, ex, request.Method, request.Path);
            return PageLayout.Error(request, StatusCodes.Status500InternalServerError, "internal-error", "Unexpected error.",
                "The request could not be completed. Quote the traceId when you contact support.");
        }
    }

    /// <summary>The same for a handler that does not wait on anything.</summary>
    public static IResult Guard(HttpRequest request, Func<IResult> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return GuardAsync(request, () => Task.FromResult(handler())).GetAwaiter().GetResult();
    }

    /// <summary>Storage (Azure SDK) and engine (gRPC, HTTP) outages, as opposed to bugs.</summary>
    public static bool IsUnavailable(Exception exception) =>
        Flatten(exception).Any(e => e switch
        {
            RequestFailedException rf => rf.Status is 0 or 408 or 429 or >= 500,
            HttpRequestException or SocketException or TimeoutException or IOException => true,
            OperationCanceledException => true,
            _ => e.GetType().FullName is "Grpc.Core.RpcException",
        });

    static IEnumerable<Exception> Flatten(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                foreach (Exception inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }

            yield return e;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: a dependency is unavailable; answered 503.")]
    private static partial void LogUnavailable(ILogger logger, Exception error, string method, PathString path);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: ticket {TicketId} kept changing under concurrent writes; answered 503.")]
    private static partial void LogBusy(ILogger logger, string method, PathString path, string ticketId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: a customer's {Quota} quota is spent (tenant-wide: {TenantWide}); answered 429.")]
    private static partial void LogQuota(ILogger logger, string method, PathString path, QuotaKind quota, bool tenantWide);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly; answered 500.")]
    private static partial void LogFailed(ILogger logger, Exception error, string method, PathString path);
}
