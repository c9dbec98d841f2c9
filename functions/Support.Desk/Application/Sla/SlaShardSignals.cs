using System.Collections.Concurrent;
using System.Threading.Channels;
using Support.Desk.Application.Ports;

namespace Support.Desk.Application.Sla;

/// <summary>
/// In-process shortcut from intake and commands to a shard running in the same process: the ticket's new schedule
/// row is taken up at once instead of at the shard's next read. Best effort by design: the row, written first, is
/// what guarantees the ticket is handled; a nudge only makes it sooner.
/// </summary>
public sealed class SlaShardSignals
{
    readonly ConcurrentDictionary<int, Channel<DueRow>> running = new();

    /// <summary>Tells the row's shard, if it runs in this process, about the row (call it after writing the row).</summary>
    public void Nudge(DueRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (this.running.TryGetValue(SlaShards.Of(row.TicketId), out Channel<DueRow>? channel))
        {
            channel.Writer.TryWrite(row);
        }
    }

    /// <summary>A running shard listens; disposing the subscription stops it. A second listener replaces the first.</summary>
    public Subscription Listen(int shard)
    {
        var channel = Channel.CreateUnbounded<DueRow>(new UnboundedChannelOptions { SingleReader = true });
        this.running[shard] = channel;
        return new Subscription(this, shard, channel);
    }

    public sealed class Subscription(SlaShardSignals signals, int shard, Channel<DueRow> channel) : IDisposable
    {
        public ChannelReader<DueRow> Reader => channel.Reader;

        public void Dispose() => signals.running.TryRemove(new KeyValuePair<int, Channel<DueRow>>(shard, channel));
    }
}
