using Microsoft.Extensions.DependencyInjection;
using Support.Functions;

namespace Support.Desk.IntegrationTests.Infrastructure;

internal static class FunctionsUnderTest
{
    /// <summary>The HTTP function class as the Functions host builds it for one invocation: its constructor's services from a scope of the desk's.</summary>
    public static TicketHttpFunctions Http(IServiceProvider services) => ActivatorUtilities.CreateInstance<TicketHttpFunctions>(services);
}
