namespace Support.Desk.Domain;

/// <summary>What the customer found when they checked one thing before logging the issue.</summary>
public enum PrecheckAnswer
{
    /// <summary>Checked: fine.</summary>
    Ok,

    /// <summary>Checked: something is wrong there.</summary>
    Problem,

    NotChecked,
}

/// <summary>One check of the support guidance's "what to check before logging an issue", for one kind of issue.</summary>
public sealed record PrecheckItem(string Key, AffectedUsers Scope, string Question);

/// <summary>The customer's answer to one check.</summary>
public sealed record PrecheckResponse(string Key, PrecheckAnswer Answer);

/// <summary>
/// The guidance's checklist: when all users are affected it is usually the service or the configuration; when a few
/// are, usually a profile, a browser or a device. The Submit page asks the list of the chosen scope; the answers
/// travel with the submission (field <c>precheck</c>, optional, keys from this list) and are shown to staff.
/// </summary>
public static class Prechecks
{
    public static readonly IReadOnlyList<PrecheckItem> All =
    [
        new("status-page", AffectedUsers.All, "Checked the status page of your region"),
        new("connections", AffectedUsers.All, "Authentication services (connections) are up and reachable"),
        new("components", AffectedUsers.All, "Your application components are working"),
        new("certificates", AffectedUsers.All, "Certificates are valid and not expired"),
        new("ntp", AffectedUsers.All, "NTP is running on the AD/LDAP connector and the identity providers"),
        new("rules-changed", AffectedUsers.All, "No Rules changed recently"),
        new("idp-changes", AffectedUsers.All, "No recent changes on the identity providers could cause the error"),
        new("other-apps", AffectedUsers.All, "Users can log in to other apps that use the same identity provider"),
        new("cleared-cookies", AffectedUsers.Some, "The user cleared cookies and tried again"),
        new("back-button", AffectedUsers.Some, "The user is not using the browser's Back button"),
        new("cookies-javascript", AffectedUsers.Some, "Cookies and JavaScript are on in the user's browser"),
        new("user-profile", AffectedUsers.Some, "The user's profile in the authentication service looks right"),
        new("profile-rules", AffectedUsers.Some, "No Rules that affect the user's profile changed recently"),
        new("device-policy", AffectedUsers.Some, "The user's device meets mobile device management (MDM) policies, if you use MDM"),
        new("repeatable", AffectedUsers.Some, "It happens consistently and can be repeated"),
    ];

    public static PrecheckItem? Find(string key) => All.FirstOrDefault(i => i.Key == key);

    /// <summary>The checks of one scope, in the guidance's order.</summary>
    public static IEnumerable<PrecheckItem> For(AffectedUsers scope) => All.Where(i => i.Scope == scope);
}
