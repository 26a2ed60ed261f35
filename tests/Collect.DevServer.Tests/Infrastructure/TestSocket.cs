using System;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Collect.DevServer.Tests.Infrastructure;

/// <summary>A real web socket to the server: connects, reads the key message, sends and receives JSON.</summary>
public sealed class TestSocket : IAsyncDisposable
{
    // Only a guard against a hung test; no test depends on it for its result.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket = new();

    public string Id { get; private set; } = "";

    public WebSocketState State => _socket.State;

    public static async Task<TestSocket> ConnectAsync(Uri address)
    {
        var socket = new TestSocket();
        await socket._socket.ConnectAsync(address, CancellationToken.None);
        var key = await socket.ReceiveAsync();
        Assert.Equal("key", key.GetProperty("type").GetString());
        socket.Id = key.GetProperty("message").GetString()!;
        return socket;
    }

    public async Task<JsonElement> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Guard);
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("The server closed the socket.");
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        using var document = JsonDocument.Parse(message.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>Receives the next message and checks its type (and job).</summary>
    public async Task<JsonElement> ExpectAsync(string type, string? jobId = null)
    {
        var message = await ReceiveAsync();
        Assert.True(message.GetProperty("type").GetString() == type, $"Expected a {type} message, got {message}");
        if (jobId is not null) Assert.Equal(jobId, message.GetProperty("jobid").GetString());
        return message;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync();
        }
        catch (WebSocketException)
        {
        }
        _socket.Dispose();
    }
}
