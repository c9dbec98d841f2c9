using System.Globalization;
using System.Text.RegularExpressions;

namespace Support.Desk.Benchmarks.Harness;

/// <summary>One request Azurite served: when, which service, and which table, queue or container.</summary>
public sealed record StorageRequest(DateTimeOffset At, string Service, string Method, string Resource)
{
    /// <summary>"table Tickets", "queue hub-control-00", "blob hub-leases".</summary>
    public string Target => $"{this.Service} {this.Resource}";
}

/// <summary>
/// Reads Azurite's debug log (<c>--debug FILE</c>), which has one <c>…StorageContextMiddleware: RequestMethod=…
/// RequestURL=…</c> line per request it serves. This counts requests as the storage service bills them: a table
/// batch is one request, attributed to its table by the batch body Azurite logs under the same request ID.
/// </summary>
public static partial class StorageRequests
{
    const string Marker = "StorageContextMiddleware: RequestMethod=";
    const string BatchBody = "TableHandler:batch() Raw request string is";

    public static IReadOnlyList<StorageRequest> Read(string logPath)
    {
        var requests = new List<StorageRequest>();
        var batches = new Dictionary<string, int>(StringComparer.Ordinal);

        // Azurite keeps writing; share the file.
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            int marker = line.IndexOf(Marker, StringComparison.Ordinal);
            if (marker < 0)
            {
                if (line.Contains(BatchBody, StringComparison.Ordinal) && batches.TryGetValue(RequestIdOf(line), out int index)
                    && BatchTable().Match(line) is { Success: true } table)
                {
                    requests[index] = requests[index] with { Resource = table.Groups[1].Value };
                }

                continue;
            }

            DateTimeOffset at = DateTimeOffset.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            string service = line[(line.LastIndexOf(' ', marker) + 1)..marker].ToLowerInvariant();
            string rest = line[(marker + Marker.Length)..];
            string method = rest[..rest.IndexOf(' ', StringComparison.Ordinal)];
            int urlStart = rest.IndexOf("RequestURL=", StringComparison.Ordinal) + "RequestURL=".Length;
            string url = rest[urlStart..rest.IndexOf(' ', urlStart)];
            string resource = ResourceOf(url);
            if (resource == "$batch")
            {
                batches[RequestIdOf(line)] = requests.Count;
            }

            requests.Add(new StorageRequest(at, service, method, resource));
        }

        return requests;
    }

    /// <summary>
    /// Marks a point in the log with a request for a table that does not exist: Azurite stamps its log lines when it
    /// writes them, in bursts and minutes late under load, so a window is told by marks in the log, not by the clock.
    /// </summary>
    public static async Task MarkAsync(string connectionString, string name)
    {
        try
        {
            await new Azure.Data.Tables.TableServiceClient(connectionString).GetTableClient(name).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("mark", "mark");
        }
        catch (Azure.RequestFailedException)
        {
            // The table does not exist: the request is in the log all the same.
        }
    }

    /// <summary>The requests logged between two marks, once the second is in the log (waiting up to <paramref name="timeout"/>).</summary>
    public static async Task<IReadOnlyList<StorageRequest>> BetweenMarksAsync(string logPath, string start, string end, TimeSpan timeout)
    {
        IReadOnlyList<StorageRequest> logged = Read(logPath);
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); !logged.Any(r => r.Resource == end) && waited.Elapsed < timeout;)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            logged = Read(logPath);
        }

        List<StorageRequest> all = [.. logged];
        int from = all.FindIndex(r => r.Resource == start), to = all.FindIndex(r => r.Resource == end);
        return from < 0 || to < from ? [] : all.GetRange(from + 1, to - from - 1);
    }

    /// <summary>Lines read "{timestamp} {request ID} {level}: …".</summary>
    static string RequestIdOf(string line) => line.Split(' ', 3)[1];

    /// <summary>The first entity URL inside a batch body names its table (a batch addresses one table and partition).</summary>
    [GeneratedRegex(@"/devstoreaccount1/([A-Za-z][A-Za-z0-9]*)(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex BatchTable();

    /// <summary>The table, queue or container a request URL addresses (the first path segment after the account).</summary>
    static string ResourceOf(string url)
    {
        string path = new Uri(url).AbsolutePath;
        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return "(account)";
        }

        string first = Uri.UnescapeDataString(segments[1]);
        int parenthesis = first.IndexOf('(', StringComparison.Ordinal);
        return parenthesis >= 0 ? first[..parenthesis] : first;
    }
}
