using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Email;

/// <summary>
/// The headers every provider puts on a message, so the three behave alike: a stable <c>Message-ID</c> from the
/// message's ID, <c>In-Reply-To</c> and <c>References</c> naming the conversation's first message, and the message's
/// own extra headers (<c>List-Unsubscribe</c>, …). <c>Reply-To</c> goes in each provider's own field.
/// </summary>
public static class EmailHeaders
{
    public static string MessageIdOf(string messageId, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"<{messageId}@{options.MessageIdDomain}>";
    }

    public static IReadOnlyDictionary<string, string> For(EmailMessage message, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Message-ID"] = MessageIdOf(message.MessageId, options) };
        if (message.ThreadRootId is { } root)
        {
            headers["In-Reply-To"] = MessageIdOf(root, options);
            headers["References"] = MessageIdOf(root, options);
        }

        foreach ((string name, string value) in message.Headers ?? new Dictionary<string, string>())
        {
            headers[name] = value;
        }

        return headers;
    }
}
