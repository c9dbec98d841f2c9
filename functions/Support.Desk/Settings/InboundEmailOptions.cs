using Support.Desk.Domain.Access;

namespace Support.Desk.Settings;

/// <summary>Replies by email (section <c>InboundEmail</c>).</summary>
public sealed class InboundEmailOptions
{
    public const string SectionName = "InboundEmail";

    /// <summary>
    /// The domain whose mail SendGrid's Inbound Parse receives (e.g. <c>reply.support.example</c>). When set, customers'
    /// ticket emails carry a <c>Reply-To</c> at it, and replies posted to the inbound endpoint become updates. Empty: off.
    /// </summary>
    public string? ReplyDomain { get; set; }

    public string? Domain => string.IsNullOrWhiteSpace(this.ReplyDomain) ? null : this.ReplyDomain.Trim().ToLowerInvariant();

    public IReadOnlyList<string> Validate() =>
        this.Domain is null || ContactAddresses.IsWellFormedDomain(this.Domain)
            ? []
            : [$"{SectionName}:ReplyDomain '{this.ReplyDomain}' is not a domain such as reply.support.example."];
}
