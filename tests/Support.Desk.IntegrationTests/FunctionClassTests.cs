using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
using Support.Desk.Domain.Access;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Functions;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>The Azure Functions classes, invoked as the Functions host would, on Azurite and a real durable engine.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class FunctionClassTests(AzuriteFixture azurite) : IAsyncLifetime
{
    readonly DeskSettings settings = new(azurite);
    DeskDurableHost host = null!;

    readonly List<AsyncServiceScope> invocations = [];

    public async Task InitializeAsync() => this.host = await DeskServices.StartDurableAsync(this.settings);

    public async Task DisposeAsync()
    {
        foreach (AsyncServiceScope invocation in this.invocations)
        {
            await invocation.DisposeAsync();
        }

        await this.host.DisposeAsync();
    }

    /// <summary>A new scope for each invocation, as the Functions host gives one; the trigger itself hands over its durable client.</summary>
    IServiceProvider Invocation()
    {
        AsyncServiceScope scope = this.host.Services.CreateAsyncScope();
        this.invocations.Add(scope);
        return scope.ServiceProvider;
    }

    TicketHttpFunctions Functions => FunctionsUnderTest.Http(this.Invocation());

    HttpRequest Request(string method, string path, string? body = null, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        FunctionRequests.Create(this.Invocation(), method, path, body, contentType, headers);

    static async Task<(int Status, string ContentType, JsonElement Body)> ExecuteAsync(IActionResult result, HttpRequest request)
    {
        await result.ExecuteResultAsync(new ActionContext(request.HttpContext, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        HttpResponse response = request.HttpContext.Response;
        response.Body.Position = 0;
        using JsonDocument json = await JsonDocument.ParseAsync(response.Body);
        return (response.StatusCode, response.ContentType ?? string.Empty, json.RootElement.Clone());
    }

    [Fact]
    public async Task SubmitTicket_ValidTicket_Returns201WithLocationAndSla()
    {
        HttpRequest request = this.Request("POST", "/api/tickets", TicketRequests.Json(tenant: "globex", severity: "urgent"));

        var (status, contentType, body) = await ExecuteAsync(await this.Functions.SubmitTicket(request, CancellationToken.None), request);

        Assert.Equal(201, status);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        string ticketId = body.GetProperty("ticketId").GetString()!;
        Assert.Equal($"/api/tickets/{ticketId}", request.HttpContext.Response.Headers.Location.ToString());
        Assert.Equal("open", body.GetProperty("status").GetString());
        Assert.Equal("platinum", body.GetProperty("plan").GetString());
        Assert.Equal("premium", body.GetProperty("supportTier").GetString());
        Assert.Equal("urgent", body.GetProperty("severity").GetString());
        DateTimeOffset created = body.GetProperty("createdAt").GetDateTimeOffset();
        Assert.Equal(created.AddMinutes(30), body.GetProperty("sla").GetProperty("firstResponseDueAt").GetDateTimeOffset());
        Assert.Contains(await this.host.Services.GetRequiredService<IOpenTicketIndex>().ListAsync(Region.Eu, CancellationToken.None), e => e.TicketId == ticketId);
    }

    [Fact]
    public async Task SubmitTicket_MissingTenant_Returns400WithFieldError()
    {
        var body = TicketRequests.Body();
        body.Remove("tenant");
        HttpRequest request = this.Request("POST", "/api/tickets", body.ToJsonString());

        var (status, contentType, problem) = await ExecuteAsync(await this.Functions.SubmitTicket(request, CancellationToken.None), request);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("/api/tickets", problem.GetProperty("instance").GetString());
        Assert.Equal("Is required.", problem.GetProperty("errors").GetProperty("tenant")[0].GetString());
    }

    [Fact]
    public async Task SubmitTicket_MalformedJson_Returns400NamingTheBody()
    {
        HttpRequest request = this.Request("POST", "/api/tickets", "{\"tenant\": ");

        var (status, _, problem) = await ExecuteAsync(await this.Functions.SubmitTicket(request, CancellationToken.None), request);

        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$", out _));
    }

    [Fact]
    public async Task SubmitTicket_NotJson_Returns415Problem()
    {
        HttpRequest request = this.Request("POST", "/api/tickets", "tenant=acme-prod", "application/x-www-form-urlencoded");

        var (status, contentType, _) = await ExecuteAsync(await this.Functions.SubmitTicket(request, CancellationToken.None), request);

        Assert.Equal(415, status);
        Assert.Equal("application/problem+json", contentType);
    }

    [Fact]
    public async Task SubmitTicket_BodyOverLimit_Returns413Problem()
    {
        var body = TicketRequests.Body();
        body["description"] = new string('x', 300 * 1024);
        HttpRequest request = this.Request("POST", "/api/tickets", body.ToJsonString());
        request.ContentLength = null;

        var (status, _, _) = await ExecuteAsync(await this.Functions.SubmitTicket(request, CancellationToken.None), request);

        Assert.Equal(413, status);
    }

    [Fact]
    public async Task SubmitTicket_IdempotencyKeyAndWebhookIdDiffer_Returns400()
    {
        HttpRequest request = this.Request("POST", "/api/tickets", TicketRequests.Json(), headers: [("Idempotency-Key", "a"), ("webhook-id", "b")]);

        var (status, _, problem) = await ExecuteAsync(await this.Functions.SubmitTicket(request, CancellationToken.None), request);

        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task GetTicket_AfterSubmit_ReturnsTicketWithSlaClockAndTimeline()
    {
        HttpRequest submit = this.Request("POST", "/api/tickets", TicketRequests.Json());
        var (_, _, created) = await ExecuteAsync(await this.Functions.SubmitTicket(submit, CancellationToken.None), submit);
        string ticketId = created.GetProperty("ticketId").GetString()!;
        HttpRequest get = this.Request("GET", $"/api/tickets/{ticketId.ToLowerInvariant()}");

        var (status, _, ticket) = await ExecuteAsync(await this.Functions.GetTicket(get, ticketId.ToLowerInvariant(), CancellationToken.None), get);

        Assert.Equal(200, status);
        Assert.Equal(ticketId, ticket.GetProperty("ticketId").GetString());
        JsonElement clock = ticket.GetProperty("sla").GetProperty("firstResponse");
        Assert.False(clock.GetProperty("breached").GetBoolean());
        Assert.Equal("running", clock.GetProperty("state").GetString());
        Assert.InRange(clock.GetProperty("remainingSeconds").GetInt64(), 1, 4 * 3600);
        Assert.Equal("submitted", ticket.GetProperty("timeline")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task GetTicket_Unknown_Returns404Problem()
    {
        HttpRequest request = this.Request("GET", "/api/tickets/SUP-0000-0000-0000");

        var (status, contentType, problem) = await ExecuteAsync(await this.Functions.GetTicket(request, "SUP-0000-0000-0000", CancellationToken.None), request);

        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("urn:support-desk:problem:ticket-not-found", problem.GetProperty("type").GetString());
    }

    async Task<string> CreateTicketAsync()
    {
        HttpRequest submit = this.Request("POST", "/api/tickets", TicketRequests.Json());
        var (_, _, created) = await ExecuteAsync(await this.Functions.SubmitTicket(submit, CancellationToken.None), submit);
        return created.GetProperty("ticketId").GetString()!;
    }

    [Fact]
    public async Task RespondToTicket_RequestInfo_Returns200WithWaitingTicketAndPausedClock()
    {
        string ticketId = await this.CreateTicketAsync();
        HttpRequest request = this.Request("POST", $"/api/tickets/{ticketId}/responses", """{"kind":"request-info","body":"Please attach a HAR file."}""");

        var (status, _, ticket) = await ExecuteAsync(await this.Functions.RespondToTicket(request, ticketId, CancellationToken.None), request);

        Assert.Equal(200, status);
        Assert.Equal("waiting-on-customer", ticket.GetProperty("status").GetString());
        Assert.Equal("paused", ticket.GetProperty("sla").GetProperty("firstResponse").GetProperty("state").GetString());
        // By kind, not position: the shard may add "email sent" entries (confirmation, the queue's notice) at any moment.
        Assert.Equal("Please attach a HAR file.", ticket.GetProperty("timeline").EnumerateArray()
            .Single(e => e.GetProperty("kind").GetString() == "information-requested").GetProperty("body").GetString());
    }

    [Fact]
    public async Task ConfirmResolution_OnOpenTicket_Returns409Problem()
    {
        string ticketId = await this.CreateTicketAsync();
        string token = this.host.Services.GetRequiredService<TicketAccessTokens>().Issue(ticketId);
        HttpRequest request = this.Request("POST", $"/api/tickets/{ticketId}/confirmation", """{"resolved":true}""", headers: ("Authorization", $"Bearer {token}"));

        var (status, contentType, problem) = await ExecuteAsync(await this.Functions.ConfirmResolution(request, ticketId, CancellationToken.None), request);

        Assert.Equal(409, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("urn:support-desk:problem:invalid-transition", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task AddTicketUpdate_BadFields_Returns400NamingEach()
    {
        string ticketId = await this.CreateTicketAsync();
        HttpRequest request = this.Request("POST", $"/api/tickets/{ticketId}/updates", """{"role":"manager","body":"","extra":1,"author":"someone else"}""");

        var (status, _, problem) = await ExecuteAsync(await this.Functions.AddTicketUpdate(request, ticketId, CancellationToken.None), request);

        Assert.Equal(400, status);
        // author is unknown too: who acts is who signed in, never what the body claims.
        Assert.Equal(["author", "body", "extra", "role"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UpdateTicket_SeverityAndAssignee_ChangesBothAndRecomputesTheClock()
    {
        string ticketId = await this.CreateTicketAsync();
        HttpRequest request = this.Request("PATCH", $"/api/tickets/{ticketId}", """{"severity":"urgent","assignee":"sam@desk.example"}""", "application/merge-patch+json");

        var (status, _, ticket) = await ExecuteAsync(await this.Functions.UpdateTicket(request, ticketId, CancellationToken.None), request);

        Assert.Equal(200, status);
        Assert.Equal("urgent", ticket.GetProperty("severity").GetString());
        Assert.Equal("high", ticket.GetProperty("submittedSeverity").GetString());
        Assert.Equal("sam@desk.example", ticket.GetProperty("assignee").GetString());
        Assert.Equal("PT1H", ticket.GetProperty("sla").GetProperty("firstResponse").GetProperty("target").GetString());
    }

    [Fact]
    public async Task UpdateTicket_NothingToChange_Returns400()
    {
        string ticketId = await this.CreateTicketAsync();
        HttpRequest request = this.Request("PATCH", $"/api/tickets/{ticketId}", "{}");

        var (status, _, problem) = await ExecuteAsync(await this.Functions.UpdateTicket(request, ticketId, CancellationToken.None), request);

        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$", out _));
    }

    [Fact]
    public async Task ProposeResolution_UnknownTicket_Returns404Problem()
    {
        HttpRequest request = this.Request("POST", "/api/tickets/SUP-0000-0000-0000/resolution", """{"summary":"Fixed."}""");

        var (status, _, _) = await ExecuteAsync(await this.Functions.ProposeResolution(request, "SUP-0000-0000-0000", CancellationToken.None), request);

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task GetHealth_StorageAndDurableReachable_Returns200Healthy()
    {
        HttpRequest request = this.Request("GET", "/api/health");

        var (status, _, health) = await ExecuteAsync(await this.Functions.GetHealth(request, this.host.Client, CancellationToken.None), request);

        Assert.Equal(200, status);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(["durable", "status-poll", "storage"], health.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }
}
