namespace Support.Desk.Settings;

/// <summary>
/// How much one customer contact, and one tenant as a whole, may put into the desk (section <c>Quotas</c>). Tickets
/// from the Support Center (urgent ones apart: each pages the duty address) and updates per hour, attachment bytes per
/// day. Staff are never limited; the intake webhook is the tenant's integration, authenticated by its function key,
/// and is not counted here.
/// </summary>
public sealed class QuotaOptions : IValidatedOptions
{
    public const string SectionName = "Quotas";

    public int TicketsPerContact { get; set; } = 20;

    public int TicketsPerTenant { get; set; } = 100;

    public int UrgentTicketsPerContact { get; set; } = 3;

    public int UrgentTicketsPerTenant { get; set; } = 10;

    public TimeSpan TicketWindow { get; set; } = TimeSpan.FromHours(1);

    public int UpdatesPerContact { get; set; } = 60;

    public int UpdatesPerTenant { get; set; } = 600;

    public TimeSpan UpdateWindow { get; set; } = TimeSpan.FromHours(1);

    public long AttachmentBytesPerContact { get; set; } = 250L * 1024 * 1024;

    public long AttachmentBytesPerTenant { get; set; } = 1024L * 1024 * 1024;

    public TimeSpan AttachmentWindow { get; set; } = TimeSpan.FromDays(1);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (new long[] { this.TicketsPerContact, this.TicketsPerTenant, this.UrgentTicketsPerContact, this.UrgentTicketsPerTenant, this.UpdatesPerContact, this.UpdatesPerTenant }.Any(n => n < 1))
        {
            problems.Add($"{SectionName}: every ticket and update quota must be at least 1.");
        }

        if (this.AttachmentBytesPerContact < 1024 * 1024 || this.AttachmentBytesPerTenant < this.AttachmentBytesPerContact)
        {
            problems.Add($"{SectionName}: AttachmentBytesPerContact must be at least 1 MiB, and AttachmentBytesPerTenant at least as much.");
        }

        if (new[] { this.TicketWindow, this.UpdateWindow, this.AttachmentWindow }.Any(w => w < TimeSpan.FromMinutes(1) || w > TimeSpan.FromDays(1)))
        {
            problems.Add($"{SectionName}: TicketWindow, UpdateWindow and AttachmentWindow must be between 1 minute and 1 day.");
        }

        return problems;
    }
}
