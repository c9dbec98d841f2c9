using System.Reflection;

namespace Support.Desk.Testing;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The local host as built by `dotnet build` of the solution (same configuration as the tests).</summary>
    public static string LocalHostAssembly =>
        Path.Combine(Root, "functions", "Support.LocalHost", "bin", Configuration, "net10.0", "Support.LocalHost.dll");

    static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Support.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
