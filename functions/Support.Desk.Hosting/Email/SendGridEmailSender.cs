using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;
using Support.Desk.Application;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Email;

/// <summary>Sends through SendGrid's v3 API with the official client, on a factory-managed HttpClient.</summary>
public sealed class SendGridEmailSender(IHttpClientFactory clients, IOptions<EmailOptions> options) : IEmailSender
{
    public const string ClientName = "sendgrid";

    public async Task<EmailSendOutcome> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        EmailOptions o = options.Value;
        var mail = new SendGridMessage
        {
            From = new EmailAddress(o.FromAddress, o.FromName),
            Subject = message.Subject,
            PlainTextContent = message.TextBody,
            HtmlContent = message.HtmlBody,
        };
        mail.AddTo(new EmailAddress(message.To));
        foreach (string cc in message.Cc.Where(cc => !cc.Equals(message.To, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            mail.AddCc(new EmailAddress(cc));
        }

        mail.AddHeader("X-Support-Message-Id", message.MessageId);
        foreach ((string name, string value) in EmailHeaders.For(message, o))
        {
            mail.AddHeader(name, value);
        }

        if (message.ReplyTo is { } replyTo)
        {
            mail.SetReplyTo(new EmailAddress(replyTo));
        }

        mail.AddCustomArg("support_message_id", message.MessageId);

        var client = new SendGridClient(clients.CreateClient(ClientName), new SendGridClientOptions
        {
            ApiKey = o.SendGrid.ApiKey,
            Host = o.SendGrid.BaseUrl.ToString().TrimEnd('/'),
        });
        Response response = await client.SendEmailAsync(mail, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return EmailSendOutcome.Sent;
        }

        string body = await response.Body.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw ProviderResponses.Failure("SendGrid", response.StatusCode, ToResponseHeaders(response), body);
    }

    static HttpResponseHeaders ToResponseHeaders(Response response)
    {
        using var carrier = new HttpResponseMessage(HttpStatusCode.OK);
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers)
        {
            carrier.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return carrier.Headers;
    }
}
