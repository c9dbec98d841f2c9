namespace Support.Desk.Hosting.Email;

public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>Which provider sends mail. <c>Pickup</c> writes .eml files (the local default).</summary>
    public string Provider { get; set; } = "Pickup";

    public string FromAddress { get; set; } = "support@support-desk.localhost";

    public string FromName { get; set; } = "Support Desk";

    /// <summary>Directory for <c>Pickup</c>; relative paths resolve against the repository root when run from it.</summary>
    public string PickupDirectory { get; set; } = ".data/mail";

    /// <summary>Domain part of Message-ID headers.</summary>
    public string MessageIdDomain { get; set; } = "support-desk.localhost";
}
