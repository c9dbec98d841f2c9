using System.Net.Http.Json;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Incidents;

/// <summary>
/// Posts to a Microsoft Teams or Slack incoming webhook: both take a JSON body with a <c>text</c> field. A refusal is
/// an error (the digest's next look tries again); the email has gone by then, so staff are told either way.
/// </summary>
public sealed class HttpChatWebhook(IHttpClientFactory clients, IncidentOptions options) : IChatWebhook
{
    public const string ClientName = "chat-webhook";

    public bool IsConfigured => options.ChatWebhookUrl is not null;

    public async Task PostAsync(string text, CancellationToken cancellationToken)
    {
        if (options.ChatWebhookUrl is not { } url)
        {
            return;
        }

        using HttpClient client = clients.CreateClient(ClientName);
        using HttpResponseMessage response = await client.PostAsJsonAsync(url, new ChatMessage(text), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    sealed record ChatMessage(string Text);
}
