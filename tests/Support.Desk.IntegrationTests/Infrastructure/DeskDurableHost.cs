using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Support.Desk.Application.Sla;
using Support.Desk.Hosting;
using Support.Desk.Hosting.Workflows;
using Support.Desk.Testing;
using Support.LocalHost;

namespace Support.Desk.IntegrationTests.Infrastructure;

/// <summary>
/// The desk's services with the durable engine the local host runs, in the test process: the Durable Task
/// Framework's Azure Storage provider on Azurite behind the gRPC sidecar, the SDK worker running the desk's
/// orchestrations and activities, and a client. Unlike the SDK's in-memory test host, it runs as many activities at
/// once as the local host does (the four SLA shards run side by side) and keeps its state in storage.
/// </summary>
public sealed class DeskDurableHost : IAsyncDisposable
{
    readonly WebApplication app;

    DeskDurableHost(WebApplication app) => this.app = app;

    public IServiceProvider Services => this.app.Services;

    public DurableTaskClient Client => this.app.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<DeskDurableHost> StartAsync(DeskSettings settings)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings.Values);
        var options = new LocalHostOptions { TaskHub = settings.TaskHub, SidecarPort = FreePorts.Next(), MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500) };
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, options.SidecarPort, listen => listen.Protocols = HttpProtocols.Http2));
        // As the local host: stop the worker's gRPC stream and the sidecar together instead of one waiting on the other.
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o =>
        {
            o.ServicesStopConcurrently = true;
            o.ShutdownTimeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.AddSupportDesk(builder.Configuration);
        builder.AddLocalDurableTask(options);
        WebApplication app = builder.Build();
        app.MapLocalDurableTaskSidecar(options);
        await app.StartAsync();
        var host = new DeskDurableHost(app);

        // The worker and client dial the sidecar before it listens; their channel backs off briefly after refusals.
        await Eventually.GetAsync(
            async () =>
            {
                try
                {
                    await host.Client.GetInstanceAsync("readiness-probe");
                    return "ready";
                }
                catch (Grpc.Core.RpcException)
                {
                    return null;
                }
            },
            TimeSpan.FromSeconds(20),
            "the durable sidecar");

        // The shards' schedulers, as the host's startup job starts them. Once one has run (not just been scheduled), the
        // engine's dispatchers are up: stopping the sidecar before then fails inside the provider, which never started.
        await using (AsyncServiceScope scope = DeskServices.ScopeWith(host.Services, host.Client))
        {
            await scope.ServiceProvider.GetRequiredService<SlaShardKeeper>().RunAsync(CancellationToken.None);
        }

        await Eventually.GetAsync(
            async () => (await host.Client.GetInstanceAsync(SlaShardOrchestrator.InstanceIdFor(0)))?.RuntimeStatus == OrchestrationRuntimeStatus.Running ? "running" : null,
            TimeSpan.FromSeconds(20),
            "the SLA shards running");

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
