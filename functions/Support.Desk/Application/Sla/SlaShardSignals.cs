using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Support.Desk.Application.Sla;

/// <summary>A ticket that needs its shard's attention at <see cref="DueAt"/>, as its schedule entry says at <see cref="Version"/>.</summary>
public readonly record struct DueTicket(string TicketId, DateTimeOffset DueAt, string Version);

/// <summary>
/// In-process shortcut from intake and commands to a shard running in the same process: the ticket is scheduled at
/// once instead of at the shard's next read of its schedule. Best effort by design: the schedule row, written first,
/// is what guarantees the ticket is handled; a nudge only makes it sooner.
/// </summary>
public sealed class SlaShardSignals
{
    readonly ConcurrentDictionary<int, Channel<DueTicket>> running = new();

    /// <summary>
    /// Tells the ticket's shard, if it runs in this process, that the ticket is due at <paramref name="dueAt"/>: call it
    /// after writing the schedule entry (whose new <paramref name="version"/> the shard's write-back is conditional on).
    /// </summary>
    public void Nudge(string ticketId, DateTimeOffset dueAt, string version)
    {
        if (this.running.TryGetValue(SlaShards.Of(ticketId), out Channel<DueTicket>? channel))
        {
            channel.Writer.TryWrite(new DueTicket(ticketId, dueAt, version));
        }
    }

    /// <summary>A running shard listens; disposing the subscription stops it. A second listener replaces the first.</summary>
    public Subscription Listen(int shard)
    {
        var channel = Channel.CreateUnbounded<DueTicket>(new UnboundedChannelOptions { SingleReader = true });
        this.running[shard] = channel;
        return new Subscription(this, shard, channel);
    }

    public sealed class Subscription(SlaShardSignals signals, int shard, Channel<DueTicket> channel) : IDisposable
    {
        public ChannelReader<DueTicket> Reader => channel.Reader;

        public void Dispose() => signals.running.TryRemove(new KeyValuePair<int, Channel<DueTicket>>(shard, channel));
    }
}
