using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Support.Desk.Application.Ports;
using Support.Desk.Application.SupportCenter;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Status;
using Support.Desk.Hosting;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Status;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// The Support Center's storage with Azurite: status emails to subscribers exactly once however often the poll runs
/// or repeats after a crash, request limits that hold across instances, single-use sign-in links, and My tickets'
/// index (the tenant's tickets newest first, a page at a time, nobody else's).
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class SupportCenterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StatusChange_EmailsEachConfirmedSubscriberOnce_NotThePendingOne_EvenWhenTheBroadcastRepeats()
    {
        await using FakeStatusPages pages = await FakeStatusPages.StartAsync();
        DeskSettings settings = new DeskSettings(azurite)
            .With("StatusPages:Regions:us:Url", pages.Url("us").ToString())
            .With("StatusPages:Regions:eu:Url", pages.Url("eu").ToString())
            .With("StatusPages:Regions:au:Url", pages.Url("au").ToString())
            .With("StatusPages:StaleAfter", "06:00:00")
            .With("Storage:RegionStatusTable", "Status" + Guid.NewGuid().ToString("N")[..8])
            .With("Storage:RegionStatusHistoryTable", "History" + Guid.NewGuid().ToString("N")[..8]);
        foreach (string region in new[] { "us", "eu", "au" })
        {
            pages.Serve(region, "operational.json");
        }

        await using ServiceProvider services = DeskServices.Create(settings);
        var subscriptions = services.GetRequiredService<IStatusSubscriptions>();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await subscriptions.SaveAsync(new StatusSubscription(Region.Eu, "noc@globex.example", "globex", now, now), CancellationToken.None);
        await subscriptions.SaveAsync(new StatusSubscription(Region.Eu, "cto@globex.example", "globex", now, now), CancellationToken.None);
        await subscriptions.SaveAsync(new StatusSubscription(Region.Eu, "unconfirmed@globex.example", "globex", now, null), CancellationToken.None);
        await subscriptions.SaveAsync(new StatusSubscription(Region.Us, "ops@acme.example", "acme-prod", now, now), CancellationToken.None);
        StatusMonitor monitor = services.GetRequiredService<StatusMonitor>();

        await monitor.PollAllAsync(CancellationToken.None); // the first snapshot ever: no change to anyone
        Assert.Empty(Directory.GetFiles(settings.MailDirectory, "status-sub.*"));

        pages.Serve("eu", "major-incident.json");
        for (int poll = 0; poll < 4; poll++)
        {
            await monitor.PollAllAsync(CancellationToken.None);
        }

        string[] sent = Directory.GetFiles(settings.MailDirectory, "status-sub.*");
        MimeMessage[] messages = [.. sent.Select(f => MimeMessage.Load(f))];
        Assert.Equal(["cto@globex.example", "noc@globex.example"], messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.All(messages, m =>
        {
            Assert.StartsWith("<http://", m.Headers["List-Unsubscribe"], StringComparison.Ordinal);
            Assert.Equal("List-Unsubscribe=One-Click", m.Headers["List-Unsubscribe-Post"]);
            Assert.Contains("Incident opened", m.TextBody, StringComparison.Ordinal);
        });
        VersionedRegionState eu = (await services.GetRequiredService<IRegionStatusStore>().LoadAllAsync(CancellationToken.None)).Single(s => s.State.Region == Region.Eu);
        Assert.Empty(eu.State.PendingBroadcasts);

        // A crash between the sends and clearing the pending broadcast: the next poll repeats it, and sends nobody a second copy.
        string changeId = Path.GetFileName(sent[0]).Split('.')[1];
        var repeated = new StatusBroadcast(changeId, now, ["Incident opened: \"Elevated login errors in US-1\""]);
        await services.GetRequiredService<IRegionStatusStore>().SaveAsync(eu.State with { PendingBroadcasts = [repeated] }, eu.Version, [], CancellationToken.None);
        await monitor.PollAllAsync(CancellationToken.None);

        Assert.Equal(2, Directory.GetFiles(settings.MailDirectory, "status-sub.*").Length);
        Assert.Empty((await services.GetRequiredService<IRegionStatusStore>().LoadAllAsync(CancellationToken.None)).Single(s => s.State.Region == Region.Eu).State.PendingBroadcasts);

        // The incident ends: one more email each, about the recovery.
        pages.Serve("eu", "operational.json");
        await monitor.PollAllAsync(CancellationToken.None);
        await monitor.PollAllAsync(CancellationToken.None);
        Assert.Equal(4, Directory.GetFiles(settings.MailDirectory, "status-sub.*").Length);
    }

    [Fact]
    public async Task Unsubscribe_TheEmailsLinkEndsTheSubscription_AndAForgedOneDoesNothing()
    {
        DeskSettings settings = new(azurite);
        await using ServiceProvider services = DeskServices.Create(settings);
        var store = services.GetRequiredService<IStatusSubscriptions>();
        StatusSubscriptions subscriptions = services.GetRequiredService<StatusSubscriptions>();
        SignedTokens tokens = services.GetRequiredService<SignedTokens>();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await store.SaveAsync(new StatusSubscription(Region.Au, "noc@initech.example", "initech", now, now), CancellationToken.None);

        string forged = new SignedTokens(new Settings.AccessOptions { TicketTokenKeys = "someone-elses-ticket-token-key-0123456789" }).Issue(TokenPurpose.Unsubscribe, null, "noc@initech.example", "au");
        string confirmationNotUnsubscribe = tokens.Issue(TokenPurpose.SubscriptionConfirmation, now.AddDays(1), "noc@initech.example", "au");
        Assert.False(await subscriptions.UnsubscribeAsync(forged, CancellationToken.None));
        Assert.False(await subscriptions.UnsubscribeAsync(confirmationNotUnsubscribe, CancellationToken.None));
        Assert.Single(await store.ListConfirmedAsync(Region.Au, CancellationToken.None));

        string genuine = tokens.Issue(TokenPurpose.Unsubscribe, null, "noc@initech.example", "au");
        Assert.True(await subscriptions.UnsubscribeAsync(genuine, CancellationToken.None));
        Assert.True(await subscriptions.UnsubscribeAsync(genuine, CancellationToken.None));
        Assert.Empty(await store.ListConfirmedAsync(Region.Au, CancellationToken.None));
    }

    [Fact]
    public async Task Throttle_TwoInstancesCountingAtOnce_LetExactlyTheLimitThrough()
    {
        DeskSettings settings = new(azurite);
        await using ServiceProvider first = DeskServices.Create(settings);
        await using ServiceProvider second = DeskServices.Create(settings);
        IRequestThrottle[] throttles = [first.GetRequiredService<IRequestThrottle>(), second.GetRequiredService<IRequestThrottle>()];

        TimeSpan?[] answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            throttles[i % 2].TryTakeAsync("test-key", 5, TimeSpan.FromMinutes(15), CancellationToken.None)));

        Assert.Equal(5, answers.Count(a => a is null));
        Assert.All(answers.Where(a => a is not null), a => Assert.InRange(a!.Value, TimeSpan.Zero, TimeSpan.FromMinutes(15)));
        Assert.Null(await throttles[0].TryTakeAsync("another-key", 5, TimeSpan.FromMinutes(15), CancellationToken.None));
    }

    [Fact]
    public async Task SignInLink_RedeemedOnce_EvenWhenTwoBrowsersPostItAtOnce()
    {
        DeskSettings settings = new DeskSettings(azurite).With("Customers:acme-prod:EmailDomains:0", "acme.example");
        await using ServiceProvider services = DeskServices.Create(settings);
        CustomerSignIn signIn = services.GetRequiredService<CustomerSignIn>();
        string token = services.GetRequiredService<SignedTokens>().Issue(TokenPurpose.SignInLink, DateTimeOffset.UtcNow.AddMinutes(15), "jane@acme.example", "acme-prod", "link-under-test-" + Guid.NewGuid().ToString("N"));

        CustomerContact?[] redeemed = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => signIn.RedeemAsync(token, CancellationToken.None)));

        Assert.Equal(new CustomerContact("jane@acme.example", "acme-prod"), Assert.Single(redeemed, c => c is not null));
        string otherTenant = services.GetRequiredService<SignedTokens>().Issue(TokenPurpose.SignInLink, DateTimeOffset.UtcNow.AddMinutes(15), "jane@acme.example", "globex", "link-" + Guid.NewGuid().ToString("N"));
        Assert.Null(await signIn.RedeemAsync(otherTenant, CancellationToken.None));
    }

    [Fact]
    public async Task MyTickets_TheTenantsTicketsNewestFirst_PageByPage_AndNoOneElses()
    {
        DeskSettings settings = new(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        var acme = new List<string>();
        for (int i = 0; i < 27; i++)
        {
            acme.Add(await SubmitAsync(host, "acme-prod", $"Acme ticket {i}"));
            if (i % 9 == 0)
            {
                await SubmitAsync(host, "globex", $"Globex ticket {i}");
            }
        }

        await using ServiceProvider services = DeskServices.Create(settings);
        TenantTickets tenantTickets = services.GetRequiredService<TenantTickets>();
        var contact = new CustomerContact("ops@acme.example", "acme-prod");

        // Each ticket joins the list in the step that sends its confirmation, moments after it was acknowledged.
        await Eventually.GetAsync(
            () => Task.FromResult(Directory.GetFiles(settings.MailDirectory, "*.confirmation.1.eml").Length == acme.Count + 3 ? "all confirmed" : null),
            TimeSpan.FromSeconds(60), "every ticket's confirmation");
        (IReadOnlyList<Application.TicketView> page1, string? next) = await tenantTickets.ListAsync(contact, null, CancellationToken.None);
        Assert.NotNull(next);
        (IReadOnlyList<Application.TicketView> page2, string? end) = await tenantTickets.ListAsync(contact, next, CancellationToken.None);

        string[] listed = [.. page1.Concat(page2).Select(v => v.Ticket.Id)];
        Assert.Equal(TenantTickets.PageSize, page1.Count);
        Assert.Null(end);
        Assert.Equal(Enumerable.Reverse(acme), listed);
        Assert.All(page1.Concat(page2), v => Assert.False(v.ForStaff));
        (IReadOnlyList<Application.TicketView> fromGarbage, _) = await tenantTickets.ListAsync(contact, "not a continuation \u0000 !!", CancellationToken.None);
        Assert.Equal(page1.Select(v => v.Ticket.Id), fromGarbage.Select(v => v.Ticket.Id));
        (IReadOnlyList<Application.TicketView> globex, _) = await tenantTickets.ListAsync(new CustomerContact("hans@globex.example", "globex"), null, CancellationToken.None);
        Assert.Equal(3, globex.Count);
        Assert.All(globex, v => Assert.Equal("globex", v.Ticket.Submission.Tenant));
    }

    [Fact]
    public async Task Backfill_TicketsFromBeforeMyTicketsExisted_AreListed_AndTheNextStartAddsNothing()
    {
        DeskSettings settings = new(azurite);
        var submitted = new List<string>();
        await using (LocalHostProcess host = await LocalHostProcess.StartAsync(settings))
        {
            for (int i = 0; i < 3; i++)
            {
                submitted.Add(await SubmitAsync(host, "acme-prod", $"Before My tickets {i}"));
            }

            await Eventually.GetAsync(
                () => Task.FromResult(Directory.GetFiles(settings.MailDirectory, "*.confirmation.1.eml").Length == 3 ? "all confirmed" : null),
                TimeSpan.FromSeconds(60), "every ticket's confirmation");
        }

        // As after an upgrade: the same tickets, and a tenants' index that never saw them.
        settings.With("Storage:TenantTicketsTable", "Upgraded" + Guid.NewGuid().ToString("N")[..8]);
        await using ServiceProvider services = DeskServices.Create(settings);
        Support.Desk.Hosting.Storage.TenantTicketsBackfill backfill = services.GetRequiredService<Support.Desk.Hosting.Storage.TenantTicketsBackfill>();

        Assert.Equal(3, await backfill.BackfillAsync(CancellationToken.None));
        Assert.Equal(0, await backfill.BackfillAsync(CancellationToken.None));
        (IReadOnlyList<Application.TicketView> listed, _) = await services.GetRequiredService<TenantTickets>()
            .ListAsync(new CustomerContact("ops@acme.example", "acme-prod"), null, CancellationToken.None);
        Assert.Equal(Enumerable.Reverse(submitted), listed.Select(v => v.Ticket.Id));
    }

    static async Task<string> SubmitAsync(LocalHostProcess host, string tenant, string subject)
    {
        using var body = new StringContent(TicketRequests.Json(tenant, "normal", subject), Encoding.UTF8, "application/json");
        using HttpResponseMessage created = await host.Client.PostAsync("/api/tickets", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
    }
}
