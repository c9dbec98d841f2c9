using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Support.Desk.Hosting.Storage;
using Support.Desk.Hosting.Workflows;
using Support.Desk.Application.Ports;

namespace Support.LocalHost;

/// <summary>
/// The durable engine of the local host: the Durable Task Framework's Azure Storage provider (the one
/// Durable Functions uses in Azure) behind the public gRPC sidecar, with the SDK's worker and client
/// connected to it over loopback. State lives in storage, so orchestrations survive a restart.
/// </summary>
internal static class LocalDurableTask
{
    public static WebApplicationBuilder AddLocalDurableTask(this WebApplicationBuilder builder, LocalHostOptions options)
    {
        IServiceCollection services = builder.Services;
        services.AddGrpc();
        services.AddSingleton(sp =>
        {
            StorageOptions storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            string connectionString = storage.ConnectionString
                ?? throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions), ["The local host needs Storage:ConnectionString (Azurite)."]);
            return new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
            {
                TaskHubName = options.TaskHub,
                StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
                MaxQueuePollingInterval = options.MaxQueuePollingInterval,
                ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
                WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
                LeaseInterval = options.PartitionLeaseInterval,
                LeaseRenewInterval = options.PartitionLeaseInterval / 3,
                LeaseAcquireInterval = options.PartitionLeaseInterval / 3,
                UseInstanceTableEtag = true,
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            });
        });
        services.AddSingleton<IOrchestrationService>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton<TaskHubGrpcServer>();

        // Registered before the worker so the task hub's tables and queues exist when it connects.
        services.AddHostedService<TaskHubInitializer>();

        // The worker starts before Kestrel listens, so its first dials are refused. Bound the reconnect
        // back-off: by default it grows towards two minutes, and client calls (starting a ticket's workflow)
        // fail fast for as long as the channel backs off.
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{options.SidecarPort}", new GrpcChannelOptions
        {
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
            MaxReconnectBackoff = TimeSpan.FromSeconds(1),
        });
        services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(SupportDeskWorkflows.Register);
            worker.UseGrpc(channel);
        });
        services.AddDurableTaskClient(client => client.UseGrpc(channel));
        // One durable client for the process: every scope's workflow port uses it, and so do writers waking a shard.
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var source = new DurableClientSource();
            source.Remember(sp.GetRequiredService<DurableTaskClient>());
            return source;
        }));
        services.Replace(ServiceDescriptor.Scoped(sp =>
        {
            var accessor = new DurableClientAccessor(sp.GetRequiredService<DurableClientSource>());
            accessor.Use(sp.GetRequiredService<DurableTaskClient>());
            return accessor;
        }));
        return builder;
    }

    public static void MapLocalDurableTaskSidecar(this WebApplication app, LocalHostOptions options) =>
        app.MapGrpcService<TaskHubGrpcServer>().RequireHost($"*:{options.SidecarPort}");

    sealed class TaskHubInitializer(AzureStorageOrchestrationService service) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => service.CreateIfNotExistsAsync();

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
