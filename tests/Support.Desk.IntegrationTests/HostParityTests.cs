using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
using Support.Desk.Hosting;
using Support.Desk.Hosting.Http;
using Support.Desk.Hosting.Scheduling;
using Support.Desk.Hosting.Workflows;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Functions;
using Support.LocalHost;
using Support.Desk.Application.Ports;
using Support.Desk.Routes;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>A route, orchestration, activity or schedule in one host and not the other is a bug.</summary>
public class HostParityTests
{
    static readonly MethodInfo[] FunctionMethods = [.. typeof(TicketHttpFunctions).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)];

    static IEnumerable<T> TriggersOf<T>()
        where T : Attribute =>
        FunctionMethods.SelectMany(m => m.GetParameters()).Select(p => p.GetCustomAttribute<T>()).OfType<T>();

    static string[] FunctionNamesWith<T>()
        where T : Attribute =>
        [.. FunctionMethods.Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<T>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name).Order(StringComparer.Ordinal)];

    /// <summary>A trigger's methods as the catalog writes them: every method is "*".</summary>
    static string[] Verbs(IEnumerable<string> methods)
    {
        string[] upper = [.. methods.Select(m => m.ToUpperInvariant())];
        return upper.Order(StringComparer.Ordinal).SequenceEqual(SupportDeskRoutes.AnyMethod.Order(StringComparer.Ordinal)) ? ["*"] : upper;
    }

    [Fact]
    public void HttpRoutes_FunctionsAppAndLocalHost_ExposeTheSameRoutesWithTheSameKeyRequirement()
    {
        string[] functions = [.. FunctionMethods
            .Select(m => (Method: m, Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().SingleOrDefault()))
            .Where(x => x.Trigger is not null)
            .SelectMany(x => Verbs(x.Trigger!.Methods!).Select(verb =>
                $"{x.Method.GetCustomAttribute<FunctionAttribute>()!.Name} {verb} {x.Trigger.Route} {(x.Trigger.AuthLevel == AuthorizationLevel.Function ? "function-key" : "app-auth")}"))
            .Order(StringComparer.Ordinal)];

        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Services.AddSupportDesk(new ConfigurationBuilder().Build());
        WebApplication app = builder.Build();
        app.MapSupportDeskApi(functionKey: new string('k', 32));
        string[] local = [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(verb =>
                $"{e.Metadata.GetMetadata<EndpointNameMetadata>()!.EndpointName} {verb} {e.RoutePattern.RawText!.TrimStart('/')} {(e.Metadata.GetMetadata<RouteDefinition>()!.RequiresFunctionKey ? "function-key" : "app-auth")}"))
            .Order(StringComparer.Ordinal)];

        string[] catalog = [.. SupportDeskEndpoints.Routes.Append(SupportDeskRoutes.Unmatched).Select(r => $"{r.Name} {r.Method} {r.Template} {(r.RequiresFunctionKey ? "function-key" : "app-auth")}").Order(StringComparer.Ordinal)];
        Assert.Equal(catalog, functions);
        Assert.Equal(catalog, local);
    }

    [Fact]
    public void FunctionsTriggers_ForwardToTheHandlerTheRouteTableNames_EveryRouteOnce()
    {
        // Every route the catalog names is served, once.
        string[] named = [.. typeof(SupportDeskRoutes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(RouteDefinition))
            .Select(f => ((RouteDefinition)f.GetValue(null)!).Name).Where(n => n != SupportDeskRoutes.Unmatched.Name).Order(StringComparer.Ordinal)];
        Assert.Equal(named, SupportDeskEndpoints.Routes.Select(r => r.Name).Order(StringComparer.Ordinal));

        foreach (DeskEndpoint endpoint in SupportDeskEndpoints.All)
        {
            Type[] handlers = [.. endpoint.Handler.Method.GetParameters().Select(p => p.ParameterType).Where(SupportDeskEndpoints.HandlerTypes.Contains)];
            MethodInfo trigger = Assert.Single(FunctionMethods, m => m.GetCustomAttribute<FunctionAttribute>()!.Name == endpoint.Route.Name);
            Type[] injected = [.. trigger.DeclaringType!.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)];
            Assert.All(handlers, h => Assert.True(injected.Contains(h), $"{endpoint.Route.Name}: {trigger.DeclaringType.Name} does not take the route's handler {h.Name}."));
        }
    }

    [Fact]
    public void HostJson_RoutePrefixIsEmpty_SoTheCatalogsApiPrefixAndThePagesAtTheRootAreTheSameInBothHosts()
    {
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")));

        Assert.Equal(string.Empty, host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.All(SupportDeskEndpoints.Api, e => Assert.NotNull(e.Api));
        Assert.All(SupportDeskEndpoints.All.Where(e => !e.IsApi), e => Assert.Null(e.Api));
    }

    [Fact]
    public void Orchestrators_FunctionsAppAndLocalRegistry_HaveTheSameNames()
    {
        Assert.Equal(SupportDeskWorkflows.Orchestrators.Select(t => t.Name).Order(StringComparer.Ordinal), FunctionNamesWith<OrchestrationTriggerAttribute>());
    }

    [Fact]
    public void Activities_FunctionsAppAndLocalRegistry_HaveTheSameNames()
    {
        Assert.Equal(SupportDeskWorkflows.Activities.Select(t => t.Name).Order(StringComparer.Ordinal), FunctionNamesWith<ActivityTriggerAttribute>());
    }

    [Fact]
    public void Schedules_FunctionsTimersAndLocalScheduler_UseTheSameSettings()
    {
        string[] functions = [.. FunctionMethods
            .Select(m => (Name: m.GetCustomAttribute<FunctionAttribute>()!.Name, Timer: m.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).OfType<TimerTriggerAttribute>().SingleOrDefault()))
            .Where(x => x.Timer is not null)
            .Select(x => $"{x.Name} {x.Timer!.Schedule}")
            .Order(StringComparer.Ordinal)];
        string[] local = [.. ScheduledJobsService.Jobs.Select(j => $"{j.Schedule.Name} %{j.Schedule.SettingName}%").Order(StringComparer.Ordinal)];
        string[] catalog = [.. SupportDeskSchedules.All.Select(s => $"{s.Name} %{s.SettingName}%").Order(StringComparer.Ordinal)];

        Assert.Equal(catalog, functions);
        Assert.Equal(catalog, local);
    }

    [Fact]
    public void Schedules_LocalSettingsSample_SetsEveryScheduleToItsDefault()
    {
        using JsonDocument sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json")));
        JsonElement values = sample.RootElement.GetProperty("Values");

        foreach (ScheduleDefinition schedule in SupportDeskSchedules.All)
        {
            Assert.Equal(schedule.DefaultExpression, values.GetProperty(schedule.SettingName).GetString());
        }
    }

    [Fact]
    public async Task OpenApiDocument_BothHostsServeTheSameGeneratedDocument()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Services.AddSupportDesk(new ConfigurationBuilder().Build());
        await using WebApplication app = builder.Build();
        app.MapSupportDeskApi(functionKey: new string('k', 32));
        var context = new DefaultHttpContext { RequestServices = app.Services };
        context.Response.Body = new MemoryStream();
        var local = (RouteEndpoint)((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints)
            .Single(e => e.Metadata.GetMetadata<EndpointNameMetadata>()?.EndpointName == SupportDeskRoutes.GetOpenApiDocument.Name);
        await local.RequestDelegate!(context);
        context.Response.Body.Position = 0;
        string fromLocalHost = await new StreamReader(context.Response.Body).ReadToEndAsync();

        var functionsContext = new DefaultHttpContext { RequestServices = app.Services };
        functionsContext.Response.Body = new MemoryStream();
        await TicketHttpFunctions.GetOpenApiDocument(functionsContext.Request).ExecuteResultAsync(
            new Microsoft.AspNetCore.Mvc.ActionContext(functionsContext, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        functionsContext.Response.Body.Position = 0;
        string fromFunctions = await new StreamReader(functionsContext.Response.Body).ReadToEndAsync();

        Assert.Equal(OpenApiDocument.Json, fromLocalHost);
        Assert.Equal(OpenApiDocument.Json, fromFunctions);
    }

    [Fact]
    public void OpenApiDocument_DescribesExactlyTheRoutesThatExist()
    {
        using JsonDocument openApi = JsonDocument.Parse(OpenApiDocument.Json);
        string[] documented = [.. openApi.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Value.GetProperty("operationId").GetString()} {op.Name.ToUpperInvariant()} {path.Name.TrimStart('/')}"))
            .Order(StringComparer.Ordinal)];

        string[] catalog = [.. SupportDeskEndpoints.Api.Select(e => e.Route).Select(r => $"{r.Name} {r.Method} {r.Template}").Order(StringComparer.Ordinal)];
        Assert.Equal(catalog, documented);
        Assert.StartsWith("3.", openApi.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }
}
