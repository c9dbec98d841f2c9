namespace Support.Desk.Settings;

/// <summary>Ticket intake (configuration section <c>Intake</c>).</summary>
public sealed class IntakeOptions : IValidatedOptions
{
    public const string SectionName = "Intake";

    /// <summary>
    /// How long an <c>Idempotency-Key</c> (or <c>webhook-id</c>) keeps naming the ticket it created, as payment APIs
    /// that made the header common do: a retry within it replays; the same key afterwards creates a new ticket.
    /// </summary>
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);

    public IReadOnlyList<string> Validate() =>
        this.IdempotencyKeyLifetime > TimeSpan.Zero ? [] : [$"{SectionName}:IdempotencyKeyLifetime must be positive."];
}
