using System;
using System.Threading.Tasks;
using Collect.Runtime.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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

    [Fact]
    public void Invalid_socket_options_fail_at_start_up_with_the_option_named()
    {
        var services = new ServiceCollection();
        services.AddOptions<CollectClientOptions>().Configure(options => options.BaseAddress = new Uri("http://127.0.0.1:1/"));
        services.AddCollectSocket(options => options.ConnectTimeout = TimeSpan.FromSeconds(-5));
        using var provider = services.BuildServiceProvider();

        // As a host validates at start, before anything resolves the socket.
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("CollectSocketOptions.ConnectTimeout must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_with_no_address_anywhere_fails_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddCollectSocket();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("CollectSocketOptions.BaseAddress is missing", error.Message, StringComparison.Ordinal);
    }
}
