using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Jobs;
using Microsoft.Extensions.Logging;
using Xunit;
using static Collect.Runtime.Tests.Jobs.JobTestHelpers;

namespace Collect.Runtime.Tests.Jobs;

/// <summary>Opening the socket: its address, the key message, single-flight connects, failures and disposal.</summary>
public sealed class CollectSocketTests(JobTestServer server) : IClassFixture<JobTestServer>
{
    [Theory]
    [InlineData("http://api.example.com/", "ws://api.example.com/websocket")]
    [InlineData("https://api.example.com", "wss://api.example.com/websocket")]
    [InlineData("https://api.example.com/collect", "wss://api.example.com/collect/websocket")]
    [InlineData("http://192.168.0.10:4001/a/b/", "ws://192.168.0.10:4001/a/b/websocket")]
    [InlineData("https://api.example.com:8443/", "wss://api.example.com:8443/websocket")]
    public void Address_is_derived_from_the_base_address_keeping_its_path(string baseAddress, string expected)
    {
        var options = new CollectSocketOptions { BaseAddress = new Uri(baseAddress) };

        Assert.Equal(new Uri(expected), options.ResolveWebSocketAddress());
    }

    [Theory]
    [InlineData("ws://127.0.0.1:4001", "ws://127.0.0.1:4001/")]
    [InlineData("wss://api.example.com/websocket", "wss://api.example.com/websocket")]
    [InlineData("https://api.example.com/ws?tenant=1", "wss://api.example.com/ws?tenant=1")]
    public void An_explicit_address_wins(string address, string expected)
    {
        var options = new CollectSocketOptions { BaseAddress = new Uri("https://ignored.example.com/"), WebSocketAddress = new Uri(address) };

        Assert.Equal(new Uri(expected), options.ResolveWebSocketAddress());
    }

    [Fact]
    public void An_empty_path_reaches_a_server_directly_on_its_port()
    {
        var options = new CollectSocketOptions { BaseAddress = new Uri("http://127.0.0.1:4001/"), WebSocketPath = "" };

        Assert.Equal(new Uri("ws://127.0.0.1:4001/"), options.ResolveWebSocketAddress());
    }

