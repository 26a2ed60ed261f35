using System.Threading.Tasks;
using Xunit;

namespace Collect.DevServer.Tests.Infrastructure;

/// <summary>The server most tests share (they run one after another in the "devserver" collection).</summary>
public sealed class DevServerFixture : IAsyncLifetime
{
    public ServerHost Host { get; private set; } = null!;
    public ApiClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ServerHost.StartAsync();
        Api = new ApiClient(Host.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DevServerCollection : ICollectionFixture<DevServerFixture>
{
    public const string Name = "devserver";
}
