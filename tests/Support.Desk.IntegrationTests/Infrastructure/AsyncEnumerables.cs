namespace Support.Desk.IntegrationTests.Infrastructure;

internal static class AsyncEnumerables
{
    // Named apart from ToListAsync, which two referenced assemblies both define.
    public static async Task<List<T>> CollectAsync<T>(this IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (T item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
