using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>
/// What the ticket flow asks of the regional status module: whether a region is disrupted (to annotate a new
/// ticket), its status in words (for escalation emails), and how fresh this instance's polling is (for health).
/// The status module implements it; the ticket flow never depends on the module itself.
/// </summary>
public interface IRegionalStatus
{
    /// <summary>A line describing a disruption in the region, or null when it is operational or unknown.</summary>
    ValueTask<string?> AdvisoryAsync(Region region, CancellationToken cancellationToken);

    /// <summary>The region's current status in words: disruption, operational, or unknown with the reason.</summary>
    ValueTask<string> DescribeAsync(Region region, CancellationToken cancellationToken);

    /// <summary>The oldest of this instance's latest polls of each region; null when this instance does not poll.</summary>
    DateTimeOffset? OldestPollAt();
}
