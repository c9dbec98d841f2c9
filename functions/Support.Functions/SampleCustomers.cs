using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Support.Functions;

/// <summary>
/// The sample customer directory is for a local <c>func start</c> only (the Core Tools set the Development
/// environment). In Azure the directory comes from app settings (<c>Customers__&lt;tenant&gt;__Plan</c> …): the
/// sample tenants must never be customers there, so the file is not published either.
/// </summary>
public static class SampleCustomers
{
    public const string FileName = "customers.sample.json";

    public static IConfigurationBuilder AddSampleCustomersWhenLocal(this IConfigurationBuilder configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() ? configuration.AddJsonFile(FileName, optional: true, reloadOnChange: false) : configuration;
    }
}
