using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Support.Desk.Hosting;
using Support.Functions;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Configuration.AddSampleCustomersWhenLocal(builder.Environment);
builder.Configuration.AddEnvironmentVariables();

builder.AddSupportDesk();
builder.AddSupportDeskTelemetry("Support.Functions");

await builder.Build().RunAsync().ConfigureAwait(false);
