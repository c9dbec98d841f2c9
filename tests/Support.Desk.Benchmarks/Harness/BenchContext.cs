using System.Diagnostics;
using System.Globalization;

namespace Support.Desk.Benchmarks.Harness;

/// <summary>What scenarios of one run share: where to put scratch files, and the same-run references later scenarios compare with.</summary>
public sealed class BenchContext(string workDirectory)
{
    readonly Stopwatch elapsed = Stopwatch.StartNew();

    public string WorkDirectory { get; } = workDirectory;

    /// <summary>Notice lateness of a few tickets on an otherwise idle desk (from the storage-cost scenario).</summary>
    public NoticeTimeliness? IdleDesk { get; set; }

    /// <summary>Notice lateness of 1,000 urgent tickets on fresh storage (the reference of the crash and history scenarios).</summary>
    public NoticeTimeliness? FreshThousand { get; set; }

    public void Log(string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{this.elapsed.Elapsed:mm\\:ss}] {message}"));
}
