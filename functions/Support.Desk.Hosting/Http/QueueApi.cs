using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Support.Desk.Application.Queue;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Queue;
using Support.Desk.Hosting.Http.Contracts;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Http;

/// <summary><c>GET /api/tickets</c> (staff): the queue, earliest deadline first, filtered and paged.</summary>
public sealed class QueueApi(ApiAccess access, StaffQueue queue)
{
    /// <summary>The query parameters the queue reads; any other is refused, so a misspelt filter never silently widens the list.</summary>
    public static readonly IReadOnlyList<ApiParameter> Parameters =
    [
        new("state", "query", "open (the default: every ticket not closed), new (status open: not yet answered), in-progress, waiting-on-customer, resolution-proposed, or closed (newest first)."),
        new("tenant", "query", "Only this tenant's tickets."),
        new("severity", "query", "urgent, high, normal or low."),
        new("region", "query", "us, eu or au."),
        new("assignee", "query", "A roster address, `me`, or `unassigned`."),
        new("tier", "query", "standard or premium."),
        new("breachingBefore", "query", "Only tickets whose running clock breaches before this instant (RFC 3339)."),
        new("pageSize", "query", $"1 to {StaffQueue.MaxPageSize}; default {StaffQueue.DefaultPageSize}."),
        new("continuation", "query", "The `continuation` of the previous page."),
    ];

    public Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (Caller? caller, IResult? refused) = await access.AuthenticateAsync(request).ConfigureAwait(false);
            if (caller is null)
            {
                return refused!;
            }

            (QueueQuery? query, ValidationErrors errors) = ReadQuery(request.Query, caller);
            if (query is null)
            {
                // Access first: a customer learns nothing about the queue's parameters.
                return TicketAccessPolicy.Decide(caller, TicketOperation.ReadQueue) is var decision and not AccessDecision.Continue
                    ? ApiAccess.Refuse(request, decision)
                    : Problems.Validation(request, errors);
            }

            return await queue.ListAsync(caller, query.Filter, query.Continuation, query.PageSize, cancellationToken).ConfigureAwait(false) switch
            {
                QueueResult.Listed listed => Results.Json(QueuePageContract.From(listed.Page, NextLink(request, listed.Page.Continuation)), ApiJson.Options),
                QueueResult.Denied denied => ApiAccess.Refuse(request, denied.Decision),
                _ => Problems.Validation(request, ValidationErrors.Of("continuation", "Not a continuation this desk handed out; start again without it.")),
            };
        });

    /// <summary>The state filter for tickets whose status is <c>open</c> (not yet answered): <c>state=open</c> means every ticket not closed.</summary>
    const string NewState = "new";

    /// <summary>A validated queue request.</summary>
    public sealed record QueueQuery(QueueFilter Filter, string? Continuation, int PageSize);

    /// <summary>Reads the queue's query string, every problem at once. <c>assignee=me</c> is the caller.</summary>
    public static (QueueQuery? Query, ValidationErrors Errors) ReadQuery(IQueryCollection query, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new ValidationErrors();
        foreach (string key in query.Keys.Where(k => Parameters.All(p => p.Name != k)))
        {
            errors.Add(key, $"Unknown parameter; the queue takes {string.Join(", ", Parameters.Select(p => p.Name))}.");
        }

        string? One(string name)
        {
            if (!query.TryGetValue(name, out var values))
            {
                return null;
            }

            if (values.Count != 1 || string.IsNullOrEmpty(values[0]) || values[0]!.Length > 254)
            {
                errors.Add(name, "Give it once, with a value of at most 254 characters.");
                return null;
            }

            return values[0];
        }

        TEnum? Enum<TEnum>(string name)
            where TEnum : struct, Enum
        {
            if (One(name) is not { } text)
            {
                return null;
            }

            if (WireNames.TryParse(text, out TEnum value))
            {
                return value;
            }

            errors.Add(name, $"Must be one of {string.Join(", ", WireNames.AllOf<TEnum>())}.");
            return null;
        }

        TicketStatus? status = null;
        bool closed = false;
        string? state = One("state");
        if (state == NewState)
        {
            status = TicketStatus.Open;
        }
        else if (state is not null && state != "open")
        {
            if (WireNames.TryParse(state, out TicketStatus parsed))
            {
                (status, closed) = parsed == TicketStatus.Closed ? ((TicketStatus?)null, true) : (parsed, false);
            }
            else
            {
                errors.Add("state", "Must be open (every ticket not closed), new, in-progress, waiting-on-customer, resolution-proposed or closed.");
            }
        }

        DateTimeOffset? before = null;
        if (One("breachingBefore") is { } beforeText)
        {
            if (DateTimeOffset.TryParse(beforeText, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset parsed) && beforeText.Contains('T', StringComparison.OrdinalIgnoreCase))
            {
                before = parsed;
            }
            else
            {
                errors.Add("breachingBefore", "Must be an RFC 3339 timestamp, such as 2026-11-30T18:00:00Z.");
            }
        }

        int pageSize = StaffQueue.DefaultPageSize;
        if (One("pageSize") is { } sizeText && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > StaffQueue.MaxPageSize))
        {
            errors.Add("pageSize", $"Must be a whole number from 1 to {StaffQueue.MaxPageSize}.");
        }

        string? assignee = One("assignee");
        if (assignee == "me")
        {
            assignee = caller.Staff?.Name;
        }
        else if (assignee is not null && assignee != QueueFilter.Unassigned && !EmailAddresses.IsValid(assignee))
        {
            errors.Add("assignee", "Must be a roster address, me, or unassigned.");
        }

        if (before is not null && closed)
        {
            errors.Add("breachingBefore", "Closed tickets do not breach; leave it out with state=closed.");
        }

        var filter = new QueueFilter(status, closed, One("tenant"), Enum<Severity>("severity"), Enum<Region>("region"), assignee, Enum<SupportTier>("tier"), before);
        string? continuation = One("continuation");
        return errors.IsEmpty ? (new QueueQuery(filter, continuation, pageSize), errors) : (null, errors);
    }

    /// <summary>The same request with the next page's continuation.</summary>
    static string? NextLink(HttpRequest request, string? continuation)
    {
        if (continuation is null)
        {
            return null;
        }

        var next = new QueryBuilder(request.Query.Where(p => p.Key != "continuation")) { { "continuation", continuation } };
        return DeskLinks.PathOf(SupportDeskRoutes.TicketsTemplate) + next.ToQueryString();
    }
}
