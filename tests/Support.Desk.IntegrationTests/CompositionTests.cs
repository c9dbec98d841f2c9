using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting;
using Support.Functions;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;

namespace Support.Desk.IntegrationTests;

/// <summary>The shared composition: configuration binding in the environment form, and validation at start.</summary>
public class CompositionTests
{
    static IHost Build(IDictionary<string, string?> settings, string? environmentPrefix = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        if (environmentPrefix is not null)
        {
            builder.Configuration.AddEnvironmentVariables(environmentPrefix);
        }

        builder.AddSupportDesk();
        return builder.Build();
    }

    static Dictionary<string, string?> Valid() => new()
    {
        ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Customers:acme-prod:Plan"] = "gold",
        ["Customers:acme-prod:Region"] = "us",
        ["Customers:acme-prod:TimeZone"] = "America/New_York",
    };

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    public void SampleCustomers_AreCustomersOnlyInALocalFuncStart(string environment, bool loaded)
    {
        string folder = Directory.CreateTempSubdirectory("functions-").FullName;
        File.Copy(Path.Combine(Support.Desk.Testing.RepositoryPaths.Root, Support.Functions.SampleCustomers.FileName), Path.Combine(folder, Support.Functions.SampleCustomers.FileName));
        var configuration = new ConfigurationBuilder().SetBasePath(folder);

        configuration.AddSampleCustomersWhenLocal(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment });

        Assert.Equal(loaded, configuration.Build().GetSection("Customers:acme-prod").Exists());
    }

    [Fact]
    public void SampleCustomers_AreNeverPublished()
    {
        System.Xml.Linq.XDocument project = System.Xml.Linq.XDocument.Load(Path.Combine(Support.Desk.Testing.RepositoryPaths.Root, "functions", "Support.Functions", "Support.Functions.csproj"));

        System.Xml.Linq.XElement sample = project.Descendants("None").Single(e => (string?)e.Attribute("Include") == @"..\..\customers.sample.json");
        Assert.Equal("Never", (string?)sample.Attribute("CopyToPublishDirectory"));
    }

    [Fact]
    public void SlaTarget_SetInEnvironmentVariableForm_OverridesTheDefault()
    {
        // Section__Key, as app settings and `export` write it; a unique prefix keeps tests apart.
        string prefix = $"DESKTEST{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "Sla__Standard__High__Target", "02:30:00");
        Environment.SetEnvironmentVariable(prefix + "Sla__Standard__High__Coverage", "always-on");
        try
        {
            using IHost host = Build(Valid(), prefix);

            SlaPolicy policy = host.Services.GetRequiredService<SlaPolicy>();

            Assert.Equal(new SlaTerms(TimeSpan.FromMinutes(150), Coverage.AlwaysOn), policy.TermsFor(SupportTier.Standard, Severity.High));
            Assert.Equal(new SlaTerms(TimeSpan.FromHours(1), Coverage.AlwaysOn), policy.TermsFor(SupportTier.Standard, Severity.Urgent));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Sla__Standard__High__Target", null);
            Environment.SetEnvironmentVariable(prefix + "Sla__Standard__High__Coverage", null);
        }
    }

    [Fact]
    public void CustomerDirectory_FromConfiguration_FindsTenantsWithTheirPlan()
    {
        using IHost host = Build(Valid());

        Customer? acme = host.Services.GetRequiredService<ICustomerDirectory>().Find("acme-prod");

        Assert.Equal(SupportPlan.Gold, acme?.Plan);
        Assert.Equal("America/New_York", acme?.TimeZone.Id);
        Assert.Null(host.Services.GetRequiredService<ICustomerDirectory>().Find("globex"));
    }

    [Fact]
    public async Task Start_InvalidConfiguration_FailsNamingEveryBadKey()
    {
        Dictionary<string, string?> settings = Valid();
        settings["Sla:Premium:High:Target"] = "-01:00:00";
        settings["Customers:acme-prod:Plan"] = "diamond";
        settings["Customers:acme-prod:TimeZone"] = "Mars/Olympus_Mons";
        settings["Email:FromAddress"] = "not an address";
        using IHost host = Build(settings);

        var failure = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());

        string[] messages = [.. failure.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)];
        Assert.Contains(messages, m => m.StartsWith("Sla:Premium:High:Target", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Customers:acme-prod:Plan", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Customers:acme-prod:TimeZone", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Email:FromAddress", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Access:TicketTokenKeys is required", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Access: set StaffKeys or Entra:Authority", StringComparison.Ordinal));
    }

    [Fact]
    public void Access_AsDeployedWithStaffKeysOnly_EmptyEntraSettingsMeanNoEntraSignIn()
    {
        // infra/main.bicep writes empty Entra settings when no tenant is given.
        Dictionary<string, string?> settings = Valid();
        settings["Access:TicketTokenKeys"] = new string('t', 40);
        settings["Access:SessionKeys"] = new string('p', 40);
        settings["Access:StaffKeys"] = "sam@desk.example:" + new string('s', 40);
        settings["Access:Entra:Authority"] = string.Empty;
        settings["Access:Entra:Audience"] = string.Empty;
        using IHost host = Build(settings);

        AccessOptions access = host.Services.GetRequiredService<AccessOptions>();

        Assert.Null(access.Entra.Authority);
        Assert.Empty(access.Validate());
    }
}
