using System.Globalization;

namespace Support.Desk.Testing;

/// <summary>Resident memory of a process, from Linux's /proc (the machine the tests and benchmarks run on).</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident memory since the process started or its peak was last reset (VmHWM), in bytes.</summary>
    public static long Peak(int processId) => StatusValue(processId, "VmHWM");

    /// <summary>Resident memory now (VmRSS), in bytes.</summary>
    public static long Current(int processId) => StatusValue(processId, "VmRSS");

    /// <summary>Resets the peak to what the process holds now (clear_refs 5); returns that.</summary>
    public static long ResetPeak(int processId)
    {
        File.WriteAllText($"/proc/{processId}/clear_refs", "5");
        return Current(processId);
    }

    static long StatusValue(int processId, string name)
    {
        string line = File.ReadLines($"/proc/{processId}/status").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
