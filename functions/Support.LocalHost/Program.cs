using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting;
using Support.Desk.Hosting.Email;
using Support.LocalHost;
using Support.Desk.Settings;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// The sample customer directory and local defaults live at the repository root, shared with the Functions app.
string repositoryRoot = RepositoryRoot.Find(builder.Environment.ContentRootPath);
builder.Configuration.AddJsonFile(Path.Combine(repositoryRoot, "customers.sample.json"), optional: true, reloadOnChange: false);
builder.Configuration.AddJsonFile(Path.Combine(repositoryRoot, "staff.sample.json"), optional: true, reloadOnChange: false);
builder.Configuration.AddLocalSettingsCredentials(Path.Combine(repositoryRoot, "local.settings.json"));
builder.Configuration.AddEnvironmentVariables();
builder.Configuration.AddCommandLine(args);

LocalHostOptions localHost = builder.Configuration.GetSection(LocalHostOptions.SectionName).Get<LocalHostOptions>() ?? new();
if (localHost.FunctionKey.Length < 32)
{
    // Secure by default: intake is never open, here as in Azure.
    Console.Error.WriteLine("LocalHost:FunctionKey must be set (at least 32 characters). Run scripts/run-local.sh, which generates local.settings.json with fresh keys, or set LocalHost__FunctionKey.");
    return 1;
}

IReadOnlyList<string> problems = localHost.Validate(
    (builder.Configuration.GetSection(SlaSchedulerOptions.SectionName).Get<SlaSchedulerOptions>() ?? new SlaSchedulerOptions()).RunFor);
if (problems.Count > 0)
{
    Console.Error.WriteLine(string.Join(Environment.NewLine, problems));
    return 1;
}

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, localHost.Port, listen => listen.Protocols = HttpProtocols.Http1);

    // gRPC without TLS needs a dedicated HTTP/2-only endpoint.
    kestrel.Listen(IPAddress.Loopback, localHost.SidecarPort, listen => listen.Protocols = HttpProtocols.Http2);
});

// Without this, shutdown waits ~30 s for the worker's open gRPC stream to the sidecar.
builder.Services.Configure<HostOptions>(o => o.ServicesStopConcurrently = true);

builder.AddSupportDesk();
builder.AddSupportDeskTelemetry("Support.LocalHost");

// Relative local paths (the .eml pickup directory) mean "under the repository root", wherever `dotnet run` starts.
builder.Services.PostConfigure<EmailOptions>(o => o.PickupDirectory = Path.GetFullPath(o.PickupDirectory, repositoryRoot));
builder.AddLocalDurableTask(localHost);
foreach (LocalScheduledJob job in ScheduledJobsService.Jobs)
{
    builder.Services.AddSingleton(job);
}

builder.Services.AddHostedService<ScheduledJobsService>();

WebApplication app = builder.Build();

app.MapSupportDeskApi(localHost.FunctionKey);
app.MapLocalDurableTaskSidecar(localHost);

await app.StartAsync().ConfigureAwait(false);
LocalSettings.PrintCredentials(localHost, app.Services.GetRequiredService<AccessOptions>());
await app.WaitForShutdownAsync().ConfigureAwait(false);
return 0;
