using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Support.Desk.Testing;

/// <summary>A Teams or Slack incoming webhook on 127.0.0.1: takes <c>{"text": …}</c> posts and keeps their texts.</summary>
public sealed class FakeChatWebhook : IAsyncDisposable
{
    readonly WebApplication app;

    FakeChatWebhook(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<string> Texts { get; } = new();

    public static async Task<FakeChatWebhook> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var chat = new FakeChatWebhook(builder.Build());
        chat.app.MapPost("/webhook", async (HttpContext context) =>
        {
            using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body);
            chat.Texts.Enqueue(body.RootElement.GetProperty("text").GetString()!);
            return Results.Ok();
        });
        await chat.app.StartAsync();
        chat.Url = new Uri(new Uri(chat.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/webhook");
        return chat;
    }

    public async ValueTask DisposeAsync() => await this.app.DisposeAsync();
}
