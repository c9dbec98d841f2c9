namespace Support.Desk.Application.Ports;

/// <summary>Remembers which sign-in links were used, so each opens one session only.</summary>
public interface ISignInLinkLedger
{
    /// <summary>Marks the link used: true the first time, false when it was used before (one atomic insert).</summary>
    Task<bool> TryUseAsync(string linkId, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
