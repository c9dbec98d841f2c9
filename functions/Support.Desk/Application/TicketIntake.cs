using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;

namespace Support.Desk.Application;

public abstract record IntakeResult
{
    private IntakeResult()
    {
    }

    /// <summary>
    /// The ticket was stored (or had been, for a replayed idempotent request). <see cref="AccessToken"/> is the
    /// customer's token for it (null only for a ticket from before tokens whose key is gone).
    /// </summary>
    public sealed record Accepted(Ticket Ticket, SlaClockStatus FirstResponse, bool Replayed, string? AccessToken) : IntakeResult;

    public sealed record Invalid(ValidationErrors Errors) : IntakeResult;

    /// <summary>The idempotency key was used before for a different request.</summary>
    public sealed record KeyReused(string TicketId) : IntakeResult;
}

/// <summary>
/// Submits tickets: validate, store ticket and intake journal entry concurrently (one round trip each),
/// start the workflow, acknowledge. Idempotent on the idempotency key, also under concurrent duplicates:
/// the ticket ID derives from the key, so only one request can insert the row, and only that one starts
/// the workflow.
/// </summary>
public sealed partial class TicketIntake(
    ITicketStore store,
    IIntakeJournal journal,
    ICustomerDirectory directory,
    SlaPolicy policy,
    TimeProvider clock,
    IRegionalStatus regionStatus,
    TicketAccessTokens accessTokens,
    IntakeOptions options,
    ITicketWorkflows workflows,
    ILogger<TicketIntake> logger)
{
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>How many times one key may be reused after it lapsed: a bound on the lookups a stale key costs.</summary>
    const int MaxKeyGenerations = 64;

    static readonly JsonSerializerOptions FingerprintJson = new(JsonSerializerDefaults.Web);

    /// <summary>Checks an Idempotency-Key / webhook-id value: 1-255 visible ASCII characters.</summary>
    public static bool IsValidIdempotencyKey(string key) =>
        key.Length is > 0 and <= MaxIdempotencyKeyLength && key.All(c => c is > ' ' and <= '~');

    public async Task<IntakeResult> SubmitAsync(JsonElement body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using Activity? span = DeskTelemetry.Source.StartActivity("ticket.submit");
        DateTimeOffset now = clock.GetUtcNow();
        (TicketSubmission? submission, Customer? customer, ValidationErrors errors) =
            TicketSubmissionReader.Read(body, directory.Find, now);
        if (idempotencyKey is not null && !IsValidIdempotencyKey(idempotencyKey))
        {
            errors.Add("Idempotency-Key", $"Must be 1 to {MaxIdempotencyKeyLength} visible ASCII characters.");
        }

        if (!errors.IsEmpty || submission is null || customer is null)
        {
            return new IntakeResult.Invalid(errors);
        }

        string fingerprint = Fingerprint(submission);

        // From this instance's status board: no storage round trip while its copy is fresh.
        string? advisory = await regionStatus.AdvisoryAsync(customer.Region, cancellationToken).ConfigureAwait(false);

        // Random IDs collide with negligible probability; try again rather than fail if one ever does. A key names
        // one ticket per generation: once that ticket is older than the key's lifetime, the next generation's.
        for (int attempt = 0, generation = 0; ; attempt++)
        {
            string ticketId = idempotencyKey is null
                ? TicketIds.NewRandom()
                : TicketIds.FromIdempotencyKey(submission.Tenant, idempotencyKey, generation);
            string accessToken = accessTokens.Issue(ticketId);
            var ticket = new Ticket(
                ticketId, TicketStatus.Open, now, customer.Plan, customer.Region, customer.TimeZone.Id, submission.Severity, null,
                submission, idempotencyKey, fingerprint, TicketCommitments.Start(ticketId, now))
            {
                RegionAdvisory = advisory,
                AccessTokenHash = TicketAccessTokens.HashOf(accessToken),
            };
            SlaClockStatus firstResponse = TicketSla.Evaluate(ticket, policy, now)[0];
            TicketEvent submitted = TicketEvent.Create(
                now, TicketEventKind.Submitted, submission.Requester.Email,
                string.Create(CultureInfo.InvariantCulture, $"Ticket submitted: {WireNames.Of(submission.Severity)} severity, {WireNames.Of(customer.Plan)} plan; first response due {firstResponse.DueAt:u}."));

            // The journal entry makes the acknowledgement safe: if this process dies before the workflow
            // starts, the reconciler finds the entry and starts it.
            TicketEvent[] initial = advisory is null
                ? [submitted]
                : [submitted, TicketEvent.Create(now, TicketEventKind.RegionStatusNoted, TicketProgress.Actor, advisory)];
            Task<CreateTicketOutcome> create = store.CreateAsync(ticket, initial, cancellationToken);
            Task record = journal.RecordPendingAsync(ticketId, now, cancellationToken);
            span?.SetTag("ticket.id", ticketId).SetTag("ticket.tenant", submission.Tenant).SetTag("ticket.severity", WireNames.Of(submission.Severity));
            try
            {
                await Task.WhenAll(create, record).ConfigureAwait(false);
            }
            catch (Exception) when (create.IsCompletedSuccessfully && create.Result == CreateTicketOutcome.Created)
            {
                // Stored, but the journal entry is not: the only safe acknowledgement is a started workflow;
                // if that fails too, the request fails and a retry with the same key repairs it.
                await workflows.StartAsync(WorkflowInputFor(ticket), cancellationToken).ConfigureAwait(false);
                DeskTelemetry.TicketsCreated.Add(1, new("plan", WireNames.Of(customer.Plan)), new("severity", WireNames.Of(submission.Severity)));
                return new IntakeResult.Accepted(ticket, firstResponse, Replayed: false, accessToken);
            }

            if (create.Result == CreateTicketOutcome.Created)
            {
                DeskTelemetry.TicketsCreated.Add(1, new("plan", WireNames.Of(customer.Plan)), new("severity", WireNames.Of(submission.Severity)));
                await this.StartWorkflowAsync(ticket, cancellationToken).ConfigureAwait(false);
                return new IntakeResult.Accepted(ticket, firstResponse, Replayed: false, accessToken);
            }

            Ticket? existing = (await store.LoadAsync(ticketId, cancellationToken).ConfigureAwait(false))?.Ticket
                ?? throw new InvalidOperationException($"Ticket {ticketId} was reported as existing but cannot be read.");
            if (idempotencyKey is null)
            {
                if (attempt < 3)
                {
                    continue;
                }

                throw new InvalidOperationException("Could not allocate a unique ticket ID.");
            }

            if (now - existing.CreatedAt >= options.IdempotencyKeyLifetime && generation < MaxKeyGenerations)
            {
                // The key lapsed: it is a new request now.
                generation++;
                continue;
            }

            if (existing.IdempotencyKey != idempotencyKey || existing.Submission.Tenant != submission.Tenant
                || existing.RequestFingerprint != fingerprint)
            {
                return new IntakeResult.KeyReused(ticketId);
            }

            // A replay never starts the workflow itself (that would race the original request);
            // the journal entry written above lets the reconciler start it if the original never did.
            SlaClockStatus existingFirstResponse = TicketSla.Evaluate(existing, policy, now).First(c => c.Clock.Kind == SlaClockKind.FirstResponse);
            return new IntakeResult.Accepted(existing, existingFirstResponse, Replayed: true, accessTokens.Recover(existing.Id, existing.AccessTokenHash, existing.AccessTokenVersion));
        }
    }

    /// <summary>Identifies a submission independently of JSON formatting and field order.</summary>
    public static string Fingerprint(TicketSubmission submission) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(submission, FingerprintJson))));

    public static TicketWorkflowInput WorkflowInputFor(Ticket ticket) => new(ticket.Id);

    async Task StartWorkflowAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        try
        {
            await workflows.StartAsync(WorkflowInputFor(ticket), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The ticket and its journal entry are stored: the acknowledgement stands and the
            // reconciler starts the workflow. Failing the request here would invite a needless retry.
            LogStartDeferred(logger, ex, ticket.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow of ticket {TicketId} could not be started on intake; the reconciler will start it.")]
    private static partial void LogStartDeferred(ILogger logger, Exception error, string ticketId);
}
