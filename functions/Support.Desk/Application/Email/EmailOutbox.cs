using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Email;
using Support.Desk.Domain.Incidents;
using Support.Desk.Settings;

namespace Support.Desk.Application.Email;

/// <summary>
/// Delivers a ticket's outbox: composes and sends each email that is due, then records the outcome with the
/// ticket (sent, retried later with exponential back-off from 5 s to 5 min and never sooner than the provider's
/// Retry-After, or failed for good after <see cref="MaxEmailAttempts"/> or a permanent refusal, which alerts the
/// support lead). A message ID is fixed when the email is queued, so a repeated delivery never sends twice.
/// </summary>
public sealed partial class EmailOutbox(
    ITicketStore store,
    IEmailSender sender,
    TicketEmailComposer composer,
    ICustomerDirectory directory,
    SlaPolicy policy,
    TimeProvider clock,
    IRegionalStatus regionStatus,
    ReplyAddresses replyAddresses,
    InboundEmailOptions inbound,
    IIncidentDigests digests,
    ILogger<EmailOutbox> logger)
{
    public const int MaxEmailAttempts = 6;
    const int MaxWriteAttempts = 10;

    /// <summary>Sends what is due and records the outcome on the ticket; returns the ticket as stored afterwards.</summary>
    public async Task<VersionedTicket> DeliverAsync(VersionedTicket current, CancellationToken cancellationToken)
    {
        DateTimeOffset now = clock.GetUtcNow();
        OutboxEmail[] due = [.. current.Ticket.Commitments.Outbox.Where(o => o.NextAttemptAt <= now)];
        if (due.Length == 0)
        {
            return current;
        }

        var results = new List<(OutboxEmail Email, string? To, Exception? Error)>();
        foreach (OutboxEmail email in due)
        {
            try
            {
                if (email.Digest is { } incidentId && DigestLevels.Of(email.Kind) is { } level)
                {
                    // A staff notice of a ticket in an open incident: it joins the incident's digest (added once, keyed by its message ID).
                    string? clockId = email.ClockId ?? current.Ticket.Commitments.OpenClock?.Id;
                    DateTimeOffset? dueAt = clockId is null ? null : TicketSla.Evaluate(current.Ticket, clockId, policy, now)?.DueAt;
                    Ticket t = current.Ticket;
                    await digests.AddAsync(new DigestEntry(incidentId, level, email.MessageId, now, t.Id, t.Submission.Subject, t.Submission.Tenant, t.Severity, t.Plan, t.Assignee, dueAt), cancellationToken).ConfigureAwait(false);
                    results.Add((email, $"the {level} digest of incident {incidentId}", null));
                    continue;
                }

                using Activity? send = DeskTelemetry.Source.StartActivity("email.send");
                send?.SetTag("email.kind", WireNames.Of(email.Kind)).SetTag("email.message_id", email.MessageId);
                EmailMessage message = await this.ComposeAsync(current.Ticket, email, now, cancellationToken).ConfigureAwait(false);
                await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
                DeskTelemetry.EmailsSent.Add(1, new KeyValuePair<string, object?>("kind", WireNames.Of(email.Kind)));
                results.Add((email, message.To, null));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                DeskTelemetry.EmailsFailed.Add(1, new KeyValuePair<string, object?>("kind", WireNames.Of(email.Kind)));
                results.Add((email, null, ex));
            }
        }

        for (int attempt = 1; ; attempt++)
        {
            now = clock.GetUtcNow();
            var events = new List<TicketEvent>();
            var alerts = new List<string>();
            var outbox = current.Ticket.Commitments.Outbox.ToList();
            foreach ((OutboxEmail email, string? to, Exception? error) in results)
            {
                int index = outbox.FindIndex(o => o.MessageId == email.MessageId);
                if (index < 0)
                {
                    continue;
                }

                if (error is null)
                {
                    outbox.RemoveAt(index);
                    events.Add(TicketEvent.Create(now, TicketEventKind.EmailSent, TicketProgress.Actor, $"{WireNames.Of(email.Kind)} email sent to {to}.", email.MessageId));
                    continue;
                }

                int attempts = outbox[index].Attempts + 1;
                bool permanent = error is EmailDeliveryException { Permanent: true };
                if (permanent || attempts >= MaxEmailAttempts)
                {
                    outbox.RemoveAt(index);
                    TicketEvent failed = TicketEvent.Create(now, TicketEventKind.EmailFailed, TicketProgress.Actor,
                        $"{WireNames.Of(email.Kind)} email could not be sent after {attempts} attempt(s): {error.Message}", email.MessageId);
                    events.Add(failed);
                    LogEmailFailed(logger, error, email.MessageId, attempts);

                    // Tell a person, unless what failed was itself such an alert (no loop).
                    if (email.Kind != TicketEmailKind.DeliveryFailureAlert)
                    {
                        alerts.Add(failed.Id);
                    }

                    continue;
                }

                // Exponential back-off from 5 s up to 5 min, never sooner than the provider asked.
                TimeSpan backoff = TimeSpan.FromSeconds(Math.Min(300, 5 * Math.Pow(2, attempts - 1)));
                if (error is EmailDeliveryException { RetryAfter: { } retryAfter } && retryAfter > backoff)
                {
                    backoff = retryAfter;
                }

                outbox[index] = outbox[index] with { Attempts = attempts, NextAttemptAt = now + backoff };
                LogEmailRetry(logger, error, email.MessageId, attempts, backoff);
            }

            TicketCommitments work = current.Ticket.Commitments with { Outbox = outbox };
            foreach (string failedEventId in alerts)
            {
                work = work.Enqueue(current.Ticket.Id, TicketEmailKind.DeliveryFailureAlert, now, eventId: failedEventId);
            }

            Ticket updated = current.Ticket with { Commitments = work };
            if (await store.TryUpdateAsync(updated, current.Version, events, cancellationToken).ConfigureAwait(false) is { } version)
            {
                return new VersionedTicket(updated, version);
            }

            if (attempt >= MaxWriteAttempts)
            {
                throw new InvalidOperationException($"Ticket {current.Ticket.Id} kept changing; the workflow step will be retried.");
            }

            current = await store.LoadAsync(current.Ticket.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Ticket {current.Ticket.Id} does not exist.");
        }
    }

    async Task<EmailMessage> ComposeAsync(Ticket ticket, OutboxEmail email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TicketEvent? source = email.EventId is null
            ? null
            : await store.FindEventAsync(ticket.Id, email.EventId, cancellationToken).ConfigureAwait(false);
        string? clockId = email.ClockId ?? (email.Kind == TicketEmailKind.Confirmation ? ticket.Commitments.Clocks.FirstOrDefault(c => c.Kind == SlaClockKind.FirstResponse)?.Id : null);
        SlaClockStatus? status = clockId is null ? null : TicketSla.Evaluate(ticket, clockId, policy, now);
        string? region = email.Kind is TicketEmailKind.SlaWarning or TicketEmailKind.SlaBreach or TicketEmailKind.SlaEscalation
            ? await regionStatus.DescribeAsync(ticket.Region, cancellationToken).ConfigureAwait(false)
            : null;
        EmailMessage message = composer.Compose(new EmailContext(ticket, email, source, status, directory.Find(ticket.Submission.Tenant), now, region));
        return Threaded(message, ticket);
    }

    /// <summary>
    /// Every email about a ticket threads under its confirmation; the customer's (to the requester) also carry the
    /// ticket's reply address and the line above which replies are read, when replies by email are taken.
    /// </summary>
    EmailMessage Threaded(EmailMessage message, Ticket ticket)
    {
        string root = MessageIds.For(ticket.Id, TicketEmailKind.Confirmation, 1);
        message = message with { ThreadRootId = message.MessageId == root ? null : root };
        if (inbound.Domain is not { } domain || !string.Equals(message.To, ticket.Submission.Requester.Email, StringComparison.OrdinalIgnoreCase))
        {
            return message;
        }

        return message with
        {
            ReplyTo = replyAddresses.For(ticket.Id, domain),
            TextBody = ReplyText.Marker + "\n\n" + message.TextBody,
            HtmlBody = "<p style=\"color:#6b7280\">" + ReplyText.Marker + "</p>" + message.HtmlBody,
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {MessageId} failed for good after {Attempts} attempt(s).")]
    private static partial void LogEmailFailed(ILogger logger, Exception error, string messageId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {MessageId} failed (attempt {Attempts}); retrying in {Backoff}.")]
    private static partial void LogEmailRetry(ILogger logger, Exception error, string messageId, int attempts, TimeSpan backoff);
}
