using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Customers;

/// <summary>The customer directory from configuration, indexed once at start.</summary>
public sealed class ConfiguredCustomerDirectory(IOptions<CustomerDirectoryOptions> options) : ICustomerDirectory
{
    readonly FrozenDictionary<string, Customer> customers =
        options.Value.ToCustomers().ToFrozenDictionary(c => c.Tenant, StringComparer.Ordinal);

    public Customer? Find(string tenant) => this.customers.GetValueOrDefault(tenant);
}
