using System.Collections.Frozen;
using Support.Desk.Domain.Email;
using Support.Desk.Settings;

namespace Support.Desk.Domain.Notices;

/// <summary>What a notice watches: a running SLA clock, or the desk waiting on the customer.</summary>
public enum NoticeWatch
{
    Clock,
    Wait,
}

/// <summary>When a notice falls due, relative to what it watches.</summary>
public abstract record NoticeDue
{
    private NoticeDue()
    {
    }

    /// <summary>Once the clock has run this much covered time (then at the next covered instant for a business-hours clock).</summary>
    public sealed record AfterRunning(TimeSpan Elapsed) : NoticeDue;

    /// <summary>This long after the clock's deadline, in real time (then at the next covered instant for a business-hours clock).</summary>
    public sealed record AfterDeadline(TimeSpan Delay) : NoticeDue;

    /// <summary>After this many business days of waiting on the customer.</summary>
    public sealed record AfterBusinessDays(int Days) : NoticeDue;
}

/// <summary>
/// Everything about one kind of notice, in one row: how its key reads, what it watches and when it falls due
/// (one row may schedule several steps), the timeline entry it leaves, and the email it sends. Recipients and
/// wording belong to the email kind (the email templates).
/// </summary>
public sealed record NoticeRule(
    NoticeKind Kind,
    string KeyName,
    NoticeWatch Watches,
    Func<SlaTerms, EscalationOptions, IEnumerable<(int Step, NoticeDue Due)>> Schedule,
    TicketEventKind Event,
    Func<int, string> Summary,
    Func<TicketStatus, TicketEmailKind> Email);

/// <summary>The notices the desk sends, one row per kind. A kind without a row fails the desk at start.</summary>
public static class NoticeRules
{
    static readonly FrozenDictionary<NoticeKind, NoticeRule> Table = new NoticeRule[]
    {
        new(NoticeKind.SlaWarning, "warning", NoticeWatch.Clock,
            (terms, options) => [(0, new NoticeDue.AfterRunning(terms.Target * options.WarningFraction))],
            TicketEventKind.SlaWarning,
            _ => "SLA at risk: warning sent to the assignee or queue.",
            _ => TicketEmailKind.SlaWarning),
        new(NoticeKind.SlaBreach, "breach", NoticeWatch.Clock,
            (terms, _) => [(0, new NoticeDue.AfterRunning(terms.Target))],
            TicketEventKind.SlaBreached,
            _ => "SLA breached: support lead and customer success manager notified.",
            _ => TicketEmailKind.SlaBreach),
        new(NoticeKind.SlaEscalation, "escalation", NoticeWatch.Clock,
            (_, options) => Enumerable.Range(1, options.MaxContinuedBreachNotices).Select(k => (k, (NoticeDue)new NoticeDue.AfterDeadline(options.ContinuedBreachInterval * k))),
            TicketEventKind.SlaEscalated,
            step => $"SLA breach continues: escalated to the duty manager (level {step + 1}).",
            _ => TicketEmailKind.SlaEscalation),
        new(NoticeKind.CustomerReminder, "reminder", NoticeWatch.Wait,
            (_, options) => options.ReminderDays().Select(days => (days, (NoticeDue)new NoticeDue.AfterBusinessDays(days))),
            TicketEventKind.CustomerReminded,
            days => $"Customer reminded after {days} business day(s) of waiting.",
            status => status == TicketStatus.ResolutionProposed ? TicketEmailKind.ConfirmationReminder : TicketEmailKind.WaitingReminder),
    }.ToFrozenDictionary(r => r.Kind);

    public static IReadOnlyCollection<NoticeRule> All => Table.Values;

    public static NoticeRule For(NoticeKind kind) =>
        Table.TryGetValue(kind, out NoticeRule? rule) ? rule : throw new InvalidOperationException($"Notice kind {kind} has no rule in {nameof(NoticeRules)}.");

    /// <summary>Kinds without a row: checked when the desk starts, so a missing one never surfaces at send time.</summary>
    public static IReadOnlyList<NoticeKind> Missing() => [.. Enum.GetValues<NoticeKind>().Where(k => !Table.ContainsKey(k))];
}
