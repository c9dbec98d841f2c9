using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Email;
using Support.Desk.Hosting.Scheduling;
using Support.Desk.Hosting.Storage;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Settings;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>The Bicep infrastructure builds and lints, and its app settings match what the code reads.</summary>
public partial class InfrastructureTests
{
    static readonly string Infra = Path.Combine(RepositoryPaths.Root, "infra");

    /// <summary>Settings the Functions host and platform read, not the desk's code.</summary>
    static readonly string[] HostSettings =
    [
        "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "DurableTaskHubName", "AzureWebJobsDisableHomepage",
        "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID",
    ];

    /// <summary>Keys deliberately left unset in Azure, and why.</summary>
    static readonly Dictionary<string, string> UnsetOnPurpose = new(StringComparer.Ordinal)
    {
        ["Storage:ConnectionString"] = "keyless: Storage:TableServiceUri with the managed identity",
        ["Email:AzureCommunication:AccessKey"] = "keyless: Entra ID with the managed identity",
        ["Webhooks:Secrets"] = "optional: set as a Key Vault reference once the sender signs with Standard Webhooks",
        ["Incidents:ChatWebhookUrl"] = "optional: a Teams or Slack incoming webhook, set as a Key Vault reference where digests should reach a channel",
    };

    static (int ExitCode, string Output) Bicep(params string[] arguments)
    {
        string cli = typeof(InfrastructureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value!;
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not keep the executable bit of the packaged binary.
            File.SetUnixFileMode(cli, File.GetUnixFileMode(cli) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Infra };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [Fact]
    public void Bicep_MainTemplate_BuildsWithoutWarnings()
    {
        (int exit, string output) = Bicep("build", "main.bicep", "--stdout");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("Warning", output, StringComparison.Ordinal);
        Assert.Contains("\"Microsoft.Web/sites\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_MainTemplate_PassesTheLinter()
    {
        (int exit, string output) = Bicep("lint", "main.bicep");

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("Warning", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_EveryKeyTheCodeBindsIsSetOrSafelyDefaulted_AndNoneIsStale()
    {
        string[] deployed = [.. BlockKeys(File.ReadAllText(Path.Combine(Infra, "main.bicep")), "appSettings: {")
            .Concat(BlockKeys(File.ReadAllText(Path.Combine(Infra, "modules", "functionapp.bicep")), "var hostSettings = {"))];
        Dictionary<string, object?> bound = BoundKeys();

        string[] stale = [.. deployed.Where(d => !HostSettings.Contains(d) && !bound.ContainsKey(d.Replace("__", ":", StringComparison.Ordinal))
            && !SupportDeskSchedules.All.Any(s => s.SettingName == d))];
        string[] missing = [.. bound.Where(b => b.Value is null or "" && !UnsetOnPurpose.ContainsKey(b.Key)
            && !deployed.Contains(b.Key.Replace(":", "__", StringComparison.Ordinal))).Select(b => b.Key)];

        Assert.Empty(stale);
        Assert.Empty(missing);

        // Timer schedules and the task hub are read by the Functions host and have no default there.
        Assert.All(SupportDeskSchedules.All, s => Assert.Contains(s.SettingName, deployed));
        Assert.Contains("DurableTaskHubName", deployed);
    }

    /// <summary>The identifiers followed by a colon inside the first block that starts with <paramref name="opening"/>.</summary>
    static IEnumerable<string> BlockKeys(string bicep, string opening)
    {
        int start = bicep.IndexOf(opening, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{opening}' not found");
        int depth = 0, end = start;
        for (int i = start; i < bicep.Length; i++)
        {
            depth += bicep[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0 && bicep[i] == '}')
            {
                end = i;
                break;
            }
        }

        return SettingKey().Matches(bicep[start..end]).Select(m => m.Groups[1].Value).Where(k => k != opening.Split(':')[0]);
    }

    /// <summary>Every leaf configuration key bound to an options class, with its default value.</summary>
    static Dictionary<string, object?> BoundKeys()
    {
        var keys = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Walk(string prefix, object instance)
        {
            foreach (PropertyInfo property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                object? value = property.GetValue(instance);
                string key = $"{prefix}:{property.Name}";
                Type type = property.PropertyType;
                bool leaf = type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Uri) || type == typeof(TimeSpan)
                    || Nullable.GetUnderlyingType(type) is not null || typeof(System.Collections.IEnumerable).IsAssignableFrom(type);
                if (leaf)
                {
                    keys[key] = value;
                }
                else if (value is not null)
                {
                    Walk(key, value);
                }
            }
        }

        Walk(SlaPolicyOptions.SectionName, new SlaPolicyOptions());
        Walk(EscalationOptions.SectionName, new EscalationOptions());
        Walk(StorageOptions.SectionName, new StorageOptions());
        Walk(EmailOptions.SectionName, new EmailOptions());
        Walk(SupportCenterOptions.SectionName, new SupportCenterOptions());
        Walk(StatusPageOptions.SectionName, new StatusPageOptions());
        Walk(WebhookOptions.SectionName, new WebhookOptions());
        Walk(AccessOptions.SectionName, new AccessOptions());
        Walk(StaffOptions.SectionName, new StaffOptions());
        Walk(NotificationOptions.SectionName, new NotificationOptions());
        Walk(PageOptions.SectionName, new PageOptions());
        Walk(IntakeOptions.SectionName, new IntakeOptions());
        Walk(AttachmentOptions.SectionName, new AttachmentOptions());
        Walk(SlaSchedulerOptions.SectionName, new SlaSchedulerOptions());
        Walk(InboundEmailOptions.SectionName, new InboundEmailOptions());
        Walk(IncidentOptions.SectionName, new IncidentOptions());
        return keys;
    }

    [GeneratedRegex(@"^\s+([A-Za-z_][A-Za-z0-9_]*):", RegexOptions.Multiline)]
    private static partial Regex SettingKey();
}
