namespace Support.Desk.Benchmarks.Harness;

/// <summary>An email as the pickup folder shows it: file {ticket}.{kind}.{sequence}.eml, written when it was sent.</summary>
public sealed record SentEmail(string TicketId, string Kind, DateTimeOffset SentAt);

/// <summary>Reads what the desk sent from its pickup folder (the local email provider): the benchmarks' clock of record.</summary>
public static class SentMail
{
    public const string Confirmation = "confirmation";
    public const string Warning = "sla-warning";
    public const string Breach = "sla-breach";

    public static int Count(string directory, string kind) => Directory.EnumerateFiles(directory, $"*.{kind}.*.eml").Count();

    public static IReadOnlyList<SentEmail> Read(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.eml").Select(path =>
        {
            string[] parts = Path.GetFileName(path).Split('.');
            return new SentEmail(parts[0], parts[1], new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero));
        })];

    /// <summary>Waits until <paramref name="expected"/> emails of <paramref name="kind"/> are out or the deadline passes; returns how many are.</summary>
    public static async Task<int> WaitForAsync(string directory, string kind, int expected, DateTimeOffset deadline)
    {
        while (true)
        {
            int count = Count(directory, kind);
            if (count >= expected || DateTimeOffset.UtcNow >= deadline)
            {
                return count;
            }

            await Task.Delay(250);
        }
    }
}
