using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Support.Desk.Benchmarks.Results;

/// <summary>What the figures were measured on: they only compare with figures from a similar machine.</summary>
public sealed record MachineDescription(string Os, string Cpu, int Cores, double MemoryGiB, string Dotnet, string Node, string Azurite)
{
    public static MachineDescription Current(string repositoryRoot) => new(
        RuntimeInformation.OSDescription,
        CpuModel(),
        Environment.ProcessorCount,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        RuntimeInformation.FrameworkDescription,
        Run("node", "--version") ?? "?",
        AzuriteVersion(repositoryRoot));

    public override string ToString() =>
        $"{this.Cpu}, {this.Cores} cores, {this.MemoryGiB} GiB; {this.Os}; {this.Dotnet}; Node.js {this.Node}; Azurite {this.Azurite}";

    static string CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        string? line = File.Exists(CpuInfo) ? File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    static string AzuriteVersion(string repositoryRoot)
    {
        string package = Path.Combine(repositoryRoot, "node_modules", "azurite", "package.json");
        if (!File.Exists(package))
        {
            return "?";
        }

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(package));
        return json.RootElement.GetProperty("version").GetString() ?? "?";
    }

    internal static string? Run(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
