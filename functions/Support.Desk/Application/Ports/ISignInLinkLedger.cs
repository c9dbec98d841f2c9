namespace Support.Desk.Application.Ports;

/// <summary>Remembers which sign-in links were used, so each opens one session only, and which addresses have signed in.</summary>
public interface ISignInLinkLedger
{
    /// <summary>Marks the link used: true the first time, false when it was used before (one atomic insert).</summary>
    Task<bool> TryUseAsync(string linkId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Remembers that an address has signed in (its owner reads its mail), so a flood of requests for its organisation's other addresses never holds back its link.</summary>
    Task MarkSignedInAsync(string email, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> HasSignedInAsync(string email, CancellationToken cancellationToken);
}
