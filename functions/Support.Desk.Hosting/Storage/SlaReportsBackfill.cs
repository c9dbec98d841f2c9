using Microsoft.Extensions.Options;
using Support.Desk.Application.Reports;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Puts the tickets from before the SLA reports existed into them: every ticket the staff queue knows has its facts
/// written, as the SLA shard would. Writing a fact is idempotent.
/// </summary>
public sealed class SlaReportsBackfill(Tables tables, IOptions<StorageOptions> options, QueuedTickets tickets, SlaReportRecorder reports)
    : OneTimeBackfill(tables)
{
    public override string Index => "the SLA reports";

    protected override string TableName => options.Value.SlaReportsTable;

    /// <summary>Neither a month's facts (<c>m-…</c>) nor the digests.</summary>
    protected override string MarkerPartition => "meta";

    protected override Task<int> FillAsync(CancellationToken cancellationToken) => tickets.ForEachAsync(reports.RecordAsync, cancellationToken);
}
