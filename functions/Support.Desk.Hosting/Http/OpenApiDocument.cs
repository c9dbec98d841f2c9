using Microsoft.AspNetCore.Http;

namespace Support.Desk.Hosting.Http;

/// <summary>The hand-written OpenAPI 3 document of the API (Http/openapi.json), served by both hosts.</summary>
public static class OpenApiDocument
{
    static readonly Lazy<string> Document = new(() =>
    {
        using Stream stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Support.Desk.Hosting.openapi.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Json => Document.Value;

    public static IResult Get() => Results.Text(Json, "application/json");
}
