using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>The customer directory: tenant name to plan, region, time zone.</summary>
public interface ICustomerDirectory
{
    Customer? Find(string tenant);
}
