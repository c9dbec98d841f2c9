using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Access;
using Support.Desk.Hosting.Http;
using Support.Desk.IntegrationTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using Support.Desk.Settings;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// Who may do what, over HTTP on the local host: customers reach only their own tickets with their token,
/// staff endpoints refuse anonymous and customer callers, and staff Entra ID tokens are validated for real
/// against an OpenID configuration served on 127.0.0.1.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class AccessTests(AzuriteFixture azurite)
{
    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) };
        using HttpResponseMessage response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A 404 body without the per-request fields (trace ID, path), to compare answers.</summary>
    static string Shape(string problem)
    {
        using JsonDocument json = JsonDocument.Parse(problem);
        return $"{json.RootElement.GetProperty("status").GetInt32()} {json.RootElement.GetProperty("type").GetString()} {json.RootElement.GetProperty("detail").GetString()}";
    }

    [Fact]
    public async Task CustomerToken_OpensOnlyItsOwnTicket_AnotherTicketLooksNonexistent()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        (string idA, string tokenA) = await host.SubmitAsync("acme-prod");
        (string idB, string tokenB) = await host.SubmitAsync("globex");
        using HttpClient customerA = host.NewCustomerClient(tokenA);
        const string unknownId = "SUP-ZZZZ-ZZZZ-ZZZZ";
        string update = """{"role":"customer","body":"More detail."}""";

        var ownRead = await SendAsync(customerA, HttpMethod.Get, $"/api/tickets/{idA}");
        var ownUpdate = await SendAsync(customerA, HttpMethod.Post, $"/api/tickets/{idA}/updates", update);
        var otherRead = await SendAsync(customerA, HttpMethod.Get, $"/api/tickets/{idB}");
        var otherUpdate = await SendAsync(customerA, HttpMethod.Post, $"/api/tickets/{idB}/updates", update);
        var otherConfirm = await SendAsync(customerA, HttpMethod.Post, $"/api/tickets/{idB}/confirmation", """{"resolved":true}""");
        var unknownRead = await SendAsync(customerA, HttpMethod.Get, $"/api/tickets/{unknownId}");
        var unknownUpdate = await SendAsync(customerA, HttpMethod.Post, $"/api/tickets/{unknownId}/updates", update);
        var forgedToken = await SendAsync(host.NewCustomerClient(tokenB[..^2] + "xx"), HttpMethod.Get, $"/api/tickets/{idB}");

        Assert.Equal(HttpStatusCode.OK, ownRead.Status);
        Assert.Contains(idA, ownRead.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ownUpdate.Status);

        // B's ticket answers exactly like a ticket that does not exist, and nothing of it leaks.
        Assert.All([otherRead, otherUpdate, otherConfirm, unknownRead, unknownUpdate, forgedToken], r => Assert.Equal(HttpStatusCode.NotFound, r.Status));
        Assert.Equal(Shape(unknownRead.Body), Shape(otherRead.Body));
        Assert.Equal(Shape(unknownUpdate.Body), Shape(otherUpdate.Body));
        Assert.Equal(Shape(unknownRead.Body), Shape(forgedToken.Body));
        Assert.All([otherRead, otherUpdate, otherConfirm], r => Assert.DoesNotContain("globex", r.Body, StringComparison.Ordinal));

        // And B's ticket is unchanged: no update from A on its timeline.
        var staffViewOfB = await SendAsync(host.Client, HttpMethod.Get, $"/api/tickets/{idB}");
        Assert.DoesNotContain("More detail.", staffViewOfB.Body, StringComparison.Ordinal);
        Assert.Equal("open", JsonDocument.Parse(staffViewOfB.Body).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task StaffEndpoints_RefuseAnonymous401AndCustomers403_CustomerEndpointsRefuseAnonymous_ConfirmationIsTheCustomers()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        (string id, string token) = await host.SubmitAsync("acme-prod");
        using HttpClient anonymous = host.NewAnonymousClient();
        using HttpClient customer = host.NewCustomerClient(token);
        using HttpClient wrongStaffKey = host.NewAnonymousClient();
        wrongStaffKey.DefaultRequestHeaders.Add("X-Staff-Key", "not-the-staff-key-not-the-staff-key-0000");
        (HttpMethod Method, string Path, string? Body)[] staffOnly =
        [
            (HttpMethod.Post, $"/api/tickets/{id}/responses", """{"kind":"reply","body":"On it."}"""),
            (HttpMethod.Post, $"/api/tickets/{id}/resolution", """{"summary":"Fixed."}"""),
            (HttpMethod.Patch, $"/api/tickets/{id}", """{"severity":"urgent"}"""),
            (HttpMethod.Post, $"/api/tickets/{id}/updates", """{"role":"agent","body":"Call notes."}"""),
            (HttpMethod.Get, "/api/status", null),
        ];

        foreach ((HttpMethod method, string path, string? body) in staffOnly)
        {
            var fromAnonymous = await SendAsync(anonymous, method, path, body);
            var fromCustomer = await SendAsync(customer, method, path, body);
            var fromWrongKey = await SendAsync(wrongStaffKey, method, path, body);
            Assert.True(fromAnonymous.Status == HttpStatusCode.Unauthorized, $"{method} {path} anonymous: {fromAnonymous.Status}");
            Assert.True(fromCustomer.Status == HttpStatusCode.Forbidden, $"{method} {path} customer: {fromCustomer.Status}");
            Assert.True(fromWrongKey.Status == HttpStatusCode.Unauthorized, $"{method} {path} wrong staff key: {fromWrongKey.Status}");
            if (body is not null && !path.EndsWith("/updates", StringComparison.Ordinal))
            {
                // Refused before the body is read: a customer learns nothing from a staff endpoint's validation.
                var garbageFromCustomer = await SendAsync(customer, method, path, "{not json");
                Assert.True(garbageFromCustomer.Status == HttpStatusCode.Forbidden, $"{method} {path} customer, bad body: {garbageFromCustomer.Status}");
            }
        }

        using HttpResponseMessage anonymousRead = await anonymous.GetAsync($"/api/tickets/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousRead.StatusCode);
        Assert.Equal("application/problem+json", anonymousRead.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", anonymousRead.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(anonymous, HttpMethod.Post, $"/api/tickets/{id}/confirmation", """{"resolved":true}""")).Status);

        // Staff propose; only the customer's word closes the ticket.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(host.Client, HttpMethod.Post, $"/api/tickets/{id}/resolution", """{"summary":"Fixed."}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(host.Client, HttpMethod.Post, $"/api/tickets/{id}/confirmation", """{"resolved":true}""")).Status);
        var confirmed = await SendAsync(customer, HttpMethod.Post, $"/api/tickets/{id}/confirmation", """{"resolved":true}""");
        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        Assert.Equal("closed", JsonDocument.Parse(confirmed.Body).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Intake_WithoutTheFunctionKey_Returns401_WithTheKeyAsCodeParameterIsAccepted()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        using HttpClient anonymous = host.NewAnonymousClient();

        using HttpResponseMessage without = await anonymous.PostAsync("/api/tickets", Json(TicketRequests.Json()));
        using HttpResponseMessage wrong = await anonymous.PostAsync("/api/tickets?code=wrong", Json(TicketRequests.Json()));
        using HttpResponseMessage withCode = await anonymous.PostAsync($"/api/tickets?code={DeskSettings.FunctionKey}", Json(TicketRequests.Json()));

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("application/problem+json", without.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, withCode.StatusCode);
    }

    [Fact]
    public async Task LocalHost_WithoutAFunctionKey_RefusesToStart()
    {
        var settings = new DeskSettings(azurite).With("LocalHost:FunctionKey", string.Empty);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalHostProcess.StartAsync(settings));

        Assert.Contains("LocalHost:FunctionKey must be set", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntraStaffTokens_ValidatedAgainstTheTenantsKeys_IssuerAudienceLifetimeAndRole()
    {
        using RSA signingKey = RSA.Create(2048);
        using RSA strangerKey = RSA.Create(2048);
        using WireMockServer identity = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePorts.Next()}"] });
        string authority = $"{identity.Url}/tenant-1/v2.0";
        RSAParameters publicKey = signingKey.ExportParameters(false);
        identity.Given(Request.Create().WithPath("/tenant-1/v2.0/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(
                JsonSerializer.Serialize(new { issuer = authority, jwks_uri = $"{authority}/keys", id_token_signing_alg_values_supported = new[] { "RS256" } })));
        identity.Given(Request.Create().WithPath("/tenant-1/v2.0/keys").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new
            {
                keys = new[] { new { kty = "RSA", use = "sig", kid = "key-1", alg = "RS256", n = Base64UrlEncoder.Encode(publicKey.Modulus), e = Base64UrlEncoder.Encode(publicKey.Exponent) } },
            })));

        string Token(RSA key, string audience = "api://support-desk", string issuer = "", string[]? roles = null, TimeSpan? expiresIn = null)
        {
            DateTime now = DateTime.UtcNow;
            DateTime expires = now + (expiresIn ?? TimeSpan.FromMinutes(30));
            return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer.Length > 0 ? issuer : authority,
                Audience = audience,
                IssuedAt = expires.AddHours(-1),
                NotBefore = expires.AddHours(-1),
                Expires = expires,
                Claims = new Dictionary<string, object> { ["name"] = "Sam Staff", ["preferred_username"] = "sam.staff@desk.example", ["roles"] = roles ?? ["Support.Staff"] },
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "key-1" }, SecurityAlgorithms.RsaSha256),
            });
        }

        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite)
            .With("Access:Entra:Authority", authority)
            .With("Access:Entra:Audience", "api://support-desk"));
        (string id, _) = await host.SubmitAsync("acme-prod");

        async Task<HttpStatusCode> RespondWithAsync(string bearer)
        {
            using HttpClient client = host.NewAnonymousClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            return (await SendAsync(client, HttpMethod.Post, $"/api/tickets/{id}/responses", """{"kind":"reply","body":"On it."}""")).Status;
        }

        Assert.Equal(HttpStatusCode.OK, await RespondWithAsync(Token(signingKey)));

        // The reply is recorded as the signed-in user's, by sign-in name.
        JsonElement replied = await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        Assert.Equal("sam.staff@desk.example", replied.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "agent-replied").GetProperty("actor").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, await RespondWithAsync(Token(strangerKey)));
        Assert.Equal(HttpStatusCode.Unauthorized, await RespondWithAsync(Token(signingKey, audience: "api://another-app")));
        Assert.Equal(HttpStatusCode.Unauthorized, await RespondWithAsync(Token(signingKey, issuer: "https://login.example/another-tenant/v2.0")));
        Assert.Equal(HttpStatusCode.Unauthorized, await RespondWithAsync(Token(signingKey, expiresIn: TimeSpan.FromMinutes(-10))));
        Assert.Equal(HttpStatusCode.Forbidden, await RespondWithAsync(Token(signingKey, roles: ["Support.Reader"])));
        Assert.Equal(HttpStatusCode.Unauthorized, await RespondWithAsync("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));

        // The staff member's token still cannot confirm for the customer.
        using HttpClient staff = host.NewAnonymousClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(signingKey));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(staff, HttpMethod.Post, $"/api/tickets/{id}/confirmation", """{"resolved":true}""")).Status);
    }

    static JsonElement[] Timeline(JsonElement ticket) => [.. ticket.GetProperty("timeline").EnumerateArray()];

    static string[] KindsOf(JsonElement ticket) => [.. Timeline(ticket).Select(e => e.GetProperty("kind").GetString()!)];

    [Fact]
    public async Task TimelineActor_IsWhoSignedIn_NobodyWritesAsSomeoneElse()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite));
        (string id, string token) = await host.SubmitAsync("acme-prod");
        using HttpClient customer = host.NewCustomerClient(token);

        var staffAsCustomer = await SendAsync(host.Client, HttpMethod.Post, $"/api/tickets/{id}/updates", """{"role":"customer","body":"I am the customer now."}""");
        var customerAsAgent = await SendAsync(customer, HttpMethod.Post, $"/api/tickets/{id}/updates", """{"role":"agent","body":"Fixed it myself."}""");
        var customerNote = await SendAsync(customer, HttpMethod.Post, $"/api/tickets/{id}/updates", """{"body":"psst","internal":true}""");
        var namedAuthor = await SendAsync(host.Client, HttpMethod.Post, $"/api/tickets/{id}/responses", """{"kind":"reply","author":"ceo@desk.example","body":"Hi"}""");
        var staffReply = await SendAsync(host.Client, HttpMethod.Post, $"/api/tickets/{id}/responses", """{"kind":"reply","body":"Looking now."}""");
        var customerUpdate = await SendAsync(customer, HttpMethod.Post, $"/api/tickets/{id}/updates", """{"body":"Thanks, it fails at the MFA step."}""");
        var staffNote = await SendAsync(host.Client, HttpMethod.Post, $"/api/tickets/{id}/updates", """{"body":"Likely the MFA provider.","internal":true}""");

        Assert.Equal(HttpStatusCode.Forbidden, staffAsCustomer.Status);
        Assert.Contains("cannot post as the customer", staffAsCustomer.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, customerAsAgent.Status);
        Assert.Equal(HttpStatusCode.Forbidden, customerNote.Status);
        Assert.Equal(HttpStatusCode.BadRequest, namedAuthor.Status);
        Assert.Contains("author", namedAuthor.Body, StringComparison.Ordinal);
        Assert.All([staffReply, customerUpdate, staffNote], r => Assert.Equal(HttpStatusCode.OK, r.Status));

        JsonElement ticket = await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        string ActorOf(string kind) => Timeline(ticket).Single(e => e.GetProperty("kind").GetString() == kind).GetProperty("actor").GetString()!;
        Assert.Equal(DeskSettings.StaffName, ActorOf("agent-replied"));
        Assert.Equal(DeskSettings.StaffName, ActorOf("internal-note"));
        Assert.Equal("jane@customer.example", ActorOf("customer-update"));
        Assert.DoesNotContain(Timeline(ticket), e => e.GetProperty("actor").GetString() == "ceo@desk.example");
    }

    [Fact]
    public async Task CustomersView_LeavesOutInternalEventsAndAssignment_StaffSeeEverything()
    {
        // A clock of seconds, so the warning, the breach and their emails happen during the test.
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite)
            .With("Sla:Standard:High:Target", "00:00:04")
            .With("Sla:Standard:High:Coverage", "always-on"));
        (string id, string token) = await host.SubmitAsync("acme-prod");
        using HttpClient customer = host.NewCustomerClient(token);
        await SendAsync(host.Client, HttpMethod.Patch, $"/api/tickets/{id}", """{"assignee":"sam@desk.example"}""");
        await SendAsync(host.Client, HttpMethod.Post, $"/api/tickets/{id}/updates", """{"body":"Escalate to the IdP team if no luck by noon.","internal":true}""");
        await Eventually.GetAsync(async () => KindsOf(await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}")).Contains("sla-breached") ? "breached" : null,
            TimeSpan.FromSeconds(20), "the breach");
        await Task.Delay(TimeSpan.FromSeconds(1));

        JsonElement staffView = await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        JsonElement customerView = await customer.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");

        string[] internalKinds = ["assignee-changed", "internal-note", "sla-warning", "sla-breached", "email-sent"];
        Assert.All(internalKinds, kind => Assert.Contains(kind, KindsOf(staffView)));
        Assert.All(internalKinds, kind => Assert.DoesNotContain(kind, KindsOf(customerView)));
        Assert.Contains("submitted", KindsOf(customerView));
        Assert.Equal("sam@desk.example", staffView.GetProperty("assignee").GetString());
        Assert.False(customerView.TryGetProperty("assignee", out _));
        Assert.False(customerView.GetProperty("sla").TryGetProperty("nextNoticeAt", out _));
        string customerText = customerView.GetRawText();
        Assert.DoesNotContain("support-lead@", customerText, StringComparison.Ordinal);
        Assert.DoesNotContain("Escalate to the IdP team", customerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedAccess_EarlierTokenNoLongerOpensTheTicket_TheFreshEmailedLinkDoes()
    {
        var settings = new DeskSettings(azurite);
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(settings);
        (string id, string token) = await host.SubmitAsync("acme-prod");
        using HttpClient oldCustomer = host.NewCustomerClient(token);

        var byCustomer = await SendAsync(oldCustomer, HttpMethod.Post, $"/api/tickets/{id}/access-revocation");
        var byStaff = await SendAsync(host.Client, HttpMethod.Post, $"/api/tickets/{id}/access-revocation");

        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.Status);
        Assert.Equal(HttpStatusCode.OK, byStaff.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(oldCustomer, HttpMethod.Get, $"/api/tickets/{id}")).Status);
        string mail = await Eventually.GetAsync(() => Task.FromResult(settings.MailFiles().FirstOrDefault(f => f.Contains($"{id}.access-link-reissued.", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(15), "the email with the fresh link");
        string text = (await MimeKit.MimeMessage.LoadAsync(mail)).TextBody ?? string.Empty;
        string fresh = System.Text.RegularExpressions.Regex.Match(text, "#token=(tkt_[A-Za-z0-9_-]+)").Groups[1].Value;
        Assert.NotEqual(token, fresh);
        using HttpClient newCustomer = host.NewCustomerClient(fresh);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(newCustomer, HttpMethod.Get, $"/api/tickets/{id}")).Status);
        Assert.Contains("access-link-reissued", KindsOf(await newCustomer.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}")));
    }

    [Fact]
    public async Task TokenOfAClosedTicket_ExpiresAfterTheConfiguredTime_StaffStillReadIt()
    {
        await using LocalHostProcess host = await LocalHostProcess.StartAsync(new DeskSettings(azurite).With("Access:TicketTokenLifetimeAfterClose", "00:00:02"));
        (string id, string token) = await host.SubmitAsync("acme-prod");
        using HttpClient customer = host.NewCustomerClient(token);
        await SendAsync(host.Client, HttpMethod.Post, $"/api/tickets/{id}/resolution", """{"summary":"Fixed."}""");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(customer, HttpMethod.Post, $"/api/tickets/{id}/confirmation", """{"resolved":true}""")).Status);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(customer, HttpMethod.Get, $"/api/tickets/{id}")).Status);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(customer, HttpMethod.Get, $"/api/tickets/{id}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(host.Client, HttpMethod.Get, $"/api/tickets/{id}")).Status);
    }

    [Fact]
    public async Task EntraMetadataUnreachable_IsAnOutage503NotABadToken401()
    {
        using ServiceProvider services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var validator = new EntraStaffTokenValidator(
            new AccessOptions { Entra = { Authority = new Uri("http://127.0.0.1:9/tenant-1/v2.0"), Audience = "api://support-desk" } },
            services.GetRequiredService<IHttpClientFactory>());

        Exception failure = await Assert.ThrowsAnyAsync<Exception>(() => validator.ValidateAsync("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"));

        Assert.True(ApiFailures.IsUnavailable(failure), failure.ToString());
    }
}
