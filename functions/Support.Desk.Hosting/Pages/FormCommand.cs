using System.Text.Json;
using System.Text.Json.Nodes;
using Support.Desk.Application;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// A lifecycle command from an HTML form: the form's fields become the API's JSON body and go through the API's own
/// readers, so a page validates exactly as the API does; a body the reader refuses keeps its errors for the page.
/// </summary>
public sealed class FormCommand
{
    /// <summary>The fields the reader refused, once it has read.</summary>
    public ValidationErrors? Invalid { get; private set; }

    public CommandReader<T> Reader<T>(Func<JsonElement, (T? Request, ValidationErrors Errors)> parse, JsonObject body)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        return _ =>
        {
            (T? parsed, ValidationErrors errors) = parse(JsonSerializer.SerializeToElement(body));
            this.Invalid = parsed is null ? errors : null;
            return Task.FromResult(parsed);
        };
    }

    /// <summary>Field errors as one sentence for the page ("body: …"), the body-wide ones without a field name.</summary>
    public static string Describe(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return string.Join(" ", errors.ToDictionary().Select(e => (e.Key == "$" ? string.Empty : e.Key + ": ") + string.Join(" ", e.Value)));
    }
}
