using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Support.Desk.Testing;

/// <summary>
/// The local host as a real process (`dotnet Support.LocalHost.dll`) on free ports, configured through
/// command-line settings. <see cref="KillAsync"/> ends it abruptly, as a crash would.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> output = new();

    LocalHostProcess(Process process, int port)
    {
        this.process = process;
        this.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        this.Client = new HttpClient { BaseAddress = this.BaseAddress };

        // The intake webhook's function key and a staff key, as a staff tool or a webhook sender would send them.
        this.Client.DefaultRequestHeaders.Add("x-functions-key", DeskSettings.FunctionKey);
        this.Client.DefaultRequestHeaders.Add("X-Staff-Key", DeskSettings.StaffKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>Sends the staff key and the function key.</summary>
    public HttpClient Client { get; }

    /// <summary>A client with no credentials of its own.</summary>
    public HttpClient NewAnonymousClient() => new() { BaseAddress = this.BaseAddress };

    /// <summary>A customer's client: the ticket token from the submission's answer, nothing else.</summary>
    public HttpClient NewCustomerClient(string ticketToken)
    {
        HttpClient client = this.NewAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ticketToken);
        return client;
    }

    /// <summary>Submits a valid ticket with the intake key; its ID and the customer's token.</summary>
    public async Task<(string Id, string Token)> SubmitAsync(string tenant = "acme-prod", string severity = "high")
    {
        using var body = new StringContent(TicketRequests.Json(tenant: tenant, severity: severity), System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage created = await this.Client.PostAsync("/api/tickets", body);
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Submission answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        }

        using var acknowledgement = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return (acknowledgement.RootElement.GetProperty("ticketId").GetString()!, acknowledgement.RootElement.GetProperty("accessToken").GetString()!);
    }

    public string Output => string.Join(Environment.NewLine, this.output);

    /// <summary>The host's process ID (for its memory figures, see <see cref="ProcessMemory"/>).</summary>
    public int ProcessId => this.process.Id;

    /// <summary>Resets the process's peak resident memory to what it holds now; returns that.</summary>
    public long ResetPeakMemory() => ProcessMemory.ResetPeak(this.process.Id);

    /// <summary>The process's peak resident memory since it started or was last reset.</summary>
    public long PeakMemory() => ProcessMemory.Peak(this.process.Id);

    public static async Task<LocalHostProcess> StartAsync(DeskSettings settings, int? port = null, int? sidecarPort = null)
    {
        // A free port is only free until someone takes it: another test process may bind it between our probe and
        // the host's. With ports of our choosing, try again on fresh ones.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(settings, port, sidecarPort);
            }
            catch (InvalidOperationException ex) when (attempt < 3 && port is null && sidecarPort is null
                && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    static async Task<LocalHostProcess> StartOnceAsync(DeskSettings settings, int? port, int? sidecarPort)
    {
        string assembly = RepositoryPaths.LocalHostAssembly;
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing: build the solution first (the README's test command does).");
        }

        int publicPort = port ?? FreePorts.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        var values = new Dictionary<string, string?>(settings.Values, StringComparer.OrdinalIgnoreCase)
        {
            ["LocalHost:Port"] = publicPort.ToString(CultureInfo.InvariantCulture),
            ["LocalHost:SidecarPort"] = (sidecarPort ?? FreePorts.Next()).ToString(CultureInfo.InvariantCulture),
        };
        foreach ((string key, string? value) in values)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The local host did not start.");
        var host = new LocalHostProcess(process, publicPort);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { host.output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { host.output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitUntilReadyAsync();
        return host;
    }

    async Task WaitUntilReadyAsync()
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (this.process.HasExited)
            {
                // Waits until the redirected output is read to its end, so the message carries the reason.
                this.process.WaitForExit();
                throw new InvalidOperationException($"The local host exited with {this.process.ExitCode}:{Environment.NewLine}{this.Output}");
            }

            try
            {
                using HttpResponseMessage response = await this.Client.GetAsync("/api/tickets/SUP-0000-0000-0000");

                // 404: routing, authentication and storage all answer.
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The local host did not become ready:{Environment.NewLine}{this.Output}");
            }

            await Task.Delay(200);
        }
    }

    public async Task KillAsync()
    {
        if (!this.process.HasExited)
        {
            this.process.Kill(entireProcessTree: true);
            await this.process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await this.KillAsync();
        this.process.Dispose();
        this.Client.Dispose();
    }
}
