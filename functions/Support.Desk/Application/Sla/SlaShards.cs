namespace Support.Desk.Application.Sla;

/// <summary>
/// Open tickets are split into a fixed number of SLA shards by a stable hash of their ID. Each shard has one
/// scheduler at a time (a durable orchestration), which is how escalation work spreads over a scaled-out app
/// while every ticket has exactly one owner.
/// </summary>
/// <remarks>
/// Fixed, not configurable: a ticket's shard is part of where its schedule row lives, so changing the count
/// would strand rows in shards nobody runs. Four matches the durable task hub's four partitions.
/// </remarks>
public static class SlaShards
{
    public const int Count = 4;

    public static IEnumerable<int> All => Enumerable.Range(0, Count);

    /// <summary>The ticket's shard: FNV-1a over the ID's characters (stable across processes and releases, unlike string.GetHashCode).</summary>
    public static int Of(string ticketId)
    {
        ArgumentNullException.ThrowIfNull(ticketId);
        uint hash = 2166136261;
        foreach (char c in ticketId)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % Count);
    }
}
