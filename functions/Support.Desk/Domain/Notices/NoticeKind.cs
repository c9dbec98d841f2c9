namespace Support.Desk.Domain.Notices;

public enum NoticeKind
{
    SlaWarning,
    SlaBreach,
    SlaEscalation,
    CustomerReminder,
}
