namespace Support.Desk.Hosting.Http;

/// <summary>One HTTP route of the desk. Both hosts must expose exactly these (a test compares them).</summary>
public sealed record RouteDefinition(string Name, string Method, string Template);

/// <summary>
/// The desk's routes under <c>/api</c>. Templates are constants so the Functions triggers' attributes can
/// use them too.
/// </summary>
public static class SupportDeskRoutes
{
    public const string Prefix = "api";
    public const string TicketsTemplate = "tickets";
    public const string TicketTemplate = "tickets/{ticketId}";

    public static readonly RouteDefinition SubmitTicket = new(nameof(SubmitTicket), "POST", TicketsTemplate);
    public static readonly RouteDefinition GetTicket = new(nameof(GetTicket), "GET", TicketTemplate);

    public static IReadOnlyList<RouteDefinition> All { get; } = [SubmitTicket, GetTicket];
}
