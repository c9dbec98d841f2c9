using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Support.Desk.Application;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Incidents;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Attachments;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// The post of <c>/submit</c> (<see cref="SubmitTicketPage"/>): multipart with the anti-forgery field first and the
/// files last, so nothing else is read for a post that does not carry it, and the ticket is validated and stored from
/// the fields (as the API's submission, through the same intake) before a file is read; each file then goes through
/// the same inspection and sanitizing as any upload. A hidden key makes a second press of the button (or a reload of
/// the post) the same ticket. A problem comes back as the page again, beside its field, with everything typed kept.
/// </summary>
public sealed class SubmitTicketForm(PageGate gate, CustomerQuotas quotas, ICustomerDirectory directory, TicketIntake intake, TicketAttachments attachments, SubmitTicketPage page)
{
    const int MaxFieldBytes = 80 * 1024;
    const int MaxFields = 64;

    public Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (CustomerSession? session, IResult? refused) = await gate.RequireCustomerAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            if (gate.MultipartOf(request) is not { } reader)
            {
                return PageAccess.Forgery(request);
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            MultipartSection? section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
            bool first = true;
            while (section?.GetContentDispositionHeader() is { } field && !field.IsFileDisposition() && fields.Count < MaxFields)
            {
                byte[]? value = await CappedReader.ReadAsync(section.Body, MaxFieldBytes, cancellationToken).ConfigureAwait(false);
                if (value is null)
                {
                    return PageLayout.Error(request, StatusCodes.Status413PayloadTooLarge, "field-too-large", "A field is too large.", $"Each field of the form takes at most {MaxFieldBytes / 1024} KiB.");
                }

                fields[field.Name.Value ?? string.Empty] = Encoding.UTF8.GetString(value);

                // The anti-forgery field comes first: nothing else is read for a post that does not carry it.
                if (first && !gate.Sessions.AcceptsCustomerForm(request, new FormCollection(new Dictionary<string, StringValues> { [PageSessions.FormField] = fields.GetValueOrDefault(PageSessions.FormField) ?? string.Empty }), session))
                {
                    return PageAccess.Forgery(request);
                }

                first = false;
                section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
            }

            if (first)
            {
                return PageAccess.Forgery(request);
            }

            await quotas.TakeTicketAsync(session.Contact.Email, session.Contact.Tenant,
                fields.GetValueOrDefault("severity") == WireNames.Of(Severity.Urgent), cancellationToken).ConfigureAwait(false);
            Customer customer = directory.Find(session.Contact.Tenant)!;
            JsonObject body = ToSubmission(fields, session.Contact, customer);
            string key = fields.GetValueOrDefault("submissionKey") is { Length: >= 16 and <= 64 } k && k.All(char.IsAsciiLetterOrDigit) ? k : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            using JsonDocument document = JsonDocument.Parse(body.ToJsonString());
            IntakeResult result = await intake.SubmitAsync(document.RootElement, "support-center-" + key, cancellationToken,
                affectedBy: IncidentIds.Normalize(fields.GetValueOrDefault(SubmitTicketPage.IncidentField))).ConfigureAwait(false);
            switch (result)
            {
                case IntakeResult.Invalid invalid:
                    await DrainAsync(reader, section, cancellationToken).ConfigureAwait(false);
                    return await page.RenderAsync(request, session, fields, invalid.Errors, StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
                case IntakeResult.KeyReused:
                    // This form already made a ticket (Back, edit, submit): the page offers a new form key with what was typed.
                    await DrainAsync(reader, section, cancellationToken).ConfigureAwait(false);
                    fields.Remove("submissionKey");
                    return await page.RenderAsync(request, session, fields, ValidationErrors.Of("$", "This form already created a ticket (see My tickets). Submit again to log this as a new ticket."), StatusCodes.Status409Conflict, cancellationToken).ConfigureAwait(false);
                case IntakeResult.Accepted accepted:
                    // A second press of the button is the same ticket: its files came with the first.
                    int skipped = 0;
                    if (accepted.Replayed)
                    {
                        await DrainAsync(reader, section, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        skipped = await AttachAsync(session, accepted.Ticket.Id, reader, section, cancellationToken).ConfigureAwait(false);
                    }

                    string ticketPage = DeskLinks.PathOf(SupportDeskRoutes.CustomerTicketPageTemplate, ("ticketId", accepted.Ticket.Id));
                    return PageLayout.SeeOther(request, ticketPage + "?done=submitted" + (skipped > 0 ? "&skipped=" + skipped.ToString(CultureInfo.InvariantCulture) : string.Empty));
                default:
                    throw new InvalidOperationException($"Unexpected intake result {result.GetType().Name}.");
            }
        });

    /// <summary>Stores each file after the ticket exists; returns how many could not be attached (the ticket page says so).</summary>
    async Task<int> AttachAsync(CustomerSession session, string ticketId, MultipartReader reader, MultipartSection? section, CancellationToken cancellationToken)
    {
        int skipped = 0, files = 0;
        for (; section is not null; section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (section.GetContentDispositionHeader() is not { } file || !file.IsFileDisposition() || file.FileName.Value is not { Length: > 0 } fileName)
            {
                continue;
            }

            if (++files > SubmitTicketPage.MaxFiles)
            {
                skipped++;
                continue;
            }

            MultipartSection current = section;
            AttachmentResult result = await attachments.ReceiveAsync(session.Caller, ticketId,
                ct => CappedReader.ReadAsync(current.Body, AttachmentInspector.MaxUploadBytes, null, ct), fileName, cancellationToken).ConfigureAwait(false);
            if (result is not AttachmentResult.Stored)
            {
                skipped++;
            }
        }

        return skipped;
    }

    static async Task DrainAsync(MultipartReader reader, MultipartSection? section, CancellationToken cancellationToken)
    {
        for (; section is not null; section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await section.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The form as the API's submission: the tenant and the requester's address from the session, never from the form.</summary>
    internal static JsonObject ToSubmission(IReadOnlyDictionary<string, string> fields, CustomerContact contact, Customer customer)
    {
        string Field(string name) => fields.GetValueOrDefault(name) ?? string.Empty;
        JsonArray Lines(string name) => [.. Field(name).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => (JsonNode)JsonValue.Create(l)!)];
        var body = new JsonObject
        {
            ["tenant"] = contact.Tenant,
            ["requester"] = new JsonObject { ["name"] = Field("requester.name").Trim(), ["email"] = contact.Email },
            ["severity"] = Field("severity"),
            ["subject"] = Field("subject").Trim(),
            ["description"] = Field("description").Replace("\r\n", "\n", StringComparison.Ordinal),
            ["applications"] = Lines("applications"),
            ["connections"] = Lines("connections"),
            ["loginStage"] = Field("loginStage"),
            ["startedAt"] = StartedAt(Field("startedAt"), customer.TimeZone),
            ["affectedUsers"] = Field("affectedUsers"),
            ["frequency"] = Field("frequency"),
            ["browsers"] = Field("browsers"),
        };
        if (Field("browser").Trim() is { Length: > 0 } browser)
        {
            body["browser"] = browser;
        }

        if (customer.IsApplianceCustomer)
        {
            body["appliance"] = new JsonObject
            {
                ["version"] = Field("appliance.version").Trim(),
                ["nodeStatus"] = Field("appliance.nodeStatus"),
                ["healthCheckStatus"] = Field("appliance.healthCheckStatus"),
            };
        }

        var precheck = new JsonObject();
        foreach (PrecheckItem item in Prechecks.All)
        {
            if (Field("precheck." + item.Key) is { Length: > 0 } answer)
            {
                precheck[item.Key] = answer;
            }
        }

        if (precheck.Count > 0)
        {
            body["precheck"] = precheck;
        }

        return body;
    }

    /// <summary>A <c>datetime-local</c> value read in the organisation's time zone; anything else is passed on for the server's own error.</summary>
    static string StartedAt(string value, TimeZoneInfo zone)
    {
        if (DateTime.TryParseExact(value, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            DateTime unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        }

        return value;
    }
}
