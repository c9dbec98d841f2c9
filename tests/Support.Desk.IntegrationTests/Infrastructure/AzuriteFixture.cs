using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests.Infrastructure;

/// <summary>One Azurite shared by the test run (each test isolates its data by table and hub names).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    AzuriteProcess? azurite;

    public string ConnectionString => this.azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => this.azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (this.azurite is not null)
        {
            await this.azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
