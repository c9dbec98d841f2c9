using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Incidents;
using Support.Desk.Domain.Incidents;
using Support.Desk.Application.Notifications;
using Support.Desk.Application.Queue;
using Support.Desk.Application.Sla;
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
/// Submits tickets: validate, put the ticket on its SLA shard's schedule (due now: the confirmation), store the
/// ticket with its first events in one batch, nudge the shard, acknowledge. Two round trips, in that order: a
/// ticket is never stored without being scheduled, and a schedule entry whose ticket was never stored (the second
/// write failed, so nothing was acknowledged) is dropped by its shard. Idempotent on the idempotency key, also
/// under concurrent duplicates: the ticket ID derives from the key, so only one request can insert the row.
/// </summary>
public sealed class TicketIntake(
    ITicketStore store,
    IOpenTicketIndex openTickets,
    SlaShardWakeups shards,
    StaffQueue queue,
    StaffNotifications notifications,
    ICustomerDirectory directory,
    SlaPolicy policy,
    TimeProvider clock,
    IRegionalStatus regionStatus,
    TicketAccessTokens accessTokens,
    IncidentBoard incidents,
    IntakeOptions options)
{
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>How many times one key may be reused after it lapsed: a bound on the lookups a stale key costs.</summary>
    const int MaxKeyGenerations = 64;

    static readonly JsonSerializerOptions FingerprintJson = new(JsonSerializerDefaults.Web);

    /// <summary>Checks an Idempotency-Key / webhook-id value: 1-255 visible ASCII characters.</summary>
    public static bool IsValidIdempotencyKey(string key) =>
        key.Length is > 0 and <= MaxIdempotencyKeyLength && key.All(c => c is > ' ' and <= '~');

    /// <param name="affectedBy">An open incident of the customer's region they say they are affected by ("we are affected too"): the ticket joins it.</param>
    public async Task<IntakeResult> SubmitAsync(JsonElement body, string? idempotencyKey, CancellationToken cancellationToken, string? affectedBy = null)
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

        // A new ticket of an open incident's region (and tenants) joins it as it is stored, from the incident board's copy.
        // A customer who says they are affected by one of their region's open incidents joins it even when it names other tenants.
        Incident? incident = (affectedBy is null ? null : await incidents.FindOpenAsync(affectedBy, cancellationToken).ConfigureAwait(false)) is { } named
            && named.Regions.Contains(customer.Region)
                ? named
                : await incidents.OpenForAsync(customer.Region, submission.Tenant, cancellationToken).ConfigureAwait(false);

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
                Incident = incident is null ? null : new IncidentLink(incident.Id, now, []),
            };
            SlaClockStatus firstResponse = TicketSla.Evaluate(ticket, policy, now)[0];
            TicketEvent submitted = TicketEvent.Create(
                now, TicketEventKind.Submitted, submission.Requester.Email,
                string.Create(CultureInfo.InvariantCulture, $"Ticket submitted: {WireNames.Of(submission.Severity)} severity, {WireNames.Of(customer.Plan)} plan; first response due {firstResponse.DueAt:u}."));

            ticket = notifications.OnSubmitted(ticket, submitted, now);
            TicketEvent[] initial =
            [
                submitted,
                .. advisory is null ? [] : new[] { TicketEvent.Create(now, TicketEventKind.RegionStatusNoted, TicketProgress.Actor, advisory) },
                .. incident is null ? [] : new[] { IncidentTicketRules.LinkedEvent(incident, TicketProgress.Actor, now) },
            ];
            span?.SetTag("ticket.id", ticketId).SetTag("ticket.tenant", submission.Tenant).SetTag("ticket.severity", WireNames.Of(submission.Severity));
            // The schedule entry and the queue row do not depend on each other: one round trip's wait for both. (The
            // tenant's row for My tickets is written by the step that sends the confirmation, off this path.)
            Task<DueRow> scheduling = openTickets.ScheduleAsync(ticket, now, cancellationToken);
            await Task.WhenAll(scheduling, queue.PrepareAsync(ticket, now, cancellationToken)).ConfigureAwait(false);
            DueRow scheduled = await scheduling.ConfigureAwait(false);
            if (await store.CreateAsync(ticket, initial, cancellationToken).ConfigureAwait(false) == CreateTicketOutcome.Created)
            {
                await shards.ScheduledAsync(scheduled, cancellationToken).ConfigureAwait(false);
                DeskTelemetry.TicketsCreated.Add(1, new("plan", WireNames.Of(customer.Plan)), new("severity", WireNames.Of(submission.Severity)));
                return new IntakeResult.Accepted(ticket, firstResponse, Replayed: false, accessToken);
            }

            Ticket? existing = (await store.LoadAsync(ticketId, cancellationToken).ConfigureAwait(false))?.Ticket
                ?? throw new InvalidOperationException($"Ticket {ticketId} was reported as existing but cannot be read.");

            // The queue row put above describes this request, not the stored ticket (readers skip it): put the stored one's.
            await queue.PrepareAsync(existing, now, cancellationToken).ConfigureAwait(false);
            bool sameRequest = idempotencyKey is not null && existing.IdempotencyKey == idempotencyKey && existing.Submission.Tenant == submission.Tenant
                && existing.RequestFingerprint == fingerprint && now - existing.CreatedAt < options.IdempotencyKeyLifetime;
            if (sameRequest && existing.Status != TicketStatus.Closed)
            {
                await shards.ScheduledAsync(scheduled, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // The entry written above describes this request, not the stored ticket: put the stored ticket's back
                // (a closed one's too: its shard removes the entry once it finds nothing left to send).
                DueRow restored = await openTickets.ScheduleAsync(existing, now, cancellationToken).ConfigureAwait(false);
                await shards.ScheduledAsync(restored, cancellationToken).ConfigureAwait(false);
            }

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

            // A replay left the open ticket's entry due now: if the original request died between its two writes, the
            // ticket is scheduled after all and its confirmation goes out.
            SlaClockStatus existingFirstResponse = TicketSla.Evaluate(existing, policy, now).First(c => c.Clock.Kind == SlaClockKind.FirstResponse);
            return new IntakeResult.Accepted(existing, existingFirstResponse, Replayed: true, accessTokens.Recover(existing.Id, existing.AccessTokenHash, existing.AccessTokenVersion));
        }
    }

    /// <summary>Identifies a submission independently of JSON formatting and field order.</summary>
    public static string Fingerprint(TicketSubmission submission) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(submission, FingerprintJson))));
}
