using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Hosting;
using Support.Desk.Hosting.Workflows;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests.Infrastructure;

/// <summary>The desk's real composition on Azurite, optionally under the in-process durable engine.</summary>
internal static class DeskServices
{
    public static IConfiguration Configuration(DeskSettings settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Values).Build();

    public static ServiceProvider Create(DeskSettings settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSupportDesk(Configuration(settings));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>
    /// The desk with its durable engine in process, the local host's (Azure Storage provider on Azurite, gRPC sidecar),
    /// and the SLA shards running.
    /// </summary>
    public static Task<DeskDurableHost> StartDurableAsync(DeskSettings settings) => DeskDurableHost.StartAsync(settings);

    /// <summary>
    /// The desk with the SDK's in-memory durable engine, for tests that need a durable client but no shards, with the
    /// desk's storage unreachable on purpose (the engine's state must not live there).
    /// </summary>
    public static Task<DurableTaskTestHost> StartInMemoryDurableAsync(DeskSettings settings) =>
        DurableTaskTestHost.StartAsync(
            SupportDeskWorkflows.Register,
            new DurableTaskTestHostOptions
            {
                Port = FreePorts.Next(),
                ConfigureServices = services =>
                {
                    services.AddLogging();
                    services.AddSupportDesk(Configuration(settings));
                },
            });

    /// <summary>
    /// A scope of the desk's services with the durable client handed over, as a Functions trigger does: the scoped
    /// use cases (intake, commands, the reconciler, health) resolve from it with their workflow port.
    /// </summary>
    public static AsyncServiceScope ScopeWith(IServiceProvider services, Microsoft.DurableTask.Client.DurableTaskClient client)
    {
        AsyncServiceScope scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DurableClientAccessor>().Use(client);
        return scope;
    }
}
