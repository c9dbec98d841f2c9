namespace Support.Desk.Settings;

/// <summary>Attachment uploads (configuration section <c>Attachments</c>).</summary>
public sealed class AttachmentOptions : IValidatedOptions
{
    public const string SectionName = "Attachments";

    /// <summary>How many uploads one instance reads and inspects at once; each may hold a few hundred MB at its peak.</summary>
    public int MaxConcurrentUploads { get; set; } = 2;

    /// <summary>How long an upload waits for its turn before it is answered 503 with Retry-After.</summary>
    public TimeSpan UploadQueueTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (this.MaxConcurrentUploads is < 1 or > 64)
        {
            problems.Add($"{SectionName}:MaxConcurrentUploads must be between 1 and 64.");
        }

        if (this.UploadQueueTimeout < TimeSpan.Zero || this.UploadQueueTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{SectionName}:UploadQueueTimeout must be between 00:00:00 and 00:05:00.");
        }

        return problems;
    }
}
