using Support.Desk.Domain.Reports;

namespace Support.Desk.Application.Ports;

/// <summary>
/// Report facts, kept for range reads by month and tenant (never a scan of the tickets table), and per-day digests of
/// them for the staff report. Facts are written whole (idempotent); a digest is rebuilt from its day's facts when a
/// fact of that day changed after it was built.
/// </summary>
public interface ISlaReportStore
{
    /// <summary>Writes these facts as they are now (a fact written again replaces itself), at <paramref name="now"/>.</summary>
    Task WriteAsync(IReadOnlyList<TicketFact> tickets, IReadOnlyList<ClockFact> clocks, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The digest of every UTC day from <paramref name="first"/> to <paramref name="beyond"/> (exclusive) that has facts, as of <paramref name="now"/>.</summary>
    Task<IReadOnlyList<SlaDayDigest>> DigestsAsync(DateOnly first, DateOnly beyond, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>A tenant's ticket facts opened, and clock facts started, between the two instants.</summary>
    Task<(IReadOnlyList<TicketFact> Tickets, IReadOnlyList<ClockFact> Clocks)> TenantFactsAsync(
        string tenant, DateTimeOffset start, DateTimeOffset before, CancellationToken cancellationToken);
}
