using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Support.Desk.Testing;

/// <summary>
/// Real HTTP status pages on 127.0.0.1, one per region path, serving the recorded Statuspage fixtures with
/// ETag and 304 support, or misbehaving on demand (HTML, broken JSON, 5xx, slowness, redirect loops, huge bodies).
/// </summary>
public sealed class FakeStatusPages : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentDictionary<string, Func<HttpContext, Task>> handlers = new();
    readonly ConcurrentDictionary<string, int> hits = new();

    FakeStatusPages(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeStatusPages> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var pages = new FakeStatusPages(builder.Build());
        pages.app.Run(async context =>
        {
            string region = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
            pages.hits.AddOrUpdate(region, 1, (_, n) => n + 1);
            if (pages.handlers.TryGetValue(region, out Func<HttpContext, Task>? handler))
            {
                await handler(context);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        });
        await pages.app.StartAsync();
        pages.BaseUrl = new Uri(pages.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return pages;
    }

    public Uri Url(string region) => new(this.BaseUrl, $"/{region}/api/v2/summary.json");

    public int Hits(string region) => this.hits.GetValueOrDefault(region);

    /// <summary>Serves a fixture as the page, stamped as updated at <paramref name="updatedAt"/> (default: now), with an ETag.</summary>
    public void Serve(string region, string fixture, DateTimeOffset? updatedAt = null, bool withETag = true)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "statuspage", fixture))
            .Replace("2026-11-26T09:12:44.118Z", (updatedAt ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        byte[] body = Encoding.UTF8.GetBytes(text);
        string etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"";
        this.handlers[region] = async context =>
        {
            if (withETag && context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            if (withETag)
            {
                context.Response.Headers.ETag = etag;
            }

            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(body);
        };
    }

    public void Respond(string region, Func<HttpContext, Task> handler) => this.handlers[region] = handler;

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
