using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>Who gets a region's status emails.</summary>
public interface IStatusSubscriptions
{
    Task<StatusSubscription?> FindAsync(Region region, string email, CancellationToken cancellationToken);

    /// <summary>Writes the subscription (insert or replace).</summary>
    Task SaveAsync(StatusSubscription subscription, CancellationToken cancellationToken);

    /// <summary>Removes it; false when there was none.</summary>
    Task<bool> RemoveAsync(Region region, string email, CancellationToken cancellationToken);

    /// <summary>The region's confirmed subscribers.</summary>
    Task<IReadOnlyList<StatusSubscription>> ListConfirmedAsync(Region region, CancellationToken cancellationToken);
}

/// <summary>An address that asked for a region's status emails; it gets them once it confirmed (double opt-in).</summary>
public sealed record StatusSubscription(Region Region, string Email, string Tenant, DateTimeOffset RequestedAt, DateTimeOffset? ConfirmedAt);
