using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests.Infrastructure;

/// <summary>
/// Measured counts (requests sent, failures seen) that belong in the run's log even when the test passes:
/// appended to <c>.data/test-report.txt</c>, which <c>scripts/test.sh</c> prints after the summary.
/// </summary>
internal static class TestReport
{
    static readonly object Gate = new();

    public static void Write(string line)
    {
        string path = Path.Combine(RepositoryPaths.Root, ".data", "test-report.txt");
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }
}
