using Support.Desk.Domain;

namespace Support.Desk.Settings;

/// <summary>Webhook verification settings (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions : IValidatedOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Space- or comma-separated <c>whsec_</c> secrets; when set, intake requires a valid Standard Webhooks signature.</summary>
    public string Secrets { get; set; } = string.Empty;

    public IReadOnlyList<string> SecretList() => KeyLists.Parse(this.Secrets);

    public IReadOnlyList<string> Validate() =>
        this.SecretList().All(WebhookSignatures.IsValidSecret) ? [] : [$"{SectionName}:Secrets must hold whsec_<base64> secrets of at least 16 bytes."];
}
