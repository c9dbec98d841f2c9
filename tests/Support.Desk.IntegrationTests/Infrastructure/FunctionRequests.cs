using System.Text;
using Microsoft.AspNetCore.Http;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests.Infrastructure;

/// <summary>HTTP requests for calling function classes directly, as the Functions host hands them over.</summary>
internal static class FunctionRequests
{
    /// <summary>A request with staff credentials unless <paramref name="headers"/> replace them, as the desk's staff tools send them.</summary>
    public static HttpRequest Create(IServiceProvider services, string method, string path, string? body = null, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        if (body is not null)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = contentType;
        }

        context.Request.Headers["X-Staff-Key"] = DeskSettings.StaffKey;
        foreach ((string name, string value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }
}
