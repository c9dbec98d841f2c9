using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// A command's JSON body, read when the use case asks (after it has decided the caller may send one): content type,
/// size, JSON, then the strict reader. A body it refuses leaves <see cref="Problem"/>, the answer to give.
/// </summary>
internal sealed class JsonCommandBody<T>(HttpRequest request, int maxBytes, Func<JsonElement, (T? Request, ValidationErrors Errors)> parse)
    where T : class
{
    public IResult? Problem { get; private set; }

    public async Task<T?> ReadAsync(CancellationToken cancellationToken)
    {
        (JsonDocument? document, IResult? problem) = await TicketApi.ReadJsonAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            this.Problem = problem;
            return null;
        }

        using (document)
        {
            (T? command, ValidationErrors errors) = parse(document.RootElement);
            this.Problem = command is null ? Problems.Validation(request, errors) : null;
            return command;
        }
    }
}
