using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Support.Desk.Application;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Queue;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Queue;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// <c>GET /api/tickets</c> on the local host with Azurite: the queue in deadline order, its filters and pages, who may
/// read it, and the notices staff get from the same steps that keep it (assignments and customer updates).
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class StaffQueueTests(AzuriteFixture azurite)
{
    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    static async Task<string> SubmitAsync(LocalHostProcess host, string tenant, string severity, string subject)
    {
        using HttpResponseMessage created = await host.Client.PostAsync("/api/tickets", Json(TicketRequests.Json(tenant, severity, subject)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
    }

    static string[] Ids(JsonElement page) => [.. page.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("ticketId").GetString()!)];

    [Fact]
    public async Task ListTickets_OrdersByDeadline_FiltersAndPagesWithContinuations()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        string normal = await SubmitAsync(host, "acme-prod", "normal", "Slow reports");
        string urgent = await SubmitAsync(host, "acme-prod", "urgent", "Nobody can sign in");
        string high = await SubmitAsync(host, "globex", "high", "Some users cannot sign in");
        string low = await SubmitAsync(host, "acme-prod", "low", "A typo on the login page");

        JsonElement all = await host.Client.GetFromJsonAsync<JsonElement>("/api/tickets");
        JsonElement[] rows = [.. all.GetProperty("tickets").EnumerateArray()];
        DateTimeOffset[] due = [.. rows.Select(r => r.GetProperty("dueAt").GetDateTimeOffset())];

        Assert.Equal(4, rows.Length);
        Assert.Equal(due.Order(), due);
        Assert.Equal(urgent, Ids(all)[0]);
        JsonElement first = rows[0];
        Assert.Equal("Nobody can sign in", first.GetProperty("subject").GetString());
        Assert.Equal("gold", first.GetProperty("plan").GetString());
        Assert.Equal("ok", first.GetProperty("risk").GetString());
        Assert.Equal("running", first.GetProperty("clock").GetProperty("state").GetString());
        Assert.Equal($"/api/tickets/{urgent}", first.GetProperty("links").GetProperty("self").GetString());
        Assert.False(all.TryGetProperty("continuation", out _));

        Assert.Equal([high], Ids(await host.Client.GetFromJsonAsync<JsonElement>("/api/tickets?tenant=globex")));
        Assert.Equal([high], Ids(await host.Client.GetFromJsonAsync<JsonElement>("/api/tickets?tier=premium")));
        Assert.Equal([low], Ids(await host.Client.GetFromJsonAsync<JsonElement>("/api/tickets?severity=low&region=us")));
        string soon = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(90).ToString("o"));
        Assert.Equal([urgent], Ids(await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets?breachingBefore={soon}")));

        // Pages of one: the continuation walks the same order, and the next link keeps the filters.
        var walked = new List<string>();
        string? next = "/api/tickets?pageSize=1&region=us";
        while (next is not null)
        {
            JsonElement page = await host.Client.GetFromJsonAsync<JsonElement>(next);
            walked.AddRange(Ids(page));
            next = page.GetProperty("links").TryGetProperty("next", out JsonElement link) ? link.GetString() : null;
            Assert.True(next is null || next.Contains("region=us", StringComparison.Ordinal));
        }

        Assert.Equal(Ids(all).Where(id => id != high), walked);
        Assert.Equal(normal, walked[^2]);
    }

    [Fact]
    public async Task ListTickets_ReflectsChanges_ReplyLeavesTheRunningLane_CloseMovesToClosed()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        string answered = await SubmitAsync(host, "acme-prod", "urgent", "Answered");
        string waiting = await SubmitAsync(host, "acme-prod", "urgent", "Waiting on the customer");
        string running = await SubmitAsync(host, "acme-prod", "high", "Still running");

        (await host.Client.PostAsync($"/api/tickets/{answered}/responses", Json("""{"kind":"reply","body":"Fixed the certificate."}"""))).EnsureSuccessStatusCode();
        (await host.Client.PostAsync($"/api/tickets/{waiting}/responses", Json("""{"kind":"request-info","body":"Which browser?"}"""))).EnsureSuccessStatusCode();
        (await host.Client.PostAsync($"/api/tickets/{answered}/resolution", Json("""{"summary":"Certificate rotated."}"""))).EnsureSuccessStatusCode();

        JsonElement open = await host.Client.GetFromJsonAsync<JsonElement>("/api/tickets");
        Assert.Equal([running, waiting, answered], Ids(open));
        JsonElement paused = open.GetProperty("tickets")[1];
        Assert.Equal("paused", paused.GetProperty("clock").GetProperty("state").GetString());
        Assert.False(paused.TryGetProperty("dueAt", out _));
        Assert.Equal([waiting], Ids(await host.Client.GetFromJsonAsync<JsonElement>("/api/tickets?state=waiting-on-customer")));
        Assert.Equal([running], Ids(await host.Client.GetFromJsonAsync<JsonElement>("/api/tickets?state=new")));
    }

    [Fact]
    public async Task ListTickets_CustomerOrAnonymous_IsRefused_BadFilter_IsAProblemNamingIt()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        (_, string token) = await host.SubmitAsync();
        using HttpClient customer = host.NewCustomerClient(token);
        using HttpClient anonymous = host.NewAnonymousClient();

        using HttpResponseMessage asCustomer = await customer.GetAsync("/api/tickets?severity=nope");
        using HttpResponseMessage asNobody = await anonymous.GetAsync("/api/tickets");
        using HttpResponseMessage badFilter = await host.Client.GetAsync("/api/tickets?severity=nope&colour=red");
        using HttpResponseMessage badContinuation = await host.Client.GetAsync("/api/tickets?continuation=q1.%21%21");

        Assert.Equal(HttpStatusCode.Forbidden, asCustomer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asNobody.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Equal("application/problem+json", badFilter.Content.Headers.ContentType?.MediaType);
        JsonElement errors = (await badFilter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("severity", out _));
        Assert.True(errors.TryGetProperty("colour", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badContinuation.StatusCode);
    }

    [Fact]
    public async Task Assignment_OnlyToTheRoster_MeIsTheCaller_AndTheNewAssigneeIsEmailedOnce()
    {
        var settings = new DeskSettings(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        string id = await SubmitAsync(host, "acme-prod", "urgent", "Assign me");

        using HttpResponseMessage stranger = await host.Client.PatchAsync($"/api/tickets/{id}", Json("""{"assignee":"someone@else.example"}"""));
        using HttpResponseMessage toKim = await host.Client.PatchAsync($"/api/tickets/{id}", Json($$"""{"assignee":"{{DeskSettings.OtherStaffName}}"}"""));
        using HttpResponseMessage toMe = await host.Client.PatchAsync($"/api/tickets/{id}", Json("""{"assignee":"me"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.Contains("roster", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, toKim.StatusCode);
        Assert.Equal(DeskSettings.StaffName, (await toMe.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignee").GetString());
        Assert.Equal([id], Ids(await host.Client.GetFromJsonAsync<JsonElement>("/api/tickets?assignee=me")));
        Assert.Empty(Ids(await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets?assignee={DeskSettings.OtherStaffName}")));

        // Kim was told once; Sam took it himself and was not.
        MimeMessage[] assigned = await Eventually.GetAsync(async () =>
        {
            MimeMessage[] mails = await Task.WhenAll(settings.MailFiles().Select(f => MimeMessage.LoadAsync(f)));
            MimeMessage[] found = [.. mails.Where(m => (m.Subject ?? string.Empty).Contains("Assigned to you", StringComparison.Ordinal))];
            return found.Length > 0 ? found : null;
        }, TimeSpan.FromSeconds(15), "the assignment email");
        await Task.Delay(TimeSpan.FromSeconds(2));
        assigned = [.. (await Task.WhenAll(settings.MailFiles().Select(f => MimeMessage.LoadAsync(f)))).Where(m => (m.Subject ?? string.Empty).Contains("Assigned to you", StringComparison.Ordinal))];
        Assert.Equal(DeskSettings.OtherStaffName, Assert.Single(assigned).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task CustomerUpdate_IsEmailedToTheAssigneeOnce()
    {
        var settings = new DeskSettings(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string token) = await host.SubmitAsync();
        (await host.Client.PatchAsync($"/api/tickets/{id}", Json($$"""{"assignee":"{{DeskSettings.OtherStaffName}}","severity":"urgent"}"""))).EnsureSuccessStatusCode();
        using HttpClient customer = host.NewCustomerClient(token);

        (await customer.PostAsync($"/api/tickets/{id}/updates", Json("""{"body":"It fails on Firefox too."}"""))).EnsureSuccessStatusCode();

        MimeMessage activity = await Eventually.GetAsync(async () =>
        {
            foreach (string file in settings.MailFiles())
            {
                MimeMessage m = await MimeMessage.LoadAsync(file);
                if ((m.Subject ?? string.Empty).Contains("Customer activity", StringComparison.Ordinal))
                {
                    return m;
                }
            }

            return null;
        }, TimeSpan.FromSeconds(15), "the customer-activity email");
        Assert.Equal(DeskSettings.OtherStaffName, activity.To.Mailboxes.Single().Address);
        Assert.Contains("It fails on Firefox too.", activity.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/staff/tickets/{id}", activity.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_RowLeftBehindByACrashedWriter_IsHiddenAtOnceAndRemovedWhenAbandoned()
    {
        var settings = new DeskSettings(azurite);
        await using ServiceProvider services = DeskServices.Create(settings);
        var queue = services.GetRequiredService<StaffQueue>();
        var index = services.GetRequiredService<IStaffQueueIndex>();
        var intake = services.GetRequiredService<TicketIntake>();
        Caller staff = Caller.ForStaff(new StaffMember(DeskSettings.StaffName, "test"));
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json(severity: "urgent"));
        var accepted = (IntakeResult.Accepted)await intake.SubmitAsync(body.RootElement, null, CancellationToken.None);
        Ticket ticket = accepted.Ticket;

        // A writer put the row for a change (a severity change) and died before saving the ticket; another never saved its ticket at all.
        Ticket unsaved = ticket with { Severity = Severity.Low };
        await index.PutAsync(QueueEntry.Of(unsaved, services.GetRequiredService<SlaPolicy>(), DateTimeOffset.UtcNow.AddMinutes(-10)), CancellationToken.None);
        await index.PutAsync(QueueEntry.Of(ticket with { Id = "SUP-ZZZZ-ZZZZ-ZZZZ" }, services.GetRequiredService<SlaPolicy>(), DateTimeOffset.UtcNow), CancellationToken.None);

        var page = (QueueResult.Listed)await queue.ListAsync(staff, new QueueFilter(), null, 50, CancellationToken.None);
        Assert.Equal([ticket.Id], page.Page.Rows.Select(r => r.Ticket.Id));

        // The abandoned row (older than two minutes) is gone; the fresh one stays until it is old enough, a writer may still save.
        IReadOnlyList<QueueEntry> rows = await index.ReadAsync(new QueueFilter(), null, 50, CancellationToken.None);
        Assert.Equal(2, rows.Count);
        Assert.DoesNotContain(rows, r => r.SortKey == QueueEntry.SortKeyOf(unsaved, services.GetRequiredService<SlaPolicy>()));
    }

    [Fact]
    public async Task Reader_AfterTheSlaPolicyChanged_ReSortsTheQueueInsteadOfEmptyingIt()
    {
        var settings = new DeskSettings(azurite);
        DateTimeOffset longAgo = DateTimeOffset.UtcNow.AddMinutes(-10);
        Ticket ticket;
        await using (ServiceProvider before = DeskServices.Create(settings))
        {
            using JsonDocument body = JsonDocument.Parse(TicketRequests.Json(severity: "urgent"));
            ticket = ((IntakeResult.Accepted)await before.GetRequiredService<TicketIntake>().SubmitAsync(body.RootElement, null, CancellationToken.None)).Ticket;

            // Its row as written more than two minutes ago, under the old one-hour target.
            await before.GetRequiredService<IStaffQueueIndex>().PutAsync(QueueEntry.Of(ticket, before.GetRequiredService<SlaPolicy>(), longAgo), CancellationToken.None);
        }

        // The operator shortens the urgent target: every stored key is now wrong.
        await using ServiceProvider after = DeskServices.Create(settings.With("Sla:Standard:Urgent:Target", "00:30:00"));
        StaffQueue queue = after.GetRequiredService<StaffQueue>();
        Caller staff = Caller.ForStaff(new StaffMember(DeskSettings.StaffName, "test"));
        var first = (QueueResult.Listed)await queue.ListAsync(staff, new QueueFilter(), null, 50, CancellationToken.None);
        var second = (QueueResult.Listed)await queue.ListAsync(staff, new QueueFilter(), null, 50, CancellationToken.None);

        Assert.Empty(first.Page.Rows);
        QueueRow row = Assert.Single(second.Page.Rows);
        Assert.Equal(ticket.CreatedAt.AddMinutes(30), row.Clock!.DueAt);
    }

    [Fact]
    public async Task Backfill_TicketsOpenedBeforeTheQueue_AreListedOnce_ThenItIsANoOp()
    {
        var settings = new DeskSettings(azurite);
        await using ServiceProvider services = DeskServices.Create(settings);
        var intake = services.GetRequiredService<TicketIntake>();
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json(severity: "urgent"));
        var accepted = (IntakeResult.Accepted)await intake.SubmitAsync(body.RootElement, null, CancellationToken.None);

        // As before the queue existed: the ticket is open and scheduled, but has no queue row.
        var table = new Azure.Data.Tables.TableClient(azurite.ConnectionString, settings.Values["Storage:StaffQueueTable"]);
        await foreach (Azure.Data.Tables.TableEntity row in table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var backfill = services.GetRequiredService<Support.Desk.Hosting.Storage.StaffQueueBackfill>();
        int first = await backfill.BackfillAsync(CancellationToken.None);
        int second = await backfill.BackfillAsync(CancellationToken.None);
        var page = (QueueResult.Listed)await services.GetRequiredService<StaffQueue>().ListAsync(
            Caller.ForStaff(new StaffMember(DeskSettings.StaffName, "test")), new QueueFilter(), null, 50, CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Equal([accepted.Ticket.Id], page.Page.Rows.Select(r => r.Ticket.Id));
    }
}
