using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Support.Desk.Hosting.Http;

/// <summary>Streaming reads of <c>multipart/form-data</c> posts (forms with files, Inbound Parse), section by section, with bounded headers.</summary>
public static class MultipartForms
{
    /// <summary>A reader of the request's body, or null when it is no <c>multipart/form-data</c> with a usable boundary.</summary>
    public static MultipartReader? ReaderOf(HttpRequest request, int headersCountLimit = 8)
    {
        ArgumentNullException.ThrowIfNull(request);
        return MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(type.Boundary).Value is { Length: > 0 and <= 200 } boundary
            ? new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = headersCountLimit }
            : null;
    }
}
