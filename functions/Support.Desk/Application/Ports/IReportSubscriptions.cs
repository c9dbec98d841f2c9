namespace Support.Desk.Application.Ports;

/// <summary>A contact who asked for their organisation's SLA report by email each month.</summary>
public sealed record ReportSubscription(string Tenant, string Email, DateTimeOffset SubscribedAt);

/// <summary>Who gets the monthly SLA report: one row per contact and tenant.</summary>
public interface IReportSubscriptions
{
    /// <summary>Adds the subscription, or leaves the one there is.</summary>
    Task PutAsync(ReportSubscription subscription, CancellationToken cancellationToken);

    Task RemoveAsync(string tenant, string email, CancellationToken cancellationToken);

    Task<ReportSubscription?> FindAsync(string tenant, string email, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReportSubscription>> ListAsync(CancellationToken cancellationToken);
}
