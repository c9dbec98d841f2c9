using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Support.Desk.Hosting;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Sample customers for a local `func start`; in Azure the directory comes from app settings (Customers__<tenant>__Plan ...).
builder.Configuration.AddJsonFile("customers.sample.json", optional: true, reloadOnChange: false);
builder.Configuration.AddEnvironmentVariables();

builder.AddSupportDesk();
builder.AddSupportDeskTelemetry("Support.Functions");

await builder.Build().RunAsync().ConfigureAwait(false);
