using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Incidents;
using Support.Desk.Domain.Incidents;
using Support.Desk.Domain;
using Support.Desk.Domain.Attachments;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// <c>/submit</c>: a signed-in contact logs an issue. The regional status comes first, then the guidance's checks
/// before logging an issue as a triage (who is affected decides which checks are asked; each answer is recorded on the
/// ticket), then every item of "information to provide" (the appliance's only for appliance customers), then files.
/// The form's constraints are the server's (required, lengths, choices); what only the server can judge (a browser
/// named when "one browser" is chosen, a start in the future) comes back as an error beside its field. The form is
/// multipart with the anti-forgery field first and the files last; <see cref="SubmitTicketForm"/> takes the post.
/// </summary>
public sealed class SubmitTicketPage(PageGate gate, ICustomerDirectory directory, RegionStatusPanel statusPanel, IncidentBoard incidents, TimeProvider clock)
{
    /// <summary>The hidden field naming the incident a contact said they are affected by.</summary>
    internal const string IncidentField = "incident";

    /// <summary>How many files one submission takes (the form says so; <see cref="SubmitTicketForm"/> holds to it).</summary>
    internal const int MaxFiles = 5;

    public Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (CustomerSession? session, IResult? refused) = await gate.RequireCustomerAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            // "We are affected too": the open incident's facts filled in, and the ticket linked to it at once.
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (IncidentIds.Normalize(request.Query[IncidentField]) is { } id && await incidents.FindOpenAsync(id, cancellationToken).ConfigureAwait(false) is { } incident)
            {
                Customer customer = directory.Find(session.Contact.Tenant)!;
                fields[IncidentField] = incident.Id;
                fields["subject"] = $"Affected by: {incident.Title}";
                fields["description"] = $"We are affected by the known incident {incident.Id} ({incident.Title}).";
                fields["severity"] = WireNames.Of(Severity.Urgent);
                fields["affectedUsers"] = WireNames.Of(AffectedUsers.All);
                fields["startedAt"] = TimeZoneInfo.ConvertTime(incident.OpenedAt, customer.TimeZone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
            }

            return await RenderAsync(request, session, fields, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
        });

