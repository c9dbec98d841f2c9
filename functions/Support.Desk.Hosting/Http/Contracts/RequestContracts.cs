using System.ComponentModel;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Http.Contracts;

// The shapes of the request bodies, for the OpenAPI document. The strict readers in the domain
// (TicketSubmissionReader, TicketCommandReaders) decide what is accepted; a test keeps these in step with them.

/// <summary>A production ticket, with what the support guidance asks customers to provide.</summary>
public sealed record TicketSubmissionContract(
    [property: Description("A tenant in the customer directory; the plan comes from there, never from the request.")] string Tenant,
    RequesterContract Requester,
    [property: WireValues(typeof(Severity))] string Severity,
    [property: Description("1-200 characters, one line.")] string Subject,
    [property: Description("1-20,000 characters.")] string Description,
    [property: Description("1-20 names, 1-200 characters each.")] IReadOnlyList<string> Applications,
    [property: Description("1-20 names, 1-200 characters each.")] IReadOnlyList<string> Connections,
    [property: WireValues(typeof(LoginStage))] string LoginStage,
    [property: Description("When it started (RFC 3339 with an offset); not in the future.")] DateTimeOffset StartedAt,
    [property: WireValues(typeof(AffectedUsers))] string AffectedUsers,
    [property: WireValues(typeof(Frequency))] string Frequency,
    [property: WireValues(typeof(BrowserScope))] string Browsers,
    [property: Description("Which browser, when browsers is 'one'.")] string? Browser = null,
    [property: Description("Required for appliance customers, refused for the others.")] ApplianceContract? Appliance = null,
    [property: Description("What was checked before logging the issue: check key (status-page, connections, components, certificates, ntp, rules-changed, idp-changes, other-apps, cleared-cookies, back-button, cookies-javascript, user-profile, profile-rules, device-policy, repeatable) to ok, problem or not-checked.")]
    IReadOnlyDictionary<string, string>? Precheck = null);

public sealed record AgentResponseContract([property: WireValues(typeof(ResponseKind))] string Kind, string Body);

/// <summary>An update, posted as whoever signed in.</summary>
public sealed record TicketUpdateContract(
    string Body,
    [property: WireValues(typeof(UpdateRole)), Description("Optional; when sent it must be the caller's own role (403 otherwise).")] string? Role = null,
    [property: Description("Staff only: a note other staff see and the customer does not.")] bool? Internal = null);

public sealed record ResolutionContract(string Summary);

public sealed record ConfirmationContract(bool Resolved, string? Comment = null);

/// <summary>At least one of severity and assignee.</summary>
public sealed record ReassignmentContract([property: WireValues(typeof(Severity))] string? Severity = null, [property: Description("The assignee's email address.")] string? Assignee = null);
