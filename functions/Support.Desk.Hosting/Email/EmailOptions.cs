namespace Support.Desk.Hosting.Email;

public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary><c>Pickup</c> (.eml files, the local default), <c>SendGrid</c> or <c>AzureCommunication</c>.</summary>
    public string Provider { get; set; } = "Pickup";

    public string FromAddress { get; set; } = "support@support-desk.localhost";

    public string FromName { get; set; } = "Support Desk";

    /// <summary>Directory for <c>Pickup</c>; relative paths resolve against the repository root when run from it.</summary>
    public string PickupDirectory { get; set; } = ".data/mail";

    /// <summary>Domain part of Message-ID headers.</summary>
    public string MessageIdDomain { get; set; } = "support-desk.localhost";

    public SendGridOptions SendGrid { get; set; } = new();

    public AzureCommunicationEmailOptions AzureCommunication { get; set; } = new();
}

public sealed class SendGridOptions
{
    /// <summary>API key; in Azure a Key Vault reference (<c>@Microsoft.KeyVault(...)</c>) in the app setting.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The service's base URL; point it at a stand-in for tests and staging.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.sendgrid.com");
}

public sealed class AzureCommunicationEmailOptions
{
    /// <summary>The Communication Services endpoint, e.g. https://desk.communication.azure.com.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Resource access key for HMAC-SHA256 signing; when empty, Microsoft Entra ID (managed identity) is used.</summary>
    public string? AccessKey { get; set; }

    /// <summary>User-assigned managed identity for Entra ID authentication.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>A sender address of a domain connected to the resource, e.g. DoNotReply@desk.example.</summary>
    public string? SenderAddress { get; set; }

    public string ApiVersion { get; set; } = "2023-03-31";

    /// <summary>How long a send waits for the operation's final status before trusting the 202.</summary>
    public TimeSpan OperationWait { get; set; } = TimeSpan.FromSeconds(10);
}
