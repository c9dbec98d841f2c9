using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests.Infrastructure;

/// <summary>SendGrid Inbound Parse posts, field by field as SendGrid sends them, and the credentials its URL carries.</summary>
internal static class InboundParseForms
{
    public const string Requester = "jane@customer.example";

    /// <summary>The Authorization header SendGrid sends for an Inbound Parse URL with <c>user:secret@</c> in it.</summary>
    public static AuthenticationHeaderValue Credentials(string userAndSecret = DeskSettings.InboundEmailCredentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndSecret)));

    public static HttpRequestMessage Post(MultipartFormDataContent form, AuthenticationHeaderValue? credentials = null) =>
        new(HttpMethod.Post, "/api/inbound/email") { Content = form, Headers = { Authorization = credentials ?? Credentials() } };

    public static MultipartFormDataContent Form(
        string to, string text, string from = "Jane Doe <" + Requester + ">", string? html = null, string spf = "pass", string dkim = "{@customer.example : pass}",
        string? messageId = null, string envelopeFrom = Requester, params (string Name, string Type, byte[] Content)[] files)
    {
        messageId ??= $"<{Guid.NewGuid():N}@mail.customer.example>";
        var form = new MultipartFormDataContent();
        void Field(string name, string value) => form.Add(new StringContent(value, Encoding.UTF8), name);
        Field("headers", $"Received: from mail.customer.example by mx.sendgrid.net\nDate: Mon, 30 Nov 2026 10:00:00 +0000\nFrom: {from}\nTo: {to}\nSubject: Re: More information needed\nMessage-ID: {messageId}\nIn-Reply-To: <x@support-desk.localhost>\nMIME-Version: 1.0\n");
        Field("dkim", dkim);
        Field("content-ids", "{}");
        Field("to", to);
        if (html is not null)
        {
            Field("html", html);
        }

        Field("from", from);
        Field("text", text);
        Field("sender_ip", "203.0.113.25");
        Field("envelope", JsonSerializer.Serialize(new { to = new[] { Regex.Match(to, "[^<\\s]+@[^>\\s]+").Value }, from = envelopeFrom }));
        Field("attachments", files.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field("subject", "Re: More information needed");
        Field("attachment-info", JsonSerializer.Serialize(files.Select((f, i) => (Key: $"attachment{i + 1}", Value: new { filename = f.Name, name = f.Name, type = f.Type })).ToDictionary(p => p.Key, p => (object)p.Value)));
        Field("charsets", """{"to":"UTF-8","html":"UTF-8","subject":"UTF-8","from":"UTF-8","text":"UTF-8"}""");
        Field("SPF", spf);
        for (int i = 0; i < files.Length; i++)
        {
            var file = new ByteArrayContent(files[i].Content);
            file.Headers.ContentType = new MediaTypeHeaderValue(files[i].Type);
            form.Add(file, $"attachment{i + 1}", files[i].Name);
        }

        return form;
    }
}
