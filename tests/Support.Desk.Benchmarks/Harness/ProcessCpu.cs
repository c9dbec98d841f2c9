using System.Globalization;

namespace Support.Desk.Benchmarks.Harness;

/// <summary>CPU time a process has used (user + system), from /proc/{pid}/stat.</summary>
public static class ProcessCpu
{
    /// <summary>Linux reports CPU time in clock ticks of 1/100 s (USER_HZ, 100 on every mainstream kernel build).</summary>
    const double TicksPerSecond = 100;

    public static double Seconds(int processId)
    {
        string stat = File.ReadAllText($"/proc/{processId}/stat");

        // The command name (field 2) is in parentheses and may contain spaces: count fields after its closing one.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (user + system) / TicksPerSecond;
    }
}
