namespace Support.Desk.Settings;

/// <summary>How the staff and customer pages are served (section <c>Pages</c>).</summary>
public sealed class PageOptions : IValidatedOptions
{
    public const string SectionName = "Pages";

    /// <summary>
    /// Session cookies are Secure (and <c>__Host-</c> prefixed). On in Azure, where the pages are only served over
    /// HTTPS; the local host turns it off because it serves plain HTTP on 127.0.0.1.
    /// </summary>
    public bool SecureCookies { get; set; } = true;

    /// <summary>
    /// Staff sign in with Microsoft Entra ID through App Service Authentication (Easy Auth), which signs them in and
    /// hands the app the principal in <c>X-MS-CLIENT-PRINCIPAL</c>. Only set this where Easy Auth runs in front of the
    /// app (the platform then strips that header from client requests); <c>infra/</c> sets both together.
    /// </summary>
    public bool AppServiceAuthentication { get; set; }

    /// <summary>
    /// The header in which a trusted front end names the client's address (<c>X-Forwarded-For</c> on App Service;
    /// its last entry counts). Empty locally, where the connection's address is the client's; never set it where
    /// clients reach the app directly, or they could name any address to dodge the per-client limits.
    /// </summary>
    public string ClientAddressHeader { get; set; } = string.Empty;

    /// <summary>A staff console session unused this long ends (the queue page's automatic refreshes are not use).</summary>
    public TimeSpan StaffIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the queue page refreshes itself.</summary>
    public TimeSpan QueueRefresh { get; set; } = TimeSpan.FromSeconds(20);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (this.QueueRefresh < TimeSpan.FromSeconds(5) || this.QueueRefresh > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{SectionName}:QueueRefresh must be between 5 seconds and 10 minutes.");
        }

        if (this.StaffIdleTimeout < TimeSpan.FromMinutes(1) || this.StaffIdleTimeout > TimeSpan.FromHours(8))
        {
            problems.Add($"{SectionName}:StaffIdleTimeout must be between 1 minute and 8 hours.");
        }

        return problems;
    }
}
