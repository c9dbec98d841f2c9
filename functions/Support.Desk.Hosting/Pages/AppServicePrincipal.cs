using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// The user App Service Authentication signed in, as it hands every request over (<c>X-MS-CLIENT-PRINCIPAL</c>,
/// base64 JSON of claims; the platform strips the header from clients' requests). Read at sign-in and again on every
/// staff page request, so a withdrawn app role ends the console session.
/// </summary>
public sealed record AppServicePrincipal(string? Name, IReadOnlyList<string> Roles)
{
    /// <summary>The claim types App Service Authentication uses for Entra ID's roles and the user's address.</summary>
    static readonly string[] RoleClaims = ["roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"];
    static readonly string[] NameClaims = ["preferred_username", "email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "upn"];

    public static AppServicePrincipal? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string header = request.Headers["X-MS-CLIENT-PRINCIPAL"].ToString();
        if (header.Length is 0 or > 16_384)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            if (!document.RootElement.TryGetProperty("claims", out JsonElement claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var pairs = claims.EnumerateArray()
                .Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("typ", out JsonElement t) && t.ValueKind == JsonValueKind.String
                    && c.TryGetProperty("val", out JsonElement v) && v.ValueKind == JsonValueKind.String)
                .Select(c => (Type: c.GetProperty("typ").GetString()!, Value: c.GetProperty("val").GetString()!))
                .ToList();
            string? name = NameClaims.Select(type => pairs.FirstOrDefault(p => p.Type == type).Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            return new AppServicePrincipal(name, [.. pairs.Where(p => RoleClaims.Contains(p.Type, StringComparer.Ordinal)).Select(p => p.Value)]);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
