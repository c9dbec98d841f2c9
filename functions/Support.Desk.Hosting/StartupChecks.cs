using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Support.Desk.Application.Email;
using Support.Desk.Domain.Notices;

namespace Support.Desk.Hosting;

/// <summary>
/// Checks made when either host starts, so a gap in the desk's tables stops it there rather than surfacing when
/// the first such email is due: every notice kind has a rule, and every email kind a template (the composer
/// refuses to be built without one).
/// </summary>
internal sealed class StartupChecks(Func<TicketEmailComposer> composer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (NoticeRules.Missing() is { Count: > 0 } missing)
        {
            throw new InvalidOperationException($"No notice rule for: {string.Join(", ", missing)}. Add a row to {nameof(NoticeRules)}.");
        }

        _ = composer();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
