namespace Support.Desk.Domain.Notices;

/// <summary>A notice the desk has dealt with: sent, or skipped because a later one superseded it.</summary>
public sealed record NoticeRecord(NoticeKey Key, NoticeKind Kind, DateTimeOffset At, bool Skipped);
