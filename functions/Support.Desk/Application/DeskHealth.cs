using System.Diagnostics;
using Support.Desk.Domain;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;

namespace Support.Desk.Application;

public sealed record HealthCheck(string Name, bool Healthy, string Detail, double DurationMs);

public sealed record HealthReport(bool Healthy, IReadOnlyList<HealthCheck> Checks, double? LastStatusPollAgeSeconds);

/// <summary>Is the desk able to take tickets: storage and the durable backend reachable; how fresh regional status is.</summary>
public sealed class DeskHealth(ITicketStore store, ISlaShards shards, IRegionalStatus regionalStatus, TimeProvider clock)
{
    static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        HealthCheck[] checks = await Task.WhenAll(
            Probe("storage", ct => store.LoadAsync("SUP-0000-0000-0000", ct), cancellationToken),
            Probe("durable", ct => shards.IsRunningAsync(0, ct), cancellationToken)).ConfigureAwait(false);

        DateTimeOffset now = clock.GetUtcNow();
        double? age = regionalStatus.OldestPollAt() is { } oldest ? (now - oldest).TotalSeconds : null;
        HealthCheck status = new("status-poll", true, age is null ? "not polled by this instance" : $"oldest region checked {age:0} s ago", 0);
        return new HealthReport(checks.All(c => c.Healthy), [.. checks, status], age);
    }

    static async Task<HealthCheck> Probe<T>(string name, Func<CancellationToken, Task<T>> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        var watch = Stopwatch.StartNew();
        try
        {
            await probe(timeout.Token).ConfigureAwait(false);
            return new HealthCheck(name, true, "reachable", watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the kind of failure: no internal names or stack traces leave the service.
            return new HealthCheck(name, false, ex is OperationCanceledException ? "timed out" : "unreachable", watch.Elapsed.TotalMilliseconds);
        }
    }
}
