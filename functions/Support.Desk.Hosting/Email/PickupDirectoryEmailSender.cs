using Microsoft.Extensions.Options;
using MimeKit;
using Support.Desk.Application;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Email;

/// <summary>
/// Writes each message as an .eml file named after its message ID, the way an SMTP pickup directory works.
/// The file appears atomically (written aside, then moved without overwrite), so a retried send of the
/// same message finds it and does not write a second copy.
/// </summary>
public sealed class PickupDirectoryEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task<EmailSendOutcome> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        EmailOptions o = options.Value;
        string directory = Path.GetFullPath(o.PickupDirectory);
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileNameFor(message.MessageId));
        if (File.Exists(path))
        {
            return EmailSendOutcome.AlreadySent;
        }

        var mime = new MimeMessage { MessageId = $"{message.MessageId}@{o.MessageIdDomain}", Subject = message.Subject };
        mime.From.Add(new MailboxAddress(o.FromName, o.FromAddress));
        mime.To.Add(MailboxAddress.Parse(message.To));
        foreach (string cc in message.Cc)
        {
            mime.Cc.Add(MailboxAddress.Parse(cc));
        }

        foreach ((string name, string value) in EmailHeaders.For(message, o).Where(h => !h.Key.Equals("Message-ID", StringComparison.OrdinalIgnoreCase)))
        {
            mime.Headers.Add(name, value);
        }

        if (message.ReplyTo is { } replyTo)
        {
            mime.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();

        string temporary = Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
        try
        {
            await mime.WriteToAsync(temporary, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: false);
            return EmailSendOutcome.Sent;
        }
        catch (IOException) when (File.Exists(path))
        {
            // A concurrent retry of the same message won the move.
            return EmailSendOutcome.AlreadySent;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static string FileNameFor(string messageId) =>
        string.Concat(messageId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')) + ".eml";
}