    internal async Task<IResult> RenderAsync(HttpRequest request, CustomerSession session, Dictionary<string, string> fields, ValidationErrors? errors, int status, CancellationToken cancellationToken)
    {
        Customer customer = directory.Find(session.Contact.Tenant)!;
        Html regions = await statusPanel.RenderAsync(customer.Region, cancellationToken).ConfigureAwait(false);
        Incident? known = await incidents.OpenForAsync(customer.Region, session.Contact.Tenant, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = clock.GetUtcNow();
        string localNow = TimeZoneInfo.ConvertTime(now, customer.TimeZone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

        // Field errors by the form's field name: requester.name, applications[2] → applications, precheck.ntp.
        Dictionary<string, string> problems = (errors?.ToDictionary() ?? new Dictionary<string, string[]>())
            .GroupBy(p => FieldOf(p.Key), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(" ", g.SelectMany(p => p.Value)), StringComparer.Ordinal);
        string Value(string name, string fallback = "") => fields.TryGetValue(name, out string? v) ? v : fallback;
        string Id(string name) => "f-" + name.Replace('.', '-');
        Html Invalid(string name) => Html.When(problems.ContainsKey(name), Html.Of($" aria-invalid=\"true\" aria-describedby=\"{Id(name)}-error\""));
        Html Error(string name) => Html.When(problems.ContainsKey(name), Html.Of($"""<p class="field-error" id="{Id(name)}-error">{problems.GetValueOrDefault(name)}</p>"""));
        Html Text(string name, string label, int max, string hint = "", string type = "text", bool required = true, string extra = "") => Html.Of($"""
            <div class="field">
              <label for="{Id(name)}">{label}</label>
              {Html.When(hint.Length > 0, Html.Of($"""<p class="hint" id="{Id(name)}-hint">{hint}</p>"""))}
              <input id="{Id(name)}" name="{name}" type="{type}" maxlength="{max}"{Html.When(required, Html.Trusted(" required"))}{Html.Trusted(extra)} value="{Value(name)}"{Invalid(name)}>
              {Error(name)}
            </div>
            """);
        Html Area(string name, string label, int max, string hint) => Html.Of($"""
            <div class="field">
              <label for="{Id(name)}">{label}</label>
              <p class="hint">{hint}</p>
              <textarea id="{Id(name)}" name="{name}" required maxlength="{max}"{Invalid(name)}>{Value(name)}</textarea>
              {Error(name)}
            </div>
            """);
        Html Choice<TEnum>(string name, string legend, (TEnum Value, string Label)[] options, string? fallback = null)
            where TEnum : struct, Enum => Html.Of($"""
            <fieldset class="field choice"{Invalid(name)}>
              <legend>{legend}</legend>
              {options.Select(o => Html.Of($"""<label class="inline"><input type="radio" name="{name}" value="{WireNames.Of(o.Value)}" required{Html.When(Value(name, fallback ?? string.Empty) == WireNames.Of(o.Value), Html.Trusted(" checked"))}> {o.Label}</label>"""))}
              {Error(name)}
            </fieldset>
            """);
        Html Check(PrecheckItem item) => Html.Of($"""
            <div class="check">
              <label for="{Id("precheck." + item.Key)}">{item.Question}</label>
              <select id="{Id("precheck." + item.Key)}" name="precheck.{item.Key}"{Invalid("precheck." + item.Key)}>
                {new[] { (PrecheckAnswer.NotChecked, "Not checked"), (PrecheckAnswer.Ok, "Checked: fine"), (PrecheckAnswer.Problem, "Checked: found a problem") }
                    .Select(o => Html.Of($"""<option value="{WireNames.Of(o.Item1)}"{Html.When(Value("precheck." + item.Key, "not-checked") == WireNames.Of(o.Item1), Html.Trusted(" selected"))}>{o.Item2}</option>"""))}
              </select>
              {Error("precheck." + item.Key)}
            </div>
            """);

        Html main = Html.Of($"""
            <h1>Submit a ticket</h1>
            {Html.When(errors is not null, Html.Of($"""<div class="notice error" role="alert" id="form-errors"><p>The ticket was not submitted: {problems.Count} field(s) need attention (marked below). Files must be chosen again.</p>{Html.When(problems.ContainsKey("$"), Html.Of($"<p>{problems.GetValueOrDefault("$")}</p>"))}</div>"""))}
            {regions}
            {Html.When(known is not null, Html.Of($"""
            <section class="panel notice" aria-labelledby="h-incident">
              <h2 id="h-incident">Known incident in your region: {known?.Title}</h2>
              <p>We are working on it (incident {known?.Id}, since <time datetime="{known?.OpenedAt:o}">{(known is null ? string.Empty : LocalTimes.Format(known.OpenedAt, customer.TimeZone))}</time>). A ticket you log now joins it: you get our updates about it by email, and we propose its resolution when it is fixed.</p>
              {(Value(IncidentField) == known?.Id
                  ? Html.Of($"""<p><strong>The form below is filled in for this incident.</strong> Add what differs for you, then submit.</p>""")
                  : Html.Of($"""<p><a class="button" href="{DeskLinks.PathOf(SupportDeskRoutes.SubmitTicketPageTemplate)}?{IncidentField}={known?.Id}#submit-ticket">We are affected too</a></p>"""))}
            </section>
            """))}
            <form method="post" action="{DeskLinks.PathOf(SupportDeskRoutes.SubmitTicketPageTemplate)}" enctype="multipart/form-data" id="submit-ticket">
              <input type="hidden" name="{PageSessions.FormField}" value="{gate.Sessions.CustomerFormToken(session)}">
              {Html.When(Value(IncidentField).Length > 0, Html.Of($"""<input type="hidden" name="{IncidentField}" value="{Value(IncidentField)}">"""))}
              <input type="hidden" name="submissionKey" value="{Value("submissionKey", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)))}">
              <section class="panel" aria-labelledby="h-triage">
                <h2 id="h-triage">1. Before you log it</h2>
                <p>To speed things up, check these first. Your answers go on the ticket, so nobody asks again.</p>
                {Choice("affectedUsers", "Who is affected?", [(AffectedUsers.All, "All users: could be a service or configuration issue"), (AffectedUsers.Some, "Just some users: usually a profile, browser or device issue")])}
                <fieldset class="checks" data-scope="all">
                  <legend>If all users are affected</legend>
                  {Prechecks.For(AffectedUsers.All).Select(Check)}
                </fieldset>
                <fieldset class="checks" data-scope="some">
                  <legend>If just some users are affected</legend>
                  {Prechecks.For(AffectedUsers.Some).Select(Check)}
                </fieldset>
              </section>
              <section class="panel" aria-labelledby="h-issue">
                <h2 id="h-issue">2. The issue</h2>
                <fieldset class="field choice"{Invalid("severity")}>
                  <legend>Severity</legend>
                  {Enum.GetValues<Severity>().Select(s => Html.Of($"""<label class="inline"><input type="radio" name="severity" value="{WireNames.Of(s)}" required{Html.When(Value("severity") == WireNames.Of(s), Html.Trusted(" checked"))}> <span><strong>{WireNames.Of(s)}</strong>: {Severities.DefinitionOf(s)}</span></label>"""))}
                  {Error("severity")}
                </fieldset>
                {Text("subject", "Subject", TicketSubmissionReader.MaxSubjectLength, "One line: what fails, where.")}
                {Area("description", "What happens?", TicketSubmissionReader.MaxDescriptionLength, "How far into the login sequence do users get (before or after entering credentials)? What error do they see? What did you try?")}
                {Area("applications", "Application(s)", 20 * (TicketSubmissionReader.MaxNameLength + 1), "Names of the affected applications, one per line.")}
                {Area("connections", "Connection(s)", 20 * (TicketSubmissionReader.MaxNameLength + 1), "Names of the connections involved, one per line.")}
                <div class="field">
                  <label for="f-loginStage">Where in the login does it fail?</label>
                  <select id="f-loginStage" name="loginStage" required{Invalid("loginStage")}>
                    <option value="">Choose…</option>
                    {new[] { (LoginStage.BeforeLoginPage, "Before the login page shows"), (LoginStage.AtLoginPage, "On the login page"), (LoginStage.AfterCredentials, "After entering credentials"), (LoginStage.AfterLogin, "After login, back in the application"), (LoginStage.NotLoginRelated, "Not related to login") }
                        .Select(o => Html.Of($"""<option value="{WireNames.Of(o.Item1)}"{Html.When(Value("loginStage") == WireNames.Of(o.Item1), Html.Trusted(" selected"))}>{o.Item2}</option>"""))}
                  </select>
                  {Error("loginStage")}
                </div>
                {Text("startedAt", "When did it start? (first noticed)", 19, $"Your organisation's time ({customer.TimeZone.Id}).", "datetime-local", extra: $" max=\"{localNow}\"")}
                {Choice("frequency", "Does it happen every time?", [(Frequency.Always, "Every time"), (Frequency.Sometimes, "Only sometimes")])}
                {Choice("browsers", "Which browsers?", [(BrowserScope.All, "All browsers"), (BrowserScope.One, "Just one browser")])}
                {Text("browser", "Which browser? (when just one)", 100, "For example: Safari 18 on iOS.", required: false)}
                {Text("requester.name", "Your name", TicketSubmissionReader.MaxNameLength, $"We answer {session.Contact.Email}.", extra: " autocomplete=\"name\"")}
              </section>
              {Html.When(customer.IsApplianceCustomer, Html.Of($"""
              <section class="panel" aria-labelledby="h-appliance">
                <h2 id="h-appliance">3. Your appliance</h2>
                {Text("appliance.version", "Appliance version / build number", 100, "Top left of the configuration screen on the config tenant.")}
                {Area("appliance.nodeStatus", "Status of the nodes", 2000, "From configuration → Nodes.")}
                {Area("appliance.healthCheckStatus", "Status of the health check", 2000, "From configuration → Troubleshoot.")}
              </section>
              """))}
              <section class="panel" aria-labelledby="h-files">
                <h2 id="h-files">{(customer.IsApplianceCustomer ? "4" : "3")}. Files (optional)</h2>
                <label for="f-files">Screenshots of the error, an HTTP trace (.har), logs</label>
                <input id="f-files" name="files" type="file" multiple accept=".png,.jpg,.jpeg,.har,.log,.txt,.json">
                <p class="hint">Up to {MaxFiles} files: screenshots and logs up to {AttachmentInspector.MaxScreenshotBytes / (1024 * 1024)} MiB, traces {AttachmentInspector.MaxTraceBytes / (1024 * 1024)} MiB. Passwords, tokens and cookies in traces and logs are removed before the file is stored.</p>
                <details>
                  <summary>How to record an HTTP trace (.har)</summary>
                  <ol>
                    <li>Open the browser's developer tools (F12, or Cmd+Option+I on a Mac) and choose the Network tab.</li>
                    <li>Tick "Preserve log", clear the list, then reproduce the problem from the start (sign out first for login problems).</li>
                    <li>Right-click in the list and choose "Save all as HAR", then attach the file here.</li>
                  </ol>
                </details>
              </section>
              <div class="actions"><button type="submit">Submit ticket</button></div>
            </form>
            """);
        return PageLayout.Customer(request, "Submit a ticket", main, status, active: "submit");
    }

    /// <summary>The form field an error's path belongs to: <c>applications[2]</c> → <c>applications</c>.</summary>
    static string FieldOf(string path)
    {
        int bracket = path.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? path : path[..bracket];
    }
}
