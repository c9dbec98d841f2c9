using System.Text.Json;
using System.Text.Json.Serialization;
using Support.Desk.Domain;
using Support.Desk.Domain.Email;
using Support.Desk.Domain.Notices;
using Support.Desk.Settings;
using static Support.Desk.UnitTests.TicketSamples;

namespace Support.Desk.UnitTests.Notices;

/// <summary>The notice table: one row per kind, keys that read as they were always stored, and what each notice leaves behind.</summary>
public class NoticeRulesTests
{
    static readonly JsonSerializerOptions Stored = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) } };

    [Fact]
    public void EveryNoticeKind_HasExactlyOneRule()
    {
        Assert.Empty(NoticeRules.Missing());
        Assert.Equal(Enum.GetValues<NoticeKind>().Length, NoticeRules.All.Count);
        Assert.Equal(NoticeRules.All.Count, NoticeRules.All.Select(r => r.KeyName).Distinct().Count());
    }

    [Theory]
    [InlineData("clock:first-response:warning", NoticeKind.SlaWarning, "first-response", 0)]
    [InlineData("clock:first-response:breach", NoticeKind.SlaBreach, "first-response", 0)]
    [InlineData("clock:next-response-3:escalation-2", NoticeKind.SlaEscalation, "next-response-3", 2)]
    [InlineData("wait:638999616000000000:reminder-5", NoticeKind.CustomerReminder, null, 5)]
    public void Keys_ReadAndWriteAsTheyWereAlwaysStored(string text, NoticeKind kind, string? clockId, int step)
    {
        NoticeKey key = NoticeKey.Parse(text);

        Assert.Equal((kind, clockId, step), (key.Kind, key.ClockId, key.Step));
        Assert.Equal(text, key.ToString());
        Assert.Equal(text.Replace(':', '.'), key.EventDiscriminator);
        Assert.Equal($"\"{text}\"", JsonSerializer.Serialize(key));
    }

    [Fact]
    public void CommitmentsStoredBeforeKeysHadAType_StillRead()
    {
        const string stored = """{"clocks":[],"notices":[{"key":"clock:first-response:warning","kind":"sla-warning","at":"2026-11-26T15:00:00+00:00","skipped":false},{"key":"wait:638999616000000000:reminder-2","kind":"customer-reminder","at":"2026-11-26T15:00:00+00:00","skipped":true}],"outbox":[],"waitingSince":null,"sequence":3}""";

        TicketCommitments commitments = JsonSerializer.Deserialize<TicketCommitments>(stored, Stored)!;

        Assert.Equal([NoticeKey.ForClock("first-response", NoticeKind.SlaWarning), NoticeKey.ForWait(new DateTimeOffset(638999616000000000, TimeSpan.Zero), NoticeKind.CustomerReminder, 2)],
            commitments.Notices.Select(n => n.Key));
        string written = JsonSerializer.Serialize(commitments, Stored);
        Assert.Contains("\"key\":\"clock:first-response:warning\"", written, StringComparison.Ordinal);
        Assert.Contains("\"key\":\"wait:638999616000000000:reminder-2\"", written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("clock:first-response")]
    [InlineData("clock:first-response:party")]
    public void UnknownKeyText_IsRefused(string text) => Assert.Throws<FormatException>(() => NoticeKey.Parse(text));

    [Theory]
    [InlineData(NoticeKind.SlaWarning, TicketStatus.InProgress, TicketEventKind.SlaWarning, TicketEmailKind.SlaWarning)]
    [InlineData(NoticeKind.SlaBreach, TicketStatus.Open, TicketEventKind.SlaBreached, TicketEmailKind.SlaBreach)]
    [InlineData(NoticeKind.SlaEscalation, TicketStatus.Open, TicketEventKind.SlaEscalated, TicketEmailKind.SlaEscalation)]
    [InlineData(NoticeKind.CustomerReminder, TicketStatus.WaitingOnCustomer, TicketEventKind.CustomerReminded, TicketEmailKind.WaitingReminder)]
    [InlineData(NoticeKind.CustomerReminder, TicketStatus.ResolutionProposed, TicketEventKind.CustomerReminded, TicketEmailKind.ConfirmationReminder)]
    public void EachKind_LeavesItsTimelineEntryAndSendsItsEmail(NoticeKind kind, TicketStatus status, TicketEventKind entry, TicketEmailKind email)
    {
        NoticeRule rule = NoticeRules.For(kind);

        Assert.Equal(entry, rule.Event);
        Assert.Equal(email, rule.Email(status));
        Assert.False(string.IsNullOrWhiteSpace(rule.Summary(1)));
    }

    [Fact]
    public void Schedule_FollowsThePolicyAndTheEscalationSettings()
    {
        var options = new EscalationOptions { WarningFraction = 0.5, ContinuedBreachInterval = TimeSpan.FromMinutes(30), MaxContinuedBreachNotices = 2, ReminderBusinessDays = "1,3" };
        var terms = new SlaTerms(TimeSpan.FromHours(4), Coverage.BusinessHours);

        Assert.Equal([(0, (NoticeDue)new NoticeDue.AfterRunning(TimeSpan.FromHours(2)))], NoticeRules.For(NoticeKind.SlaWarning).Schedule(terms, options));
        Assert.Equal([(0, (NoticeDue)new NoticeDue.AfterRunning(TimeSpan.FromHours(4)))], NoticeRules.For(NoticeKind.SlaBreach).Schedule(terms, options));
        Assert.Equal([(1, (NoticeDue)new NoticeDue.AfterDeadline(TimeSpan.FromMinutes(30))), (2, new NoticeDue.AfterDeadline(TimeSpan.FromHours(1)))],
            NoticeRules.For(NoticeKind.SlaEscalation).Schedule(terms, options));
        Assert.Equal([(1, (NoticeDue)new NoticeDue.AfterBusinessDays(1)), (3, new NoticeDue.AfterBusinessDays(3))], NoticeRules.For(NoticeKind.CustomerReminder).Schedule(terms, options));
    }

    [Fact]
    public void PlannedNotices_CarryTheirKeys_AndTheEscalationSummaryNamesItsLevel()
    {
        var policy = new SlaPolicy(new SlaPolicyOptions());
        Ticket ticket = New(NewYorkTime(2026, 11, 25, 9, 0), Severity.Urgent);

        SlaPlan plan = SlaPlanner.Plan(ticket, policy, new EscalationOptions(), NewYorkTime(2026, 11, 25, 12, 30));

        PlannedNotice escalation = Assert.Single(plan.Send);
        Assert.Equal("clock:first-response:escalation-2", escalation.Key.ToString());
        Assert.Equal("SLA breach continues: escalated to the duty manager (level 3).", escalation.Rule.Summary(escalation.Key.Step));
        Assert.Equal(["clock:first-response:warning", "clock:first-response:breach", "clock:first-response:escalation-1"], plan.Skip.Select(n => n.Key.ToString()));
    }
}
