using Microsoft.Extensions.Hosting;

namespace Support.Desk.Hosting;

/// <summary>
/// A token that fires as the host begins to stop (before any hosted service's StopAsync), so long-running work such
/// as an SLA shard's run ends promptly. Outside a host (a bare service provider in tests) it never fires.
/// </summary>
public sealed class HostShutdown : IHostedLifecycleService, IDisposable
{
    readonly CancellationTokenSource stopping = new();

    public CancellationToken Token => this.stopping.Token;

    public Task StoppingAsync(CancellationToken cancellationToken) => this.stopping.CancelAsync();

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => this.stopping.Dispose();
}
