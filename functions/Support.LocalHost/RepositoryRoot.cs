namespace Support.LocalHost;

internal static class RepositoryRoot
{
    /// <summary>The nearest folder at or above <paramref name="start"/> holding the solution; <paramref name="start"/> otherwise.</summary>
    public static string Find(string start)
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Support.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        return start;
    }
}
