using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Support.Desk.Domain;
using Support.Desk.Hosting.Http.Contracts;

namespace Support.Desk.Hosting.Http;

/// <summary>RFC 9457 problem details, written the same way by both hosts.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult Validation(HttpRequest request, ValidationErrors errors) =>
        Write(request, StatusCodes.Status400BadRequest, "validation-error", "The request has invalid fields.",
            "Correct every field listed in 'errors' and send the request again.", errors.ToDictionary());

    public static IResult Create(HttpRequest request, int status, string type, string title, string detail) =>
        Write(request, status, type, title, detail, errors: null);

    static IResult Write(HttpRequest request, int status, string type, string title, string detail, IReadOnlyDictionary<string, string[]>? errors)
    {
        var problem = new ProblemContract(
            $"urn:support-desk:problem:{type}",
            title,
            status,
            detail,
            request.Path.Value ?? string.Empty,
            Activity.Current?.TraceId.ToString() ?? request.HttpContext.TraceIdentifier,
            errors);
        return Results.Json(problem, ApiJson.Options, ContentType, status);
    }
}

/// <summary>How the API writes JSON: camelCase, nulls left out.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
