namespace Support.Desk.Benchmarks.Harness;

/// <summary>What the durable provider's warnings in a host's log say about the shards' work.</summary>
public static class DurableWarnings
{
    /// <summary>"… is being processed multiple times concurrently": a message handed out again while a worker still held it.</summary>
    public static int HandedOutTwice(string hostOutput)
    {
        ArgumentNullException.ThrowIfNull(hostOutput);
        int count = 0;
        for (int at = hostOutput.IndexOf("processed multiple times", StringComparison.Ordinal); at >= 0;
             at = hostOutput.IndexOf("processed multiple times", at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
