using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests;

/// <summary>Stored tickets in a known state, for lifecycle, clock and planner tests.</summary>
internal static class TicketSamples
{
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static DateTimeOffset NewYorkTime(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, NewYork.GetUtcOffset(local));
    }

    public static readonly TicketAccessTokens AccessTokens = new(new AccessOptions { TicketTokenKeys = "unit-test-ticket-token-key-0123456789abcdef" });

    public const string SampleTicketId = "SUP-7K3M-9QXD-2F4A";

    /// <summary>The customer's token for the sample ticket.</summary>
    public static string SampleToken => AccessTokens.Issue(SampleTicketId);

    public static Ticket New(DateTimeOffset createdAt, Severity severity = Severity.High, SupportPlan plan = SupportPlan.Gold, string? assignee = null)
    {
        var (submission, _, _) = SubmissionSamples.Read(SubmissionSamples.Valid());
        const string id = "SUP-7K3M-9QXD-2F4A";
        return new Ticket(id, TicketStatus.Open, createdAt, plan, Region.Us, "America/New_York", severity, assignee,
            submission! with { Severity = severity }, null, "fingerprint", TicketCommitments.Start(id, createdAt))
        {
            AccessTokenHash = TicketAccessTokens.HashOf(AccessTokens.Issue(id)),
        };
    }

    /// <summary>Applies a lifecycle step that must succeed.</summary>
    public static Ticket Then(this Ticket ticket, Func<Ticket, LifecycleResult> step)
    {
        LifecycleResult result = step(ticket);
        Assert.Null(result.Conflict);
        return result.Ticket!;
    }
}