    [Fact]
    public void Invalid_options_are_refused_with_a_clear_message()
    {
        Assert.Contains("BaseAddress is missing", Assert.Throws<InvalidOperationException>(() => new CollectSocket(new CollectSocketOptions())).Message, StringComparison.Ordinal);
        Assert.Contains("http or https", Assert.Throws<InvalidOperationException>(() =>
            new CollectSocketOptions { BaseAddress = new Uri("ftp://example.com/") }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("ws, wss", Assert.Throws<InvalidOperationException>(() =>
            new CollectSocketOptions { WebSocketAddress = new Uri("ftp://example.com/") }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("ConnectTimeout", Assert.Throws<InvalidOperationException>(() =>
            new CollectSocketOptions { BaseAddress = new Uri("http://example.com/"), ConnectTimeout = TimeSpan.Zero }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("PromptTimeout", Assert.Throws<InvalidOperationException>(() =>
            new CollectJobOptions { PromptTimeout = TimeSpan.FromSeconds(-2) }.Validate()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_reads_the_key_message_at_the_derived_path()
    {
        var scope = server.Scope();
        await using var socket = scope.Socket();
        Assert.Null(socket.SocketId);

        var id = await socket.ConnectAsync();

        var opened = Assert.Single(scope.Sockets);
        Assert.Equal(opened.Id, id);
        Assert.Equal(id, socket.SocketId);
        Assert.Equal($"/t/{scope.Id}/websocket", opened.Path);
        Assert.Equal(new Uri(scope.BaseAddress, "websocket").AbsolutePath, socket.Address.AbsolutePath);
        Assert.Equal("ws", socket.Address.Scheme);
        Assert.Equal(id, await socket.ConnectAsync());
        Assert.Single(scope.Sockets);
    }

    [Fact]
    public async Task Concurrent_first_jobs_share_one_connect()
    {
        var scope = server.Scope();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scope.OnConnect = async socket =>
        {
            await release.Task.Signal();
            await socket.SendAsync($$"""{"type": "key", "message": "{{socket.Id}}"}""");
        };
        await using var socket = scope.Socket();

        var connects = Enumerable.Range(0, 20).Select(_ => socket.ConnectAsync()).ToArray();
        await scope.SocketOpened.Task.Signal();
        release.SetResult();
        var ids = await Task.WhenAll(connects).Signal();

        Assert.Single(scope.Sockets);
        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task A_first_message_that_is_not_the_key_fails_the_connect()
    {
        var scope = server.Scope();
        scope.OnConnect = socket => socket.SendAsync("""{"type": "start", "jobid": "X"}""");
        await using var socket = scope.Socket();

        var error = await Assert.ThrowsAsync<CollectSocketException>(() => socket.ConnectAsync()).Signal();

        Assert.Contains("key message", error.Message, StringComparison.Ordinal);
        Assert.Null(error.JobId);
        Assert.Equal(0, error.StatusCode);
    }

    [Fact]
    public async Task A_server_that_never_sends_the_key_times_out()
    {
        var scope = server.Scope();
        scope.OnConnect = _ => Task.CompletedTask;
        var time = new ManualTimeProvider();
        await using var socket = new CollectSocket(new CollectSocketOptions
        {
            BaseAddress = scope.BaseAddress,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            TimeProvider = time,
        });

        var connect = socket.ConnectAsync();
        await scope.SocketOpened.Task.Signal();
        time.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => connect).Signal();
        Assert.Contains("ConnectTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_there_fails_the_job_with_a_socket_exception()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }
        await using var socket = new CollectSocket(new CollectSocketOptions { BaseAddress = new Uri($"http://127.0.0.1:{port}/") });
        var sent = false;

        var error = await Assert.ThrowsAsync<CollectSocketException>(() => socket.RunJobAsync((_, _) =>
        {
            sent = true;
            return Task.CompletedTask;
        }, new CollectPromptHandlers())).Signal();

        Assert.Contains($"ws://127.0.0.1:{port}/websocket", error.Message, StringComparison.Ordinal);
        Assert.False(sent);
    }

    [Fact]
    public async Task An_explicit_address_is_logged_and_reported_without_its_user_info_or_query()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.AskAsync(ProceedPrompt);
            return 200;
        });
        var logs = new Auth.LogCapture();
        using var loggers = logs.Factory();
        var secretAddress = new UriBuilder(new Uri(scope.BaseAddress, "websocket"))
        {
            Scheme = "ws",
            UserName = "own",
            Password = "socket-pa55",
            Query = "access_token=socket-secret-token",
        }.Uri;
        await using (var socket = new CollectSocket(new CollectSocketOptions { WebSocketAddress = secretAddress }, loggers.CreateLogger<CollectSocket>()))
        {
            await socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnButton(_ => 0)).Signal();
            Assert.Equal(secretAddress, socket.Address); // the caller's own option, as given
        }

        // A server that is not there: the exception names the address the same way.
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }
        var missing = new Uri($"ws://own:socket-pa55@127.0.0.1:{port}/websocket?access_token=socket-secret-token");
        await using var absent = new CollectSocket(new CollectSocketOptions { WebSocketAddress = missing }, loggers.CreateLogger<CollectSocket>());
        var error = await Assert.ThrowsAsync<CollectSocketException>(() => absent.RunJobAsync((_, _) => Task.CompletedTask, new CollectPromptHandlers())).Signal();

        var shown = secretAddress.GetLeftPart(UriPartial.Path).Replace("own:socket-pa55@", "", StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.EventId.Name == "Connecting" && e.Message.Contains(shown, StringComparison.Ordinal));
        Assert.Contains($"ws://127.0.0.1:{port}/websocket", error.Message, StringComparison.Ordinal);
        foreach (var text in new[] { logs.AllText, error.ToString() })
        {
            Assert.DoesNotContain("socket-pa55", text, StringComparison.Ordinal);
            Assert.DoesNotContain("socket-secret-token", text, StringComparison.Ordinal);
            Assert.DoesNotContain("own:", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Disposing_fails_running_jobs_and_refuses_new_ones()
    {
        var scope = server.Scope();
        var prompted = new TaskCompletionSource<ServerJob>(TaskCreationOptions.RunContinuationsAsynchronously);
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.PromptAsync(ProceedPrompt);
            prompted.TrySetResult(job);
            await job.HoldUntilAbortedAsync();
            return 200;
        });
        var socket = scope.Socket();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlers = new CollectPromptHandlers().OnButton(async (_, cancellationToken) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        });

        var run = socket.RunJobAsync(scope.RunPlan(plan), handlers);
        await entered.Task.Signal();
        await socket.DisposeAsync();

        var error = await Assert.ThrowsAsync<CollectSocketClosedException>(() => run).Signal();
        Assert.Contains("disposed", error.Message, StringComparison.Ordinal);
        await (await prompted.Task.Signal()).Aborted.Task.Signal();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => socket.RunJobAsync(scope.RunPlan(plan), handlers));
        await socket.DisposeAsync();
    }

    [Fact]
    public async Task A_message_larger_than_the_limit_closes_the_socket()
    {
        var scope = server.Scope();
        var prompted = new TaskCompletionSource<ServerJob>(TaskCreationOptions.RunContinuationsAsynchronously);
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            prompted.TrySetResult(job);
            await job.PromptAsync($$"""
                "subtype": "string", "message": "{{new string('x', 4000)}}"
                """, frames: 4);
            await job.HoldUntilAbortedAsync();
            return 200;
        });
        await using var socket = new CollectSocket(new CollectSocketOptions { BaseAddress = scope.BaseAddress, MaxMessageBytes = 2048 });

        var error = await Assert.ThrowsAsync<CollectSocketClosedException>(() =>
            socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnString(_ => "x"))).Signal();

        Assert.Contains("MaxMessageBytes", error.Message, StringComparison.Ordinal);
    }
}
