namespace Support.Desk.Testing;

/// <summary>A desk of its own on the Azurite the test collection shares.</summary>
public sealed partial class DeskSettings
{
    public DeskSettings(Support.Desk.IntegrationTests.Infrastructure.AzuriteFixture azurite)
        : this(azurite.ConnectionString)
    {
    }
}
