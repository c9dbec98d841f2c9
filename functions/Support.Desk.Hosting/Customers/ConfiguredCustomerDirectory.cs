using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Customers;

/// <summary>The customer directory from configuration, indexed once at start.</summary>
public sealed class ConfiguredCustomerDirectory : ICustomerDirectory
{
    readonly FrozenDictionary<string, Customer> customers;
    readonly FrozenDictionary<string, string> contacts;
    readonly FrozenDictionary<string, string> domains;

    public ConfiguredCustomerDirectory(IOptions<CustomerDirectoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.customers = options.Value.ToCustomers().ToFrozenDictionary(c => c.Tenant, StringComparer.Ordinal);
        (IReadOnlyDictionary<string, string> contacts, IReadOnlyDictionary<string, string> domains) = options.Value.ContactIndex();
        this.contacts = contacts.ToFrozenDictionary(StringComparer.Ordinal);
        this.domains = domains.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public Customer? Find(string tenant) => this.customers.GetValueOrDefault(tenant);

    public CustomerContact? FindContact(string email)
    {
        if (ContactAddresses.Normalize(email) is not { } address)
        {
            return null;
        }

        string? tenant = this.contacts.GetValueOrDefault(address) ?? this.domains.GetValueOrDefault(ContactAddresses.DomainOf(address));
        return tenant is not null && this.customers.ContainsKey(tenant) ? new CustomerContact(address, tenant) : null;
    }
}
