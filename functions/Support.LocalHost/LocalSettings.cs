using System.Text.Json;
using Support.Desk.Domain.Access;
using Support.Desk.Settings;

namespace Support.LocalHost;

/// <summary>
/// The desk's local credentials come from <c>local.settings.json</c>, the file the Functions host reads too:
/// only its <c>Access__*</c>, <c>LocalHost__*</c> and <c>InboundEmail__Credentials</c> values, since its other values (such as paths relative to
/// the Functions output folder) mean something else here. Environment and command line still override.
/// </summary>
internal static class LocalSettings
{
    static readonly string[] Prefixes = ["Access__", "LocalHost__", "InboundEmail__Credentials"];

    public static IConfigurationBuilder AddLocalSettingsCredentials(this IConfigurationBuilder configuration, string path)
    {
        if (!File.Exists(path))
        {
            return configuration;
        }

        using JsonDocument settings = JsonDocument.Parse(File.ReadAllText(path));
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (settings.RootElement.TryGetProperty("Values", out JsonElement entries) && entries.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty entry in entries.EnumerateObject().Where(e => Prefixes.Any(p => e.Name.StartsWith(p, StringComparison.Ordinal))))
            {
                values[entry.Name.Replace("__", ":", StringComparison.Ordinal)] = entry.Value.ToString();
            }
        }

        return configuration.AddInMemoryCollection(values);
    }

    /// <summary>Once at start, so a developer can call the API; never through logging, whose sinks may leave the machine.</summary>
    public static void PrintCredentials(LocalHostOptions localHost, AccessOptions access)
    {
        Console.WriteLine($"""
            Local credentials (from local settings):
              intake function key  x-functions-key: {localHost.FunctionKey}
              staff key            X-Staff-Key: {(access.StaffKeyList() is [var first, ..] ? $"{first.Key}   (acts as {first.Name})" : "(none: staff sign in with Entra ID)")}
              customers use the ticket token from the submission's answer or their emails: Authorization: Bearer tkt_...,
              or the Support Center at /sign-in (e.g. jane@acme.example; the sign-in link is written to the mail folder)
            """);
    }
}
