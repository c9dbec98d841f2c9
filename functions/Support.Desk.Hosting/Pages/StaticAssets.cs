using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// The pages' stylesheet, script and icon, embedded in this assembly so both hosts (and <c>azd up</c>) ship them with
/// the app: no CDN, no build step. Links carry a hash of the content, so browsers may cache them for a year and
/// still see a new version at once.
/// </summary>
public static class StaticAssets
{
    sealed record Asset(byte[] Content, string ContentType, string Version);

    static readonly FrozenDictionary<string, Asset> All = Load();

    static FrozenDictionary<string, Asset> Load()
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [".css"] = "text/css; charset=utf-8",
            [".js"] = "text/javascript; charset=utf-8",
            [".svg"] = "image/svg+xml",
        };
        var assembly = typeof(StaticAssets).Assembly;
        const string prefix = "Support.Desk.Hosting.Pages.Assets.";
        return assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToFrozenDictionary(
            n => n[prefix.Length..],
            n =>
            {
                using Stream stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                byte[] content = copy.ToArray();
                return new Asset(content, types[Path.GetExtension(n)], Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
            },
            StringComparer.Ordinal);
    }

    public static IReadOnlyCollection<string> Names => All.Keys;

    /// <summary>The asset's URL with its content version.</summary>
    public static string PathOf(string name) =>
        All.TryGetValue(name, out Asset? asset)
            ? DeskLinks.PathOf(SupportDeskRoutes.AssetTemplate, ("file", name)) + "?v=" + asset.Version
            : throw new InvalidOperationException($"No asset {name} is embedded.");

    public static IResult Get(HttpRequest request, string file)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!All.TryGetValue(file, out Asset? asset))
        {
            return Problems.Create(request, StatusCodes.Status404NotFound, "asset-not-found", "Not found.", $"There is no asset {file}; the pages use {string.Join(", ", All.Keys.Order(StringComparer.Ordinal))}.");
        }

        request.HttpContext.Response.Headers.CacheControl = request.Query["v"] == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        request.HttpContext.Response.Headers.ETag = "\"" + asset.Version + "\"";
        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
