using Support.Desk.Domain;
using Support.Desk.Domain.Access;

namespace Support.Desk.Application.Ports;

/// <summary>The customer directory: tenant name to plan, region, time zone; email address to the tenant it acts for.</summary>
public interface ICustomerDirectory
{
    Customer? Find(string tenant);

    /// <summary>
    /// The tenant an address acts for: a contact listed by address first, else the tenant whose email domain it is;
    /// null for any other address (or none).
    /// </summary>
    CustomerContact? FindContact(string email);
}
