using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
using Support.Functions;
using Support.Desk.Status;

namespace Support.Desk.IntegrationTests.Infrastructure;

internal static class FunctionsUnderTest
{
    /// <summary>The HTTP function class as the Functions host would build it for one invocation, from a scope of the desk's services.</summary>
    public static TicketHttpFunctions Http(IServiceProvider services) => new(
        services.GetRequiredService<TicketIntake>(),
        services.GetRequiredService<Support.Desk.Application.Queue.StaffQueue>(),
        services.GetRequiredService<TicketQueries>(),
        services.GetRequiredService<TicketCommands>(),
        services.GetRequiredService<TicketAttachments>(),
        services.GetRequiredService<StatusQueries>(),
        services.GetRequiredService<DeskHealth>(),
        services.GetRequiredService<Support.Desk.Hosting.Workflows.DurableClientAccessor>());
}
