using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Reports;
using Support.Desk.Domain;
using Support.Desk.Domain.Reports;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// SLA reports on Azurite: facts kept by month and tenant, day digests that are rebuilt when a late fact arrives, and
/// the staff API on the local host, fed by the SLA shards as tickets are answered.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class SlaReportTests(AzuriteFixture azurite) : IDisposable
{
    static readonly DateOnly Day = new(2026, 11, 10);
    static readonly DateTimeOffset DayStart = ReportDays.StartOf(Day);

    readonly ServiceProvider services = DeskServices.Create(new DeskSettings(azurite));

    ISlaReportStore Store => this.services.GetRequiredService<ISlaReportStore>();

    public void Dispose() => this.services.Dispose();

    static TicketFact Ticket(string id, string tenant, DateTimeOffset opened) =>
        new(id, tenant, SupportPlan.Gold, Severity.Urgent, Region.Us, "Sign-in fails", opened, null, null);

    static ClockFact Clock(string id, string tenant, DateTimeOffset started, SlaOutcome outcome, DateTimeOffset? opened = null) =>
        new(id, opened ?? started, "first-response", tenant, SupportPlan.Gold, Severity.Urgent, Region.Us, SlaClockKind.FirstResponse, started,
            TimeSpan.FromHours(1), started.AddHours(1), outcome == SlaOutcome.Met ? started.AddMinutes(20) : null, outcome,
            outcome == SlaOutcome.Met ? TimeSpan.FromMinutes(20) : null, null);

    [Fact]
    public async Task TenantFacts_AreOnlyThatTenants_EvenWhenAnotherTenantsNameStartsTheSame()
    {
        await this.Store.WriteAsync(
            [Ticket("SUP-A", "acme", DayStart.AddHours(1)), Ticket("SUP-B", "acme-prod", DayStart.AddHours(2))],
            [Clock("SUP-A", "acme", DayStart.AddHours(1), SlaOutcome.Met), Clock("SUP-B", "acme-prod", DayStart.AddHours(2), SlaOutcome.Met)],
            DayStart.AddDays(5), CancellationToken.None);

        (IReadOnlyList<TicketFact> tickets, IReadOnlyList<ClockFact> clocks) = await this.Store.TenantFactsAsync("acme", DayStart, DayStart.AddDays(1), CancellationToken.None);

        Assert.Equal(["SUP-A"], tickets.Select(t => t.TicketId));
        Assert.Equal(["SUP-A"], clocks.Select(c => c.TicketId));
    }

    [Fact]
    public async Task TenantFacts_ClockOfATicketOpenedTheMonthBefore_BringsItsTicket()
    {
        DateTimeOffset opened = new(2026, 10, 31, 23, 0, 0, TimeSpan.Zero);
        DateTimeOffset reopened = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        await this.Store.WriteAsync([Ticket("SUP-OLD", "acme", opened)], [Clock("SUP-OLD", "acme", reopened, SlaOutcome.Running, opened)], reopened, CancellationToken.None);

        (IReadOnlyList<TicketFact> tickets, IReadOnlyList<ClockFact> clocks) = await this.Store.TenantFactsAsync(
            "acme", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);

        Assert.Equal("SUP-OLD", Assert.Single(clocks).TicketId);
        Assert.Equal(opened, Assert.Single(tickets).CreatedAt);
    }

    [Fact]
    public async Task Digest_OfAnEndedDay_IsStored_AndRebuiltWhenALateFactArrives()
    {
        DateTimeOffset later = DayStart.AddDays(3);
        await this.Store.WriteAsync([Ticket("SUP-1", "acme", DayStart.AddHours(1))], [Clock("SUP-1", "acme", DayStart.AddHours(1), SlaOutcome.Running)], DayStart.AddHours(1), CancellationToken.None);

        SlaDayDigest first = Assert.Single(await this.Store.DigestsAsync(Day, Day.AddDays(1), later, CancellationToken.None));
        Assert.Equal(SlaOutcome.Running, Assert.Single(first.Counts).Outcome);

        // Stored: a second read is the stored digest (same figures)...
        Assert.Equal(first.Counts, Assert.Single(await this.Store.DigestsAsync(Day, Day.AddDays(1), later, CancellationToken.None)).Counts);

        // ...until the clock is answered two days later: its day's digest is rebuilt.
        await this.Store.WriteAsync([], [Clock("SUP-1", "acme", DayStart.AddHours(1), SlaOutcome.Met)], later, CancellationToken.None);
        SlaDayDigest rebuilt = Assert.Single(await this.Store.DigestsAsync(Day, Day.AddDays(1), later, CancellationToken.None));

        Assert.Equal(SlaOutcome.Met, Assert.Single(rebuilt.Counts).Outcome);
        Assert.Equal([1200L], Assert.Single(rebuilt.Responses).Seconds);
    }

    [Fact]
    public async Task Digest_OfToday_IsBuiltOnEveryRead_SoANewFactShowsAtOnce()
    {
        DateTimeOffset now = DayStart.AddHours(12);
        await this.Store.WriteAsync([Ticket("SUP-1", "acme", DayStart.AddHours(1))], [Clock("SUP-1", "acme", DayStart.AddHours(1), SlaOutcome.Met)], now, CancellationToken.None);
        Assert.Equal(1, Assert.Single(await this.Store.DigestsAsync(Day, Day.AddDays(1), now, CancellationToken.None)).Opened);

        await this.Store.WriteAsync([Ticket("SUP-2", "acme", DayStart.AddHours(2))], [Clock("SUP-2", "acme", DayStart.AddHours(2), SlaOutcome.Running)], now, CancellationToken.None);

        Assert.Equal(2, Assert.Single(await this.Store.DigestsAsync(Day, Day.AddDays(1), now, CancellationToken.None)).Opened);
    }

    [Fact]
    public async Task StaffReportApi_TicketAnsweredInTime_IsCountedMet_AndCustomersAreRefused()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        (string id, string token) = await host.SubmitAsync("globex", "urgent");
        (await host.Client.PostAsync($"/api/tickets/{id}/responses", Json("""{"kind":"reply","body":"Looking now."}"""))).EnsureSuccessStatusCode();

        // The shard records the answered clock on its next step (within a second or so).
        JsonElement report = default;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            report = await host.Client.GetFromJsonAsync<JsonElement>("/api/reports/sla");
            if (report.GetProperty("total").GetProperty("met").GetInt32() == 1)
            {
                break;
            }
        }

        Assert.Equal(1, report.GetProperty("total").GetProperty("met").GetInt32());
        Assert.Equal(0, report.GetProperty("total").GetProperty("missed").GetInt32());
        JsonElement globex = report.GetProperty("attainment").EnumerateArray().Single(r => r.GetProperty("dimension").GetString() == "tenant");
        Assert.Equal("globex", globex.GetProperty("value").GetString());
        Assert.Equal(1.0, globex.GetProperty("attainment").GetDouble());
        Assert.Equal(1, report.GetProperty("responses")[0].GetProperty("answered").GetInt32());

        using HttpResponseMessage csv = await host.Client.GetAsync("/api/reports/sla?format=csv&table=attainment");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("tenant,globex,1,0,0,1.0000", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using HttpClient customer = host.NewCustomerClient(token);
        using HttpResponseMessage refused = await customer.GetAsync("/api/reports/sla");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using HttpClient nobody = host.NewAnonymousClient();
        using HttpResponseMessage anonymous = await nobody.GetAsync("/api/reports/sla");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Backfill_TicketsFromBeforeTheReports_AreRecordedOnce_ThenItIsANoOp()
    {
        var intake = this.services.GetRequiredService<Support.Desk.Application.TicketIntake>();
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json(tenant: "globex", severity: "urgent"));
        var accepted = (Support.Desk.Application.IntakeResult.Accepted)await intake.SubmitAsync(body.RootElement, null, CancellationToken.None);
        DateTimeOffset opened = accepted.Ticket.CreatedAt;

        var backfill = this.services.GetRequiredService<Support.Desk.Hosting.Storage.SlaReportsBackfill>();
        int first = await backfill.BackfillAsync(CancellationToken.None);
        int second = await backfill.BackfillAsync(CancellationToken.None);
        (IReadOnlyList<TicketFact> tickets, IReadOnlyList<ClockFact> clocks) = await this.Store.TenantFactsAsync("globex", opened.AddMinutes(-1), opened.AddMinutes(1), CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Equal(accepted.Ticket.Id, Assert.Single(tickets).TicketId);
        Assert.Equal(SlaOutcome.Running, Assert.Single(clocks).Outcome);
    }

    [Fact]
    public async Task MonthlyEmail_GoesToEachSubscribedContactOnce_InTheFirstDaysOfTheirMonth_AndNotToAFormerContact()
    {
        var settings = new DeskSettings(azurite);
        await using ServiceProvider desk = DeskServices.Create(settings);
        var subscriptions = desk.GetRequiredService<IReportSubscriptions>();
        DateTimeOffset november = new(2026, 11, 12, 9, 0, 0, TimeSpan.Zero);
        await desk.GetRequiredService<ISlaReportStore>().WriteAsync(
            [Ticket("SUP-NOV", "globex", november)], [Clock("SUP-NOV", "globex", november, SlaOutcome.Met)], november.AddDays(1), CancellationToken.None);
        await subscriptions.PutAsync(new ReportSubscription("globex", DeskSettings.GlobexContact, november), CancellationToken.None);
        await subscriptions.PutAsync(new ReportSubscription("globex", "left@elsewhere.example", november), CancellationToken.None);

        // 1 December, 00:30 in Berlin (23:30 UTC on 30 November): November has ended there.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero));
        MonthlyReportMailer Mailer() => new(
            subscriptions, desk.GetRequiredService<ICustomerDirectory>(),
            new SlaReportQueries(desk.GetRequiredService<ISlaReportStore>(), desk.GetRequiredService<ICustomerDirectory>(), desk.GetRequiredService<SlaPolicy>(), time),
            desk.GetRequiredService<Support.Desk.Application.SupportCenter.SupportCenterEmails>(), desk.GetRequiredService<IEmailSender>(), time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MonthlyReportMailer>.Instance);

        int first = await Mailer().SendDueAsync(CancellationToken.None);
        int again = await Mailer().SendDueAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromDays(4));
        int afterTheSendingDays = await Mailer().SendDueAsync(CancellationToken.None);

        Assert.Equal((1, 0, 0), (first, again, afterTheSendingDays));
        MimeKit.MimeMessage mail = await MimeKit.MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(settings.MailDirectory, "sla-report.*.eml")));
        Assert.Equal(DeskSettings.GlobexContact, Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("SLA report for November 2026: globex", mail.Subject);
        Assert.Contains("urgent (target 30 minutes): 1 met, 0 missed, 0 still running; 100.0 % met", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?from=2026-02-30", "from")]
    [InlineData("?to=2026-12-05&from=2024-01-01", "to")]
    [InlineData("?from=0001-01-01&to=0001-01-02", "from")]
    [InlineData("?to=9999-12-31", "to")]
    [InlineData("?format=xml", "format")]
    [InlineData("?format=csv&table=everything", "table")]
    [InlineData("?tenant=globex", "tenant")]
    [InlineData("?from=2026-12-01&from=2026-12-02", "from")]
    public async Task StaffReportApi_BadQuery_Is400NamingTheParameter(string query, string field)
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));

        using HttpResponseMessage response = await host.Client.GetAsync("/api/reports/sla" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
    }

    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
