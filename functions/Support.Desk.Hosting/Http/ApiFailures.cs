using System.Net.Sockets;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// Turns failures of what the desk depends on into problems: storage or the workflow engine not answering
/// is a 503 with Retry-After (the client may retry; with an idempotency key that is always safe); anything
/// else is a 500. Neither carries a stack trace or an internal name.
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
            if (IsUnavailable(ex))
            {
                LogUnavailable(logger, ex, request.Method, request.Path);
                request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Problems.Create(request, StatusCodes.Status503ServiceUnavailable, "service-unavailable", "Temporarily unavailable.",
                    "A service the desk depends on did not answer. Nothing was half-written; send the request again (with the same Idempotency-Key for a new ticket).");
            }

            LogFailed(logger, ex, request.Method, request.Path);
            return Problems.Create(request, StatusCodes.Status500InternalServerError, "internal-error", "Unexpected error.",
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

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly; answered 500.")]
    private static partial void LogFailed(ILogger logger, Exception error, string method, PathString path);
}
