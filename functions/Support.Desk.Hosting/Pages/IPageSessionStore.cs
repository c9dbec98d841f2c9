namespace Support.Desk.Hosting.Pages;

/// <summary>Whose session a row is: a staff member's console or a Support Center contact's.</summary>
public enum PageSessionKind
{
    Staff,
    Customer,
}

/// <summary>
/// A signed-in session as the server keeps it. The cookie only names it (<see cref="Day"/> and <see cref="Id"/>, under
/// a MAC), so deleting the row ends every copy of the cookie. <see cref="Credential"/> fingerprints the staff key a
/// session was opened with, so withdrawing that key ends the session too.
/// </summary>
public sealed record StoredPageSession(
    string Day,
    string Id,
    PageSessionKind Kind,
    string Subject,
    string? Tenant,
    SignInMethod Method,
    string? Credential,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset LastSeen);

/// <summary>The pages' server-side sessions, partitioned by the day they were issued (so expired days are dropped whole).</summary>
public interface IPageSessionStore
{
    Task CreateAsync(StoredPageSession session, CancellationToken cancellationToken);

    Task<StoredPageSession?> FindAsync(string day, string id, CancellationToken cancellationToken);

    /// <summary>Records that the session was used (for the idle timeout).</summary>
    Task TouchAsync(StoredPageSession session, DateTimeOffset seen, CancellationToken cancellationToken);

    Task EndAsync(string day, string id, CancellationToken cancellationToken);

    /// <summary>Ends every session of <paramref name="subject"/> issued on one of <paramref name="days"/>; how many there were.</summary>
    Task<int> EndAllAsync(PageSessionKind kind, string subject, IReadOnlyList<string> days, CancellationToken cancellationToken);
}
