using Support.Desk.Application.Sla;
using Support.Desk.Domain;

namespace Support.Desk.UnitTests;

/// <summary>A ticket's shard is where its schedule entry lives: it must never change, and shards must share the load.</summary>
public class SlaShardsTests
{
    /// <summary>Expected shards computed outside .NET (FNV-1a 32-bit over the ID's characters, modulo 4), so a change of hash is caught.</summary>
    [Theory]
    [InlineData("SUP-7K3M-9QXD-2F4A", 3)]
    [InlineData("SUP-RTQ5-CJ3X-N4M6", 3)]
    [InlineData("SUP-0000-0000-0000", 0)]
    [InlineData("SUP-AB12-CD34-EF56", 0)]
    [InlineData("SUP-9QXD-7K3M-2F4B", 2)]
    [InlineData("SUP-1111-2222-3333", 0)]
    [InlineData("SUP-AAAA-BBBB-CCCD", 1)]
    public void Of_IsTheSameInEveryProcessAndRelease(string ticketId, int shard) => Assert.Equal(shard, SlaShards.Of(ticketId));

    [Fact]
    public void Of_SpreadsTicketsEvenlyOverTheShards()
    {
        int[] counts = new int[SlaShards.Count];
        for (int i = 0; i < 20_000; i++)
        {
            counts[SlaShards.Of(TicketIds.NewRandom())]++;
        }

        // Each shard within ±10 % of an even share (5,000): a skewed hash would put an outage on one shard.
        Assert.All(counts, count => Assert.InRange(count, 4_500, 5_500));
    }
}
