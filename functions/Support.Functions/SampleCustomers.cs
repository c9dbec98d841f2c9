using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Support.Functions;

/// <summary>
/// The sample customer directory and staff roster are for a local <c>func start</c> only (the Core Tools set the
/// Development environment). In Azure both come from app settings (<c>Customers__&lt;tenant&gt;__Plan</c>,
/// <c>Staff__Roster__0__Email</c> …): the sample tenants and people must never be real there, so the files are not
/// published either.
/// </summary>
public static class SampleCustomers
{
    public const string FileName = "customers.sample.json";
    public const string StaffFileName = "staff.sample.json";

    public static IConfigurationBuilder AddSampleCustomersWhenLocal(this IConfigurationBuilder configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment()
            ? configuration.AddJsonFile(FileName, optional: true, reloadOnChange: false).AddJsonFile(StaffFileName, optional: true, reloadOnChange: false)
            : configuration;
    }
}
