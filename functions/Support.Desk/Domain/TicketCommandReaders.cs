using System.Text.Json;

namespace Support.Desk.Domain;

public sealed record ResponseRequest(ResponseKind Kind, string Body);

/// <summary>An update; <see cref="Role"/> is optional (the caller decides it) and, when sent, must be the caller's.</summary>
public sealed record UpdateRequest(UpdateRole? Role, string Body, UpdateVisibility Visibility);

public sealed record ResolutionRequest(string Summary);

public sealed record ConfirmationRequest(bool Resolved, string? Comment);

public sealed record ReassignRequest(Severity? Severity, string? Assignee);

/// <summary>
/// Strict readers of the lifecycle commands' JSON bodies: every bad field reported at once. No body names its
/// author: who acts is who signed in.
/// </summary>
public static class TicketCommandReaders
{
    public const int MaxTextLength = 20_000;

    // The fields each body may carry; anything else is refused.
    public static readonly IReadOnlyList<string> ResponseFields = ["kind", "body"];
    public static readonly IReadOnlyList<string> UpdateFields = ["role", "body", "internal"];
    public static readonly IReadOnlyList<string> ResolutionFields = ["summary"];
    public static readonly IReadOnlyList<string> ConfirmationFields = ["resolved", "comment"];
    public static readonly IReadOnlyList<string> ReassignFields = ["severity", "assignee"];

    public static (ResponseRequest? Request, ValidationErrors Errors) Response(JsonElement body) => Read(body, ResponseFields, r =>
    {
        ResponseKind? kind = r.Enum<ResponseKind>("kind");
        string? text = r.Text("body", 1, MaxTextLength, singleLine: false);
        return kind is null || text is null ? null : new ResponseRequest(kind.Value, text);
    });

    public static (UpdateRequest? Request, ValidationErrors Errors) Update(JsonElement body) => Read(body, UpdateFields, r =>
    {
        UpdateRole? role = r.OptionalEnum<UpdateRole>("role");
        string? text = r.Text("body", 1, MaxTextLength, singleLine: false);
        bool? isInternal = r.Has("internal") ? r.Boolean("internal") : false;
        return text is null || isInternal is null || (r.Has("role") && role is null)
            ? null
            : new UpdateRequest(role, text, isInternal.Value ? UpdateVisibility.Internal : UpdateVisibility.Public);
    });

    public static (ResolutionRequest? Request, ValidationErrors Errors) Resolution(JsonElement body) => Read(body, ResolutionFields, r =>
    {
        string? summary = r.Text("summary", 1, MaxTextLength, singleLine: false);
        return summary is null ? null : new ResolutionRequest(summary);
    });

    public static (ConfirmationRequest? Request, ValidationErrors Errors) Confirmation(JsonElement body) => Read(body, ConfirmationFields, r =>
    {
        bool? resolved = r.Boolean("resolved");
        string? comment = r.Text("comment", 1, MaxTextLength, singleLine: false, required: false);
        return resolved is null ? null : new ConfirmationRequest(resolved.Value, comment);
    });

    public static (ReassignRequest? Request, ValidationErrors Errors) Reassign(JsonElement body) => Read(body, ReassignFields, r =>
    {
        Severity? severity = r.OptionalEnum<Severity>("severity");
        string? assignee = r.Text("assignee", 2, EmailAddresses.MaxLength, singleLine: true, required: false);
        bool bad = false;
        if (assignee is not null && assignee != "me" && !EmailAddresses.IsValid(assignee))
        {
            r.Error("assignee", "Must be the assignee's email address (on the staff roster), or 'me'.");
            bad = true;
        }

        if (!r.Has("severity") && !r.Has("assignee"))
        {
            r.Error("$", "Give a new severity, a new assignee, or both.");
            bad = true;
        }

        return bad || (r.Has("severity") && severity is null) ? null : new ReassignRequest(severity, assignee);
    });

    internal static (T? Request, ValidationErrors Errors) Read<T>(JsonElement body, IReadOnlyList<string> known, Func<JsonFieldReader, T?> read)
        where T : class
    {
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "The request body must be a JSON object.");
            return (null, errors);
        }

        T? request = read(new JsonFieldReader(body, string.Empty, known, errors));
        return errors.IsEmpty ? (request, errors) : (null, errors);
    }
}
