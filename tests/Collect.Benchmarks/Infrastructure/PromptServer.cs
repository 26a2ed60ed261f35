using System;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Collect.Benchmarks.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with two web-socket endpoints, whose server ends the
/// benchmark drives message by message: <c>/websocket</c> plays Collect! (it sends the key message
/// <c>{"type":"key","message":"&lt;socket id&gt;"}</c> first, API.md §11), <c>/echo</c> sends nothing
/// of its own (for a raw echo client). Each accepted socket is handed over by <see cref="AcceptAsync"/>
/// and stays open until the server is disposed.
/// </summary>
public sealed class PromptServer : IAsyncDisposable
{
    /// <summary>The socket id the key message gives the first Collect! client.</summary>
    public const string SocketId = "43tzLWO2RJzlxQPpsw4EOA==";

    private readonly WebApplication _app;
    private readonly Channel<WebSocket> _collect = Channel.CreateUnbounded<WebSocket>();
    private readonly Channel<WebSocket> _echo = Channel.CreateUnbounded<WebSocket>();
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PromptServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts the server on a free port.</summary>
    public static async Task<PromptServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        PromptServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        server = new PromptServer(app, new Uri(addresses.Addresses.Single().TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>The server end of the next socket accepted on <c>/websocket</c> (<paramref name="collect"/>) or <c>/echo</c>.</summary>
    public async Task<WebSocket> AcceptAsync(bool collect, TimeSpan timeout) =>
        await (collect ? _collect : _echo).Reader.ReadAsync().AsTask().WaitAsync(timeout);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (!context.WebSockets.IsWebSocketRequest || path is not ("/websocket" or "/echo"))
        {
            context.Response.StatusCode = 404;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        if (path == "/websocket")
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"type":"key","message":"{{SocketId}}"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
            await _collect.Writer.WriteAsync(socket);
        }
        else
        {
            await _echo.Writer.WriteAsync(socket);
        }
        // The benchmark owns the socket from here on; the request lives as long as the server.
        await _stopping.Task;
    }

    /// <summary>Sends one text message.</summary>
    public static ValueTask SendAsync(WebSocket socket, ReadOnlyMemory<byte> message) =>
        socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Receives one whole text message into <paramref name="buffer"/>; returns its length.</summary>
    public static async ValueTask<int> ReceiveAsync(WebSocket socket, byte[] buffer)
    {
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close) throw new WebSocketException("The client closed the socket.");
            length += result.Count;
            if (result.EndOfMessage) return length;
            if (length == buffer.Length) throw new InvalidOperationException($"A message is larger than {buffer.Length} bytes.");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stopping.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
