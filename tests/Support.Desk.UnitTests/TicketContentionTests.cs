using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Support.Desk.Application;
using Support.Desk.Hosting.Http;

namespace Support.Desk.UnitTests;

/// <summary>
/// A command on a ticket that others keep writing: it waits its turn with jittered back-off inside a time budget, and
/// once the budget is spent the answer is "busy, try again" (503 with Retry-After), never an internal error; a spent
/// customer quota is a 429 with Retry-After.
/// </summary>
public class TicketContentionTests
{
    [Fact]
    public async Task BackOff_WithinTheBudget_Waits_ThenRefusesAsBusyOnceTheBudgetIsSpent()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var contention = new TicketContention(clock);
        long started = contention.Start();

        Task wait = contention.BackOffAsync("SUP-1", started, failedAttempts: 1, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1)); // longer than any one delay
        await wait;

        clock.Advance(TicketContention.Budget);
        TicketContentionException busy = await Assert.ThrowsAsync<TicketContentionException>(() => contention.BackOffAsync("SUP-1", started, failedAttempts: 30, CancellationToken.None));
        Assert.Equal("SUP-1", busy.TicketId);
        Assert.Equal(TicketContention.RetryAfter, busy.RetryAfter);
    }

    public static TheoryData<string, int, string, string> Answers() => new()
    {
        { "busy", 503, "2", "urn:support-desk:problem:ticket-busy" },
        { "quota", 429, "600", "urn:support-desk:problem:quota-exceeded" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Guard_BusyTicketOrSpentQuota_IsAProblemWithRetryAfter_NotA500(string failure, int status, string retryAfter, string type)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Path = "/api/tickets/SUP-1/updates";
        context.Response.Body = new MemoryStream();

        IResult result = await ApiFailures.GuardAsync(context.Request, () => failure == "busy"
            ? throw new TicketContentionException("SUP-1", TicketContention.RetryAfter)
            : throw new QuotaExceededException(QuotaKind.Updates, tenantWide: false, TimeSpan.FromMinutes(10), "At most 60 updates an hour."));
        await result.ExecuteAsync(context);

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(retryAfter, context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        using JsonDocument problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(type, problem.RootElement.GetProperty("type").GetString());
    }
}
