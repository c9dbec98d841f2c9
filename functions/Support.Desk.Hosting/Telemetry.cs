using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Support.Desk.Application;

namespace Support.Desk.Hosting;

/// <summary>
/// OpenTelemetry for both hosts: traces from HTTP through the durable orchestration and activities to
/// storage and outgoing HTTP, and the desk's metrics. Exported to Azure Monitor when
/// APPLICATIONINSIGHTS_CONNECTION_STRING is set (with Entra auth when the authentication string says so),
/// to OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, and to the console when Telemetry:Console is true.
/// </summary>
public static class Telemetry
{
    /// <summary>Sources traced besides the desk's own: the Durable Task SDK and the Azure SDK clients (storage).</summary>
    public static readonly string[] Sources = [DeskTelemetry.Name, "Microsoft.DurableTask", "Microsoft.DurableTask.*", "Azure.*"];

    public static IHostApplicationBuilder AddSupportDeskTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IConfiguration configuration = builder.Configuration;

        // The Azure SDK emits ActivitySource spans (table, queue, blob calls) only when asked to.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        string? azureMonitor = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        bool entraAuth = configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true;
        string? managedIdentity = configuration["Storage:ManagedIdentityClientId"];
        bool otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        bool console = configuration.GetValue<bool>("Telemetry:Console");

        void AzureMonitor(AzureMonitorExporterOptions o)
        {
            o.ConnectionString = azureMonitor;
            if (entraAuth)
            {
                o.Credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = managedIdentity });
            }
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(Sources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(azureMonitor))
                {
                    tracing.AddAzureMonitorTraceExporter(AzureMonitor);
                }

                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DeskTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(azureMonitor))
                {
                    metrics.AddAzureMonitorMetricExporter(AzureMonitor);
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            });
        return builder;
    }
}
