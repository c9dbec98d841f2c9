using System.Globalization;
using Support.Desk.Testing;

namespace Support.Desk.Benchmarks.Harness;

/// <summary>
/// A desk for one scenario: a fresh Azurite (its own data folder, optionally with its request log) and the local host
/// as a real process, configured through command-line settings. Tickets come from the tenant <see cref="Tenant"/>:
/// Gold plan (standard tier), region us, time zone UTC, so business hours are easy to place for same-second deadlines.
/// </summary>
public sealed class BenchDesk : IAsyncDisposable
{
    public const string Tenant = "bench";

    LocalHostProcess? host;

    BenchDesk(AzuriteProcess azurite)
    {
        this.Azurite = azurite;
        this.Settings = WithBenchCustomer(new DeskSettings(azurite))

            // The console is not what is measured: the host logs warnings and errors only.
            .With("Logging:LogLevel:Default", "Warning")
            .With("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
    }

    /// <summary>Adds the tenant the benchmarks submit as.</summary>
    public static DeskSettings WithBenchCustomer(DeskSettings settings) => settings
        .With($"Customers:{Tenant}:Plan", "gold")
        .With($"Customers:{Tenant}:Region", "us")
        .With($"Customers:{Tenant}:TimeZone", "Etc/UTC");

    public AzuriteProcess Azurite { get; }

    public DeskSettings Settings { get; }

    public LocalHostProcess Host => this.host ?? throw new InvalidOperationException("The host has not started.");

    public string MailDirectory => this.Settings.MailDirectory;

    public static async Task<BenchDesk> CreateAsync(string? storageLog = null) => new(await AzuriteProcess.StartAsync(storageLog));

    public BenchDesk With(string key, string value)
    {
        this.Settings.With(key, value);
        return this;
    }

    public BenchDesk With(string key, TimeSpan value) => this.With(key, value.ToString("c", CultureInfo.InvariantCulture));

    public async Task StartHostAsync() => this.host = await LocalHostProcess.StartAsync(this.Settings);

    /// <summary>Kills the host as a crash would (SIGKILL, no shutdown) and starts a new one on the same storage.</summary>
    public async Task CrashAndRestartAsync()
    {
        await this.Host.KillAsync();
        await this.Host.DisposeAsync();
        this.host = null;
        await this.StartHostAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (this.host is not null)
        {
            await this.host.DisposeAsync();
        }

        await this.Azurite.DisposeAsync();
        Directory.Delete(this.MailDirectory, recursive: true);
    }
}
