using System.Collections.Frozen;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Support.Desk.Application.Email;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Email;
using Support.Desk.Domain.Incidents;
using Support.Desk.Routes;
using Support.Desk.Settings;

namespace Support.Desk.Application.Incidents;

/// <summary>A staff notice that a digest takes while its ticket is in an open incident: its level's name, its wording, and who hears of it (the notice's own roles).</summary>
public sealed record DigestLevel(string Name, string Happened, Func<IReadOnlyList<DigestEntry>, EmailRecipients> Recipients);

/// <summary>
/// Sends each incident's digests: for each level with entries no digest has listed, at most one digest per
/// <see cref="IncidentOptions.DigestInterval"/> (the first at once), to the roles the notices it replaces would have
/// gone to, and to the chat channel when one is set. Exactly once: the digest's number is saved as pending before its
/// entries are claimed and before it is sent, so when a host dies midway another sends the same digest a minute later
/// (same message ID, which the send ledger lets through once) with the same entries plus any still unclaimed; none is
/// listed twice or lost, and while the claiming host is alive no other posts it to the chat channel.
/// </summary>
public sealed partial class IncidentDigestSender
{
    readonly IIncidentDigests digests;
    readonly IIncidentStore incidents;
    readonly IEmailSender email;
    readonly IChatWebhook chat;
    readonly ICustomerDirectory directory;
    readonly DeskLinks links;
    readonly IncidentOptions options;
    readonly TimeProvider clock;
    readonly ILogger<IncidentDigestSender> logger;
    readonly FrozenDictionary<string, DigestLevel> levels;

