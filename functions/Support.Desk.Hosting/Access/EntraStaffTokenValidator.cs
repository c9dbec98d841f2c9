using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Support.Desk.Domain.Access;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Access;

/// <summary>The outcome of checking a staff bearer token.</summary>
public sealed record StaffTokenResult(StaffMember? Staff, bool Authenticated, string? Failure);

/// <summary>
/// Validates Microsoft Entra ID access tokens for staff: signature against the tenant's published keys (from
/// its OpenID configuration, cached and refreshed), issuer, audience, lifetime, and the staff app role.
/// </summary>
public sealed class EntraStaffTokenValidator
{
    public const string ClientName = "entra-metadata";

    readonly EntraStaffOptions options;
    readonly ConfigurationManager<OpenIdConnectConfiguration> configuration;
    readonly JsonWebTokenHandler handler = new();

    public EntraStaffTokenValidator(AccessOptions access, IHttpClientFactory httpClients)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(httpClients);
        this.options = access.Entra;
        Uri authority = this.options.Authority ?? throw new ArgumentException("Access:Entra:Authority is not set.", nameof(access));
        string metadata = authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration";
        this.configuration = new ConfigurationManager<OpenIdConnectConfiguration>(
            metadata,
            new OpenIdConnectConfigurationRetriever(),

            // https everywhere but loopback, where tests serve the metadata.
            new HttpDocumentRetriever(httpClients.CreateClient(ClientName)) { RequireHttps = !authority.IsLoopback });
    }

    public async Task<StaffTokenResult> ValidateAsync(string token)
    {
        // The tenant's keys first: if they cannot be had (and none are cached), that is an outage (503),
        // not a bad token (401). Once fetched they are cached and refreshed in the background.
        await this.configuration.GetConfigurationAsync(CancellationToken.None).ConfigureAwait(false);
        var parameters = new TokenValidationParameters
        {
            ConfigurationManager = this.configuration,
            ValidateIssuer = true,
            ValidAudience = this.options.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(2),
        };
        TokenValidationResult result = await this.handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            // The reason stays in the logs of the identity library; callers learn only that it was refused.
            return new StaffTokenResult(null, false, "The bearer token is not valid for this desk.");
        }

        ClaimsIdentity identity = result.ClaimsIdentity;
        if (!identity.FindAll("roles").Any(r => r.Value == this.options.StaffRole))
        {
            return new StaffTokenResult(null, true, $"The token does not hold the {this.options.StaffRole} role.");
        }

        // The sign-in name (usually the work email) identifies a person and matches the staff roster; a display
        // name does neither, so it comes only when nothing better is in the token.
        string name = identity.FindFirst("preferred_username")?.Value ?? identity.FindFirst("upn")?.Value ?? identity.FindFirst("email")?.Value
            ?? identity.FindFirst("name")?.Value ?? identity.FindFirst("oid")?.Value ?? identity.FindFirst("sub")?.Value ?? "staff";
        return new StaffTokenResult(new StaffMember(name, "entra-id"), true, null);
    }
}
