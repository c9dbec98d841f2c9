using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Queue;
using Support.Desk.Hosting.Http;

namespace Support.Desk.UnitTests.Pages;

/// <summary>The queue's query string: every filter read, every mistake named, nothing unknown let through.</summary>
public class QueueQueryTests
{
    static readonly Caller Sam = Caller.ForStaff(new StaffMember("sam@desk.example", "staff-key"));

    static (QueueApi.QueueQuery? Query, IReadOnlyDictionary<string, string[]> Errors) Read(params (string Name, string Value)[] pairs)
    {
        var values = pairs.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => new StringValues([.. g.Select(p => p.Value)]));
        (QueueApi.QueueQuery? query, ValidationErrors errors) = QueueApi.ReadQuery(new QueryCollection(values), Sam);
        return (query, errors.ToDictionary());
    }

    [Fact]
    public void Empty_IsEveryOpenTicketFirstPage()
    {
        (QueueApi.QueueQuery? query, _) = Read();

        Assert.Equal(new QueueFilter(), query!.Filter);
        Assert.Equal(50, query.PageSize);
        Assert.Null(query.Continuation);
    }

    [Fact]
    public void EveryFilter_IsRead()
    {
        (QueueApi.QueueQuery? query, _) = Read(("state", "waiting-on-customer"), ("tenant", "acme-prod"), ("severity", "urgent"), ("region", "eu"),
            ("assignee", "me"), ("tier", "premium"), ("breachingBefore", "2026-11-30T18:00:00Z"), ("pageSize", "200"), ("continuation", "q1.abc"));

        Assert.Equal(
            new QueueFilter(TicketStatus.WaitingOnCustomer, false, "acme-prod", Severity.Urgent, Region.Eu, "sam@desk.example", SupportTier.Premium, new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero)),
            query!.Filter);
        Assert.Equal(200, query.PageSize);
        Assert.Equal("q1.abc", query.Continuation);
    }

    [Theory]
    [InlineData("open", null, false)]
    [InlineData("new", TicketStatus.Open, false)]
    [InlineData("closed", null, true)]
    [InlineData("resolution-proposed", TicketStatus.ResolutionProposed, false)]
    public void State_SelectsTheLaneAndStatus(string state, TicketStatus? status, bool closed)
    {
        QueueFilter filter = Read(("state", state)).Query!.Filter;

        Assert.Equal((status, closed), (filter.Status, filter.Closed));
    }

    [Theory]
    [InlineData("severity", "sev1")]
    [InlineData("region", "mars")]
    [InlineData("tier", "gold")]
    [InlineData("state", "pending")]
    [InlineData("pageSize", "0")]
    [InlineData("pageSize", "201")]
    [InlineData("pageSize", "-5")]
    [InlineData("pageSize", "ten")]
    [InlineData("breachingBefore", "tomorrow")]
    [InlineData("breachingBefore", "2026-11-30")]
    [InlineData("assignee", "not an address")]
    [InlineData("tenant", "")]
    [InlineData("sort", "deadline")]
    [InlineData("Severity", "urgent")]
    public void BadOrUnknownParameter_IsNamed(string name, string value)
    {
        (QueueApi.QueueQuery? query, IReadOnlyDictionary<string, string[]> errors) = Read((name, value));

        Assert.Null(query);
        Assert.Contains(name, errors.Keys);
    }

    [Fact]
    public void RepeatedParameter_IsNamed_AndEveryProblemIsReportedAtOnce()
    {
        (_, IReadOnlyDictionary<string, string[]> errors) = Read(("severity", "urgent"), ("severity", "high"), ("region", "mars"), ("pageSize", "0"));

        Assert.Equal(["pageSize", "region", "severity"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ClosedWithBreachingBefore_IsRefused()
    {
        Assert.Contains("breachingBefore", Read(("state", "closed"), ("breachingBefore", "2026-11-30T18:00:00Z")).Errors.Keys);
    }
}