    /// <summary>A digest claimed this long ago and not recorded as sent belongs to a host that died: another one sends it.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    public IncidentDigestSender(
        IIncidentDigests digests,
        IIncidentStore incidents,
        IEmailSender email,
        IChatWebhook chat,
        ICustomerDirectory directory,
        DeskLinks links,
        IncidentOptions options,
        EscalationOptions escalation,
        NotificationOptions notifications,
        TimeProvider clock,
        ILogger<IncidentDigestSender> logger)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        ArgumentNullException.ThrowIfNull(notifications);
        (this.digests, this.incidents, this.email, this.chat, this.directory, this.links, this.options, this.clock, this.logger) =
            (digests, incidents, email, chat, directory, links, options, clock, logger);
        IEnumerable<string> Assignees(IReadOnlyList<DigestEntry> entries) => entries.Select(e => e.Assignee).OfType<string>();
        IEnumerable<string> SuccessManagers(IReadOnlyList<DigestEntry> entries) =>
            entries.Select(e => this.directory.Find(e.Tenant)?.CustomerSuccessManagerEmail).OfType<string>();
        this.levels = new DigestLevel[]
        {
            new(DigestLevels.NewUrgent, "arrived as new urgent tickets",
                _ => new EmailRecipients(notifications.UrgentTicketEmail, [escalation.QueueEmail])),
            new(DigestLevels.Warning, "are at risk of breaching their SLA",
                e => new EmailRecipients(escalation.QueueEmail, Distinct(Assignees(e), escalation.QueueEmail))),
            new(DigestLevels.Breach, "breached their SLA",
                e => new EmailRecipients(escalation.SupportLeadEmail, Distinct(SuccessManagers(e).Concat(Assignees(e)), escalation.SupportLeadEmail))),
            new(DigestLevels.Escalation, "are still in breach and escalated",
                _ => new EmailRecipients(escalation.DutyManagerEmail, [escalation.SupportLeadEmail])),
        }.ToFrozenDictionary(l => l.Name, StringComparer.Ordinal);
        if (DigestLevels.All.Where(name => !this.levels.ContainsKey(name)).ToList() is { Count: > 0 } missing)
        {
            throw new InvalidOperationException($"No digest wording for: {string.Join(", ", missing)}. Add a row to {nameof(IncidentDigestSender)}.");
        }
    }

    static string[] Distinct(IEnumerable<string> addresses, string except) =>
        [.. addresses.Where(a => !string.Equals(a, except, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).Take(50)];

    /// <summary>Sends every digest that is due; returns how many went.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        int sent = 0;
        foreach ((string incidentId, string level) in await digests.WithUnclaimedAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                sent += await this.SendAsync(incidentId, level, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Its entries stay; the next look sends the same digest.
                LogDigestFailed(logger, ex, incidentId, level);
            }
        }

        return sent;
    }

    async Task<bool> SendAsync(string incidentId, string levelName, CancellationToken cancellationToken)
    {
        DigestLevel level = this.levels.TryGetValue(levelName, out DigestLevel? known) ? known
            : throw new InvalidOperationException($"Digest level '{levelName}' has no row in {nameof(IncidentDigestSender)}.");
        DateTimeOffset now = clock.GetUtcNow();
        VersionedDigestState loaded = await digests.LoadStateAsync(incidentId, levelName, cancellationToken).ConfigureAwait(false);
        DigestState state = loaded.State;
        string? version = loaded.Version;
        if (state.Pending is not null && state.PendingSince is { } since && now - since < AbandonedAfter)
        {
            // Another host is sending it (or this one, in a look that has not finished): not twice to the chat channel.
            return false;
        }

        if (state.Pending is null)
        {
            if (state.LastSentAt is { } last && now - last < options.DigestInterval)
            {
                return false;
            }

            state = state with { Pending = state.Sent + 1, PendingSince = now };
            version = await digests.TrySaveStateAsync(state, version, cancellationToken).ConfigureAwait(false);
            if (version is null)
            {
                // Another host claimed this digest first.
                return false;
            }
        }

        int number = state.Pending!.Value;
        IReadOnlyList<DigestEntry> entries = await digests.ClaimAsync(incidentId, levelName, number, cancellationToken).ConfigureAwait(false);
        if (entries.Count > 0)
        {
            Incident? incident = (await incidents.LoadAsync(incidentId, cancellationToken).ConfigureAwait(false))?.Incident;
            EmailMessage message = this.Compose(incident, incidentId, level, number, entries, state.LastSentAt);
            await email.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (chat.IsConfigured)
            {
                await chat.PostAsync(message.Subject + "\n" + this.links.StaffIncidentPage(incidentId), cancellationToken).ConfigureAwait(false);
            }
        }

        await digests.TrySaveStateAsync(state with { Sent = number, LastSentAt = now, Pending = null, PendingSince = null }, version, cancellationToken).ConfigureAwait(false);
        return entries.Count > 0;
    }

    EmailMessage Compose(Incident? incident, string incidentId, DigestLevel level, int number, IReadOnlyList<DigestEntry> entries, DateTimeOffset? since)
    {
        string title = incident?.Title ?? incidentId;
        string window = since is { } s ? $"since {s.UtcDateTime:HH:mm} UTC" : "so far";
        string subject = $"[{incidentId}] {entries.Count} ticket(s) of incident \"{title}\" {level.Happened} {window}";
        var doc = new EmailDocument()
            .Paragraph($"{entries.Count} ticket(s) linked to incident {incidentId} ({title}) {level.Happened} {window}. One digest per incident and level, at most every {TicketEmailComposer.FormatDuration(options.DigestInterval)}, replaces an email per ticket; each ticket's timeline has its own entry.")
            .Facts(
                ("Incident", $"{incidentId}: {title}"),
                ("Regions", incident is null ? "-" : string.Join(", ", incident.Regions.Select(Domain.Status.Regions.DisplayName))),
                ("Tickets", entries.Count.ToString(CultureInfo.InvariantCulture)),
                ("By severity", string.Join(", ", entries.GroupBy(e => e.Severity).OrderBy(g => g.Key).Select(g => $"{WireNames.Of(g.Key)} {g.Count()}"))),
                ("By tenant", string.Join(", ", entries.GroupBy(e => e.Tenant, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Take(10).Select(g => $"{g.Key} {g.Count()}"))))
            .Link("Incident page: post one update to every ticket", this.links.StaffIncidentPage(incidentId).ToString())
            .Bullets([.. entries.OrderBy(e => e.DueAt ?? e.At).Take(200).Select(e =>
                $"{e.TicketId} ({WireNames.Of(e.Severity)}, {WireNames.Of(e.Plan)}, {e.Tenant}): {e.Subject}; {(e.DueAt is { } due ? $"due {due.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "no deadline")}; {e.Assignee ?? "unassigned"}; {this.links.StaffTicketPage(e.TicketId)}")]);
        if (entries.Count > 200)
        {
            doc.Paragraph($"…and {entries.Count - 200} more on the incident page.");
        }

        EmailRecipients to = level.Recipients(entries);
        return new EmailMessage($"{incidentId}.digest-{level.Name}.{number.ToString(CultureInfo.InvariantCulture)}", to.To, to.Cc, subject, doc.Text(), doc.Html());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Level} digest of incident {IncidentId} could not be sent; the next look sends it.")]
    private static partial void LogDigestFailed(ILogger logger, Exception error, string incidentId, string level);
}
