namespace Support.Desk.Status;

public abstract record FetchResult
{
    private FetchResult()
    {
    }

    /// <summary>304: the page has not changed since the validators we sent.</summary>
    public sealed record NotModified : FetchResult;

    public sealed record Content(byte[] Body, string? ContentType, string? ETag, string? LastModified) : FetchResult;

    public sealed record Failed(string Reason) : FetchResult;
}

/// <summary>Fetches a status page with conditional GET, a timeout and a size cap; never throws for HTTP problems.</summary>
public interface IStatusPageFetcher
{
    Task<FetchResult> FetchAsync(Uri url, string? etag, string? lastModified, CancellationToken cancellationToken);
}
