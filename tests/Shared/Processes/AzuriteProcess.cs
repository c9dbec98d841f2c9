using System.Diagnostics;
using System.Globalization;

namespace Support.Desk.Testing;

/// <summary>
/// A real Azurite (the repository's pinned npm package) on free loopback ports with its own data folder. It can
/// be stopped abruptly and started again on the same ports and data, as a storage outage would look.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    readonly int blobPort = FreePorts.Next();
    readonly int queuePort = FreePorts.Next();
    readonly int tablePort = FreePorts.Next();
    readonly string dataDirectory = Directory.CreateTempSubdirectory("azurite-").FullName;
    string? debugLog;
    Process? process;

    AzuriteProcess(string? debugLog)
    {
        this.debugLog = debugLog;
        this.ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{this.blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{this.queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{this.tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    /// <summary>Keeps the emulator's data in memory only (no saving to disk every few seconds); for measuring what saving costs.</summary>
    public static bool InMemory { get; set; }

    /// <summary>Where the next <see cref="RestartAsync"/> writes the debug log (null: none); a benchmark seeds without it, then counts with it.</summary>
    public string? DebugLog
    {
        get => this.debugLog;
        set => this.debugLog = value;
    }

    /// <summary>The running emulator's process ID (for its memory figures).</summary>
    public int ProcessId => this.process?.Id ?? throw new InvalidOperationException("Azurite is not running.");

    /// <summary>
    /// Starts Azurite. With <paramref name="debugLog"/>, it writes its debug log there: one
    /// <c>RequestMethod=… RequestURL=…</c> line per request, which is how the benchmarks count storage requests.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(string? debugLog = null)
    {
        var azurite = new AzuriteProcess(debugLog);
        await azurite.RestartAsync();
        return azurite;
    }

    /// <summary>Starts Azurite (again) on the same ports and data folder; returns once all three services listen.</summary>
    public async Task RestartAsync()
    {
        string script = Path.Combine(RepositoryPaths.Root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}: run `npm ci` in the repository root (the README's test command does).");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };

        // Azurite holds every table in the V8 heap: a benchmark's 100,000-ticket backlog needs several GB, past V8's
        // default limit, and a larger young generation spares it most full collections while it grows.
        start.Environment["NODE_OPTIONS"] = "--max-old-space-size=16384 --max-semi-space-size=64";
        foreach (string argument in new[]
        {
            script, "--silent", "--disableTelemetry", "--skipApiVersionCheck", InMemory ? "--inMemoryPersistence" : "--location", InMemory ? string.Empty : this.dataDirectory,
            "--blobHost", "127.0.0.1", "--blobPort", this.blobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", this.queuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", this.tablePort.ToString(CultureInfo.InvariantCulture),
        })
        {
            if (argument.Length > 0)
            {
                start.ArgumentList.Add(argument);
            }
        }

        if (this.debugLog is not null)
        {
            start.ArgumentList.Add("--debug");
            start.ArgumentList.Add(this.debugLog);
        }

        this.process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        this.process.OutputDataReceived += (_, _) => { };
        this.process.ErrorDataReceived += (_, _) => { };
        this.process.BeginOutputReadLine();
        this.process.BeginErrorReadLine();
        foreach (int port in new[] { this.blobPort, this.queuePort, this.tablePort })
        {
            await FreePorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>
    /// Takes storage away: Azurite closes its listeners at once and exits; its data folder stays. SIGTERM, not
    /// SIGKILL: Azurite holds its tables in memory and saves them every 5 s, so killing it would lose writes that
    /// it had acknowledged, which Azure Storage never does, and the test would measure the emulator.
    /// </summary>
    public async Task StopAsync()
    {
        if (this.process is { HasExited: false })
        {
            using (Process signal = Process.Start("kill", ["-TERM", this.process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync();
            }

            // It saves its whole database on the way out: a large one (a benchmark's backlog) takes a while.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            try
            {
                await this.process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                this.process.Kill(entireProcessTree: true);
                await this.process.WaitForExitAsync();
            }
        }

        this.process?.Dispose();
        this.process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await this.StopAsync();
        Directory.Delete(this.dataDirectory, recursive: true);
    }
}
