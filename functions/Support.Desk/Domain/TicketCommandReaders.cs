using System.Text.Json;

namespace Support.Desk.Domain;

public sealed record ResponseRequest(ResponseKind Kind, string Author, string Body);

public sealed record UpdateRequest(UpdateRole Role, string Author, string Body);

public sealed record ResolutionRequest(string Author, string Summary);

public sealed record ConfirmationRequest(bool Resolved, string? Comment);

public sealed record ReassignRequest(Severity? Severity, string? Assignee, string ChangedBy);

/// <summary>Strict readers of the lifecycle commands' JSON bodies: every bad field reported at once.</summary>
public static class TicketCommandReaders
{
    public const int MaxTextLength = 20_000;

    public static (ResponseRequest? Request, ValidationErrors Errors) Response(JsonElement body) => Read(body, ["kind", "author", "body"], r =>
    {
        ResponseKind? kind = r.Enum<ResponseKind>("kind");
        string? author = r.Text("author", 1, 200, singleLine: true);
        string? text = r.Text("body", 1, MaxTextLength, singleLine: false);
        return kind is null || author is null || text is null ? null : new ResponseRequest(kind.Value, author, text);
    });

    public static (UpdateRequest? Request, ValidationErrors Errors) Update(JsonElement body) => Read(body, ["role", "author", "body"], r =>
    {
        UpdateRole? role = r.Enum<UpdateRole>("role");
        string? author = r.Text("author", 1, 200, singleLine: true);
        string? text = r.Text("body", 1, MaxTextLength, singleLine: false);
        return role is null || author is null || text is null ? null : new UpdateRequest(role.Value, author, text);
    });

    public static (ResolutionRequest? Request, ValidationErrors Errors) Resolution(JsonElement body) => Read(body, ["author", "summary"], r =>
    {
        string? author = r.Text("author", 1, 200, singleLine: true);
        string? summary = r.Text("summary", 1, MaxTextLength, singleLine: false);
        return author is null || summary is null ? null : new ResolutionRequest(author, summary);
    });

    public static (ConfirmationRequest? Request, ValidationErrors Errors) Confirmation(JsonElement body) => Read(body, ["resolved", "comment"], r =>
    {
        bool? resolved = r.Boolean("resolved");
        string? comment = r.Text("comment", 1, MaxTextLength, singleLine: false, required: false);
        return resolved is null ? null : new ConfirmationRequest(resolved.Value, comment);
    });

    public static (ReassignRequest? Request, ValidationErrors Errors) Reassign(JsonElement body) => Read(body, ["severity", "assignee", "changedBy"], r =>
    {
        Severity? severity = r.OptionalEnum<Severity>("severity");
        string? assignee = r.Text("assignee", 3, EmailAddresses.MaxLength, singleLine: true, required: false);
        string? changedBy = r.Text("changedBy", 1, 200, singleLine: true);
        bool bad = false;
        if (assignee is not null && !EmailAddresses.IsValid(assignee))
        {
            r.Error("assignee", "Must be the assignee's email address.");
            bad = true;
        }

        if (!r.Has("severity") && !r.Has("assignee"))
        {
            r.Error("$", "Give a new severity, a new assignee, or both.");
            bad = true;
        }

        return bad || changedBy is null || (r.Has("severity") && severity is null) ? null : new ReassignRequest(severity, assignee, changedBy);
    });

    static (T? Request, ValidationErrors Errors) Read<T>(JsonElement body, string[] known, Func<JsonFieldReader, T?> read)
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
