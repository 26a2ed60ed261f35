using System;
using System.Threading.Tasks;
using Collect.Runtime.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Collect.Runtime.Tests.Jobs.JobTestHelpers;

namespace Collect.Runtime.Tests.Jobs;

public sealed class CollectSocketRegistrationTests(JobTestServer server) : IClassFixture<JobTestServer>
{
    [Fact]
    public async Task AddCollectSocket_registers_one_socket_at_the_clients_base_address()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.AskAsync(ProceedPrompt);
            return 200;
        });
        var services = new ServiceCollection();
        services.AddOptions<CollectClientOptions>().Configure(options => options.BaseAddress = scope.BaseAddress);
        services.AddCollectSocket(options => options.ConnectTimeout = TimeSpan.FromSeconds(5));
        await using var provider = services.BuildServiceProvider();

        var socket = provider.GetRequiredService<CollectSocket>();
        Assert.Same(socket, provider.GetRequiredService<ICollectJobRunner>());
        Assert.Equal(new Uri(scope.BaseAddress, "websocket").AbsolutePath, socket.Address.AbsolutePath);

        await provider.GetRequiredService<ICollectJobRunner>().RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnButton(_ => 0)).Signal();
        Assert.Single(scope.Sockets);
    }

    [Fact]
    public async Task An_explicit_address_wins_and_a_synchronous_dispose_closes_the_socket()
    {
        var scope = server.Scope();
        var services = new ServiceCollection();
        services.AddOptions<CollectClientOptions>().Configure(options => options.BaseAddress = new Uri("http://unused.example.com/"));
        services.AddCollectSocket(options => options.WebSocketAddress = new Uri(scope.BaseAddress, "websocket"));
        var provider = services.BuildServiceProvider();
        var socket = provider.GetRequiredService<CollectSocket>();
        await socket.ConnectAsync().Signal();
        var opened = Assert.Single(scope.Sockets);

        provider.Dispose();

        await opened.Closed.Task.Signal();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => socket.ConnectAsync());
    }
}
