using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Domain.Incidents;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Tickets in Azure Table Storage. Each ticket is its own partition (PartitionKey = ticket ID): the ticket
/// row plus one row per timeline event, so creating a ticket with its first event is one atomic batch and
/// reading a ticket with its whole timeline is one partition query.
/// </summary>
public sealed class TableTicketStore(Tables tables, IOptions<StorageOptions> options) : ITicketStore
{
    internal const string TicketRowKey = "ticket";
    internal const string EventRowPrefix = "event-";

    static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public async Task<CreateTicketOutcome> CreateAsync(Ticket ticket, IReadOnlyList<TicketEvent> initialEvents, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var batch = new List<TableTransactionAction>(initialEvents.Count + 1)
        {
            new(TableTransactionActionType.Add, ToEntity(ticket)),
        };
        batch.AddRange(initialEvents.Select(e => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(ticket.Id, e))));
        try
        {
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            return CreateTicketOutcome.Created;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return CreateTicketOutcome.AlreadyExists;
        }
    }

    public async Task<VersionedTicket?> LoadAsync(string ticketId, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> response = await table
            .GetEntityIfExistsAsync<TableEntity>(ticketId, TicketRowKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? new VersionedTicket(ToTicket(response.Value!), response.Value!.ETag.ToString()) : null;
    }

    public async Task<string?> TryUpdateAsync(Ticket ticket, string version, IReadOnlyList<TicketEvent> events, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var batch = new List<TableTransactionAction>(events.Count + 1)
        {
            new(TableTransactionActionType.UpdateReplace, ToEntity(ticket), new ETag(version)),
        };
        batch.AddRange(events.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(ticket.Id, e))));
        try
        {
            Response<IReadOnlyList<Response>> response = await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            return response.Value[0].Headers.ETag?.ToString()
                ?? throw new InvalidOperationException("The table service returned no ETag for the updated ticket.");
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412)
        {
            return null;
        }
    }

    public async Task<TicketEvent?> FindEventAsync(string ticketId, string eventId, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> response = await table
            .GetEntityIfExistsAsync<TableEntity>(ticketId, EventRowPrefix + eventId, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? ToEvent(response.Value!) : null;
    }

    public async Task<TicketRecord?> FindRecordAsync(string ticketId, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        Ticket? ticket = null;
        var timeline = new List<TicketEvent>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {ticketId}");
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == TicketRowKey)
            {
                ticket = ToTicket(entity);
            }
            else if (entity.RowKey.StartsWith(EventRowPrefix, StringComparison.Ordinal))
            {
                timeline.Add(ToEvent(entity));
            }
        }

        // Row keys sort events by time already; the query returns them in row-key order.
        return ticket is null ? null : new TicketRecord(ticket, timeline);
    }

    public async Task AppendEventAsync(string ticketId, TicketEvent ticketEvent, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(ticketId, ticketEvent), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.TicketsTable, cancellationToken);

    static TableEntity ToEntity(Ticket t)
    {
        TicketSubmission s = t.Submission;
        var details = new TicketDetails(
            [.. s.Applications], [.. s.Connections], WireNames.Of(s.LoginStage), s.StartedAt, WireNames.Of(s.AffectedUsers),
            WireNames.Of(s.Frequency), WireNames.Of(s.Browsers), s.Browser, s.Appliance)
        {
            Precheck = s.Precheck?.ToDictionary(p => p.Key, p => WireNames.Of(p.Answer)),
        };
        return new TableEntity(t.Id, TicketRowKey)
        {
            ["Tenant"] = s.Tenant,
            ["Status"] = WireNames.Of(t.Status),
            ["Severity"] = WireNames.Of(t.Severity),
            ["SubmittedSeverity"] = WireNames.Of(s.Severity),
            ["Assignee"] = t.Assignee,
            ["Plan"] = WireNames.Of(t.Plan),
            ["Region"] = WireNames.Of(t.Region),
            ["TimeZone"] = t.TimeZoneId,
            ["CreatedAt"] = t.CreatedAt,
            ["RequesterName"] = s.Requester.Name,
            ["RequesterEmail"] = s.Requester.Email,
            ["Subject"] = s.Subject,

            // Kept apart from the JSON details: a 20,000-character description fits one string property.
            ["Description"] = s.Description,
            ["Details"] = JsonSerializer.Serialize(details, DetailsJson),
            ["IdempotencyKey"] = t.IdempotencyKey,
            ["RequestFingerprint"] = t.RequestFingerprint,

            // Clocks, notices and the email outbox: changed together with the status, under one ETag.
            ["Work"] = JsonSerializer.Serialize(t.Commitments, DetailsJson),
            ["RegionAdvisory"] = t.RegionAdvisory,
            ["AccessTokenHash"] = t.AccessTokenHash,
            ["AccessTokenVersion"] = t.AccessTokenVersion,
            ["ClosedAt"] = t.ClosedAt,
            ["Incident"] = t.Incident is null ? null : JsonSerializer.Serialize(t.Incident, DetailsJson),
        };
    }

    static Ticket ToTicket(TableEntity e)
    {
        TicketDetails d = JsonSerializer.Deserialize<TicketDetails>(e.GetString("Details"), DetailsJson)
            ?? throw new InvalidDataException($"Ticket {e.PartitionKey} has no details.");
        var submission = new TicketSubmission(
            e.GetString("Tenant"),
            new Requester(e.GetString("RequesterName"), e.GetString("RequesterEmail")),
            WireNames.Parse<Severity>(e.GetString("SubmittedSeverity")),
            e.GetString("Subject"),
            e.GetString("Description"),
            d.Applications,
            d.Connections,
            WireNames.Parse<LoginStage>(d.LoginStage),
            d.StartedAt,
            WireNames.Parse<AffectedUsers>(d.AffectedUsers),
            WireNames.Parse<Frequency>(d.Frequency),
            WireNames.Parse<BrowserScope>(d.Browsers),
            d.Browser,
            d.Appliance)
        {
            Precheck = d.Precheck is null ? null : [.. Prechecks.All.Where(i => d.Precheck.ContainsKey(i.Key)).Select(i => new PrecheckResponse(i.Key, WireNames.Parse<PrecheckAnswer>(d.Precheck[i.Key])))],
        };
        TicketCommitments work = JsonSerializer.Deserialize<TicketCommitments>(e.GetString("Work"), DetailsJson)
            ?? throw new InvalidDataException($"Ticket {e.PartitionKey} has no workflow state.");
        return new Ticket(
            e.PartitionKey,
            WireNames.Parse<TicketStatus>(e.GetString("Status")),
            e.GetDateTimeOffset("CreatedAt")!.Value,
            WireNames.Parse<SupportPlan>(e.GetString("Plan")),
            WireNames.Parse<Region>(e.GetString("Region")),
            e.GetString("TimeZone"),
            WireNames.Parse<Severity>(e.GetString("Severity")),
            e.GetString("Assignee"),
            submission,
            e.GetString("IdempotencyKey"),
            e.GetString("RequestFingerprint"),
            work)
        {
            RegionAdvisory = e.GetString("RegionAdvisory"),
            AccessTokenHash = e.GetString("AccessTokenHash"),
            AccessTokenVersion = e.GetInt32("AccessTokenVersion") ?? 0,
            ClosedAt = e.GetDateTimeOffset("ClosedAt"),
            Incident = e.GetString("Incident") is { Length: > 0 } link ? JsonSerializer.Deserialize<IncidentLink>(link, DetailsJson) : null,
        };
    }

    static TableEntity ToEntity(string ticketId, TicketEvent e) => new(ticketId, EventRowPrefix + e.Id)
    {
        ["At"] = e.At,
        ["Kind"] = WireNames.Of(e.Kind),
        ["Actor"] = e.Actor,
        ["Summary"] = e.Summary,
        ["Body"] = e.Body,
    };

    static TicketEvent ToEvent(TableEntity e) => new(
        e.RowKey[EventRowPrefix.Length..],
        e.GetDateTimeOffset("At")!.Value,
        WireNames.Parse<TicketEventKind>(e.GetString("Kind")),
        e.GetString("Actor"),
        e.GetString("Summary"),
        e.GetString("Body"));

    sealed record TicketDetails(
        string[] Applications,
        string[] Connections,
        string LoginStage,
        DateTimeOffset StartedAt,
        string AffectedUsers,
        string Frequency,
        string Browsers,
        string? Browser,
        ApplianceDetails? Appliance)
    {
        /// <summary>Pre-check answers by check key (absent in tickets submitted without them).</summary>
        public Dictionary<string, string>? Precheck { get; init; }
    }
}
