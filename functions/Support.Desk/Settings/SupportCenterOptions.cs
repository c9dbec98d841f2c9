namespace Support.Desk.Settings;

/// <summary>Where links in emails point (configuration section <c>SupportCenter</c>).</summary>
public sealed class SupportCenterOptions
{
    public const string SectionName = "SupportCenter";

    /// <summary>Public base URL of the desk (Support Center pages and API).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:7071");
}
