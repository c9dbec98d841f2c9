using Microsoft.Extensions.Options;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Customers;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests.SupportCenter;

/// <summary>Which tenant an address acts for: listed contacts, email domains, and what must never match.</summary>
public class CustomerDirectoryContactsTests
{
    static CustomerDirectoryOptions Options() => new()
    {
        Customers =
        {
            ["acme-prod"] = new CustomerOptions { Plan = "gold", Region = "us", TimeZone = "America/New_York", EmailDomains = ["acme.example"], Contacts = ["contractor@agency.example"] },
            ["globex"] = new CustomerOptions { Plan = "platinum", Region = "eu", TimeZone = "Europe/Berlin", Contacts = ["Hans@Globex.example"] },
        },
    };

    static ConfiguredCustomerDirectory Directory() => new(Microsoft.Extensions.Options.Options.Create(Options()));

    [Theory]
    [InlineData("jane@acme.example", "acme-prod")]
    [InlineData("JANE@ACME.EXAMPLE", "acme-prod")]
    [InlineData("  jane@acme.example ", "acme-prod")]
    [InlineData("contractor@agency.example", "acme-prod")]
    [InlineData("hans@globex.example", "globex")]
    public void FindContact_ListedAddressOrDomain_ActsForItsTenant(string email, string tenant)
    {
        Assert.Equal(tenant, Directory().FindContact(email)?.Tenant);
    }

    [Theory]
    [InlineData("other@globex.example")] // globex lists addresses, not its domain
    [InlineData("jane@sub.acme.example")] // a subdomain is another domain
    [InlineData("jane@acme.example.evil.example")]
    [InlineData("jane@evilacme.example")]
    [InlineData("jane@acme.example@evil.example")]
    [InlineData("\"jane@acme.example\"@evil.example")]
    [InlineData("Jane <jane@acme.example>")]
    [InlineData("acme.example")]
    [InlineData("")]
    [InlineData(null)]
    public void FindContact_AnyOtherAddress_IsNobody(string? email)
    {
        Assert.Null(Directory().FindContact(email!));
    }

    [Fact]
    public void FindContact_NormalisesTheAddress_TheSessionKeepsThatForm()
    {
        Assert.Equal(new CustomerContact("hans@globex.example", "globex"), Directory().FindContact("HANS@globex.EXAMPLE"));
    }

    [Fact]
    public void Validate_ADomainOrAddressListedForTwoTenants_IsRefused()
    {
        CustomerDirectoryOptions options = Options();
        options.Customers["globex"].EmailDomains = ["ACME.example"];
        options.Customers["globex"].Contacts = ["contractor@agency.example"];

        IReadOnlyList<string> problems = options.Validate();

        Assert.Contains(problems, p => p.Contains("domain acme.example", StringComparison.Ordinal) && p.Contains("acme-prod and globex", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("address contractor@agency.example", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("@acme.example")]
    [InlineData("acme")]
    [InlineData("-acme.example")]
    [InlineData("acme..example")]
    [InlineData("*.acme.example")]
    [InlineData("acme.example/")]
    public void Validate_MalformedDomain_IsNamed(string domain)
    {
        CustomerDirectoryOptions options = Options();
        options.Customers["acme-prod"].EmailDomains = [domain];

        Assert.Contains(options.Validate(), p => p.Contains("Customers:acme-prod:EmailDomains:0", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MalformedContact_IsNamed()
    {
        CustomerDirectoryOptions options = Options();
        options.Customers["globex"].Contacts = ["not an address"];

        Assert.Contains(options.Validate(), p => p.Contains("Customers:globex:Contacts:0", StringComparison.Ordinal));
    }
}
