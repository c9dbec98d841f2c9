using Support.Desk.Domain;
using Support.Desk.Domain.Queue;
using Support.Desk.Settings;
using static Support.Desk.UnitTests.TicketSamples;

namespace Support.Desk.UnitTests.Queue;

/// <summary>The queue's order: running deadlines first (earliest first), then paused clocks by time left, then tickets on no clock; closed newest first.</summary>
public class QueueEntryTests
{
    static readonly SlaPolicy Policy = new(new SlaPolicyOptions());
    static readonly DateTimeOffset T0 = NewYorkTime(2026, 11, 26, 10, 0);

    static string Key(Ticket t) => QueueEntry.SortKeyOf(t, Policy);

    static Ticket WithId(Ticket t, string id) => t with { Id = id };

    [Fact]
    public void SortKey_RunningClocks_SortByDeadlineNotBySubmission()
    {
        Ticket normalFirst = WithId(New(T0, Severity.Normal), "SUP-AAAA-AAAA-AAAA");
        Ticket urgentLater = WithId(New(T0.AddMinutes(30), Severity.Urgent), "SUP-BBBB-BBBB-BBBB");
        Ticket highLater = WithId(New(T0.AddMinutes(40), Severity.High), "SUP-CCCC-CCCC-CCCC");

        string[] order = [.. new[] { normalFirst, urgentLater, highLater }.OrderBy(Key, StringComparer.Ordinal).Select(t => t.Id)];

        Assert.Equal([urgentLater.Id, highLater.Id, normalFirst.Id], order);
    }

    [Fact]
    public void SortKey_PausedAfterRunning_ThenTicketsOnNoClock_AndEachKeyEndsWithTheTicketId()
    {
        Ticket running = WithId(New(T0, Severity.Low), "SUP-AAAA-AAAA-AAAA");
        Ticket paused = WithId(New(T0, Severity.Urgent), "SUP-BBBB-BBBB-BBBB").Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "sam", "logs?", T0.AddMinutes(5)));
        Ticket answered = WithId(New(T0, Severity.Urgent), "SUP-CCCC-CCCC-CCCC").Then(t => TicketLifecycle.Respond(t, ResponseKind.Reply, "sam", "on it", T0.AddMinutes(5)));

        Assert.StartsWith(QueueEntry.RunningLane, Key(running), StringComparison.Ordinal);
        Assert.StartsWith(QueueEntry.PausedLane, Key(paused), StringComparison.Ordinal);
        Assert.StartsWith(QueueEntry.WaitingLane, Key(answered), StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(Key(running), Key(paused)) < 0);
        Assert.True(string.CompareOrdinal(Key(paused), Key(answered)) < 0);
        Assert.All(new[] { running, paused, answered }, t => Assert.EndsWith("-" + t.Id, Key(t), StringComparison.Ordinal));
    }

    [Fact]
    public void SortKey_PausedClock_IsTheSameWheneverItIsComputed()
    {
        Ticket paused = New(T0, Severity.Urgent).Then(t => TicketLifecycle.Respond(t, ResponseKind.RequestInfo, "sam", "logs?", T0.AddMinutes(5)));

        // A key computed later must equal the one written at the change, or the old row could not be found again.
        Assert.Equal(Key(paused), Key(paused with { }));
        Assert.Equal("2-" + TimeSpan.FromMinutes(55).Ticks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "-" + paused.Id, Key(paused));
    }

    [Fact]
    public void SortKey_SeverityChange_MovesTheTicket()
    {
        Ticket high = New(T0, Severity.High);
        Ticket urgent = high.Then(t => TicketLifecycle.Reassign(t, Severity.Urgent, null, "sam", T0.AddMinutes(1)));

        Assert.True(string.CompareOrdinal(Key(urgent), Key(high)) < 0);
    }

    [Fact]
    public void SortKey_Closed_NewestFirst()
    {
        Ticket older = WithId(New(T0), "SUP-AAAA-AAAA-AAAA") with { Status = TicketStatus.Closed, ClosedAt = T0.AddHours(1) };
        Ticket newer = WithId(New(T0), "SUP-BBBB-BBBB-BBBB") with { Status = TicketStatus.Closed, ClosedAt = T0.AddHours(2) };

        Assert.True(string.CompareOrdinal(Key(newer), Key(older)) < 0);
        Assert.False(QueueEntry.Of(newer, Policy, T0).Open);
    }

    [Fact]
    public void RunningBefore_BoundsExactlyTheDeadlinesBeforeThatInstant()
    {
        Ticket urgent = New(T0, Severity.Urgent);
        DateTimeOffset due = T0.AddHours(1);

        Assert.True(string.CompareOrdinal(Key(urgent), QueueEntry.RunningBefore(due.AddTicks(1))) < 0);
        Assert.True(string.CompareOrdinal(Key(urgent), QueueEntry.RunningBefore(due)) > 0);
    }

    [Theory]
    [InlineData(0, "Ok")]
    [InlineData(44, "Ok")]
    [InlineData(45, "AtRisk")]
    [InlineData(59, "AtRisk")]
    [InlineData(60, "Breached")]
    [InlineData(90, "Breached")]
    public void RiskOf_UrgentHourClock_FollowsTheWarningFractionAndTheDeadline(int minutes, string expected)
    {
        Ticket ticket = New(T0, Severity.Urgent);
        SlaClockStatus clock = TicketSla.Evaluate(ticket, Policy, T0.AddMinutes(minutes))[0];

        Assert.Equal(Enum.Parse<QueueRisk>(expected), QueueEntry.RiskOf(clock, warningFraction: 0.75));
    }

    [Fact]
    public void RiskOf_NoOpenClock_IsOk()
    {
        Assert.Equal(QueueRisk.Ok, QueueEntry.RiskOf(null, 0.75));
    }
}
