using Microsoft.DurableTask.Testing;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Functions;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>Storage that does not answer: every endpoint says 503 problem+json with Retry-After, and nothing internal leaks.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class OutageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    DurableTaskTestHost host = null!;

    public async Task InitializeAsync()
    {
        // A closed loopback port: every storage call is refused (after the SDK's own retries).
        DeskSettings settings = new DeskSettings(azurite)
            .With("Storage:ConnectionString", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;");
        this.host = await DeskServices.StartInMemoryDurableAsync(settings);
    }

    AsyncServiceScope? invocation;

    public async Task DisposeAsync()
    {
        if (this.invocation is { } scope)
        {
            await scope.DisposeAsync();
        }

        await this.host.DisposeAsync();
    }

    /// <summary>The one invocation each test makes: its own scope, as the Functions host gives it.</summary>
    IServiceProvider Invocation => (this.invocation ??= this.host.Services.CreateAsyncScope()).ServiceProvider;

    TicketHttpFunctions Functions => FunctionsUnderTest.Http(this.Invocation);

    HttpRequest Request(string method, string path, string? body = null) => FunctionRequests.Create(this.Invocation, method, path, body);

    static async Task<(int Status, string? RetryAfter, string Body)> RunAsync(Task<IActionResult> action, HttpRequest request)
    {
        await (await action).ExecuteResultAsync(new ActionContext(request.HttpContext, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        request.HttpContext.Response.Body.Position = 0;
        string body = await new StreamReader(request.HttpContext.Response.Body).ReadToEndAsync();
        return (request.HttpContext.Response.StatusCode, request.HttpContext.Response.Headers.RetryAfter.ToString(), body);
    }

    public static TheoryData<string> Endpoints => ["submit", "get", "respond", "attach", "status", "health"];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task StorageDown_Answers503ProblemWithRetryAfterAndNoInternals(string endpoint)
    {
        const string id = "SUP-7K3M-9QXD-2F4A";
        HttpRequest request = endpoint switch
        {
            "submit" => this.Request("POST", "/api/tickets", TicketRequests.Json()),
            "respond" => this.Request("POST", $"/api/tickets/{id}/responses", """{"kind":"reply","body":"hi"}"""),
            "status" => this.Request("GET", "/api/status"),
            "attach" => this.Request("POST", $"/api/tickets/{id}/attachments", """{"log":{"version":"1.2","entries":[]}}"""),
            "health" => this.Request("GET", "/api/health"),
            _ => this.Request("GET", $"/api/tickets/{id}"),
        };
        Task<IActionResult> action = endpoint switch
        {
            "submit" => this.Functions.SubmitTicket(request, CancellationToken.None),
            "respond" => this.Functions.RespondToTicket(request, id, CancellationToken.None),
            "status" => this.Functions.GetRegionalStatus(request, CancellationToken.None),
            "attach" => this.Functions.AddAttachment(request, id, CancellationToken.None),
            "health" => this.Functions.GetHealth(request, this.host.Client, CancellationToken.None),
            _ => this.Functions.GetTicket(request, id, CancellationToken.None),
        };

        var (status, retryAfter, body) = await RunAsync(action, request);

        Assert.Equal(503, status);
        Assert.False(string.IsNullOrEmpty(retryAfter));
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(body);
        if (endpoint == "health")
        {
            Assert.Equal("unhealthy", json.RootElement.GetProperty("status").GetString());
        }
        else
        {
            Assert.Equal("urn:support-desk:problem:service-unavailable", json.RootElement.GetProperty("type").GetString());
            Assert.Equal("application/problem+json", request.HttpContext.Response.ContentType);
        }
    }
}
