using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Collect.Runtime.Tests.Jobs;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that plays the Collect! web socket and the contact plan
/// endpoint: <c>/t/{scope}/websocket</c> sends the key message and routes answers by <c>jobid</c>
/// (answers for unknown jobs get an <c>error</c>, as CONTRACT.md says); <c>POST
/// /t/{scope}/api/v1/collect/app/runplan</c> runs the plan's script against the socket its
/// <c>websocket-id</c> names and answers with the status the script returns.
/// </summary>
public sealed class JobTestServer : IAsyncLifetime
{
    /// <summary>How long server-side waits last at most, so a failing test never hangs.</summary>
    public static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, ServerScope> _scopes = new();
    private readonly ConcurrentDictionary<string, ServerSocket> _sockets = new();
    private WebApplication? _app;

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The client for the plans' HTTP calls.</summary>
    public HttpClient Http { get; } = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        Address = new Uri(addresses.Addresses.Single().TrimEnd('/') + "/");
    }

    public async Task DisposeAsync()
    {
        foreach (var socket in _sockets.Values) socket.Abort();
        Http.Dispose();
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
    }

    /// <summary>A test's own corner of the server, with its own base address, sockets and plans.</summary>
    public ServerScope Scope()
    {
        var id = Guid.NewGuid().ToString("N");
        var scope = new ServerScope(id, new Uri(Address, $"t/{id}/"), this);
        _scopes[id] = scope;
        return scope;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Split('/', 4);
        if (segments.Length < 4 || segments[1] != "t" || !_scopes.TryGetValue(segments[2], out var scope))
        {
            context.Response.StatusCode = 418;
            return;
        }
        var rest = segments[3];
        if (rest == "websocket")
            await AcceptSocketAsync(context, scope);
        else if (rest == "api/v1/collect/app/runplan" && context.Request.Method == "POST")
            await RunPlanAsync(context, scope);
        else
            context.Response.StatusCode = 404;
    }

    private async Task AcceptSocketAsync(HttpContext context, ServerScope scope)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }
        using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
        var socket = new ServerSocket(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), context.Request.Path.Value!, webSocket);
        _sockets[socket.Id] = socket;
        scope.Sockets.Enqueue(socket);
        scope.SocketOpened.TrySetResult(socket);
        try
        {
            var receiving = socket.ReceiveAsync(context.RequestAborted);
            if (scope.OnConnect is { } onConnect) await onConnect(socket);
            else await socket.SendAsync($$"""{"type": "key", "message": "{{socket.Id}}"}""");
            await receiving;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away.
        }
        finally
        {
            socket.MarkClosed();
        }
    }

    private async Task RunPlanAsync(HttpContext context, ServerScope scope)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync();
        using var request = JsonDocument.Parse(body);
        var plan = request.RootElement.GetProperty("plan").GetString()!;
        var socketId = request.RootElement.TryGetProperty("websocket-id", out var id) ? id.GetString() : null;
        if (!scope.Plans.TryGetValue(plan, out var script))
        {
            await Fail(context, 404, $"Unknown contact plan '{plan}'.");
            return;
        }
        scope.SocketIdsNamed.Enqueue(socketId ?? "");
        if (socketId is null || !_sockets.TryGetValue(socketId, out var socket) || socket.IsClosed)
        {
            await Fail(context, 409, "The plan needs a web socket and none is usable; its changes were rolled back.");
            return;
        }

        var job = new ServerJob(socket, context.RequestAborted);
        scope.Jobs.Enqueue(job);
        int status;
        try
        {
            status = await script(job);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            job.Aborted.TrySetResult();
            return;
        }
        catch (ServerSocketClosedException)
        {
            status = 409;
        }
        finally
        {
            job.Dispose();
        }

        job.Responded.TrySetResult(status);
        if (status == 200) context.Response.StatusCode = 200;
        else await Fail(context, status, $"The plan failed with {status}; its changes were rolled back.");
    }

    private static async Task Fail(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Json(w =>
        {
            w.WriteNumber("status", status);
            w.WriteString("message", message);
        }));
    }

    /// <summary>One JSON object written by <paramref name="write"/>.</summary>
    internal static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>One test's corner of the <see cref="JobTestServer"/>.</summary>
public sealed class ServerScope(string id, Uri baseAddress, JobTestServer server)
{
    public string Id { get; } = id;

    /// <summary>The API base address for this scope, e.g. <c>http://127.0.0.1:41234/t/{id}/</c>.</summary>
    public Uri BaseAddress { get; } = baseAddress;

    public JobTestServer Server { get; } = server;

    /// <summary>Every socket opened in this scope, in order.</summary>
    public ConcurrentQueue<ServerSocket> Sockets { get; } = new();

    /// <summary>Completed with the first socket opened in this scope.</summary>
    public TaskCompletionSource<ServerSocket> SocketOpened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every job the plan endpoint ran, in order.</summary>
    public ConcurrentQueue<ServerJob> Jobs { get; } = new();

    /// <summary>The <c>websocket-id</c> of every plan request, in order.</summary>
    public ConcurrentQueue<string> SocketIdsNamed { get; } = new();

    /// <summary>Replaces the key message: what the server does when a socket opens.</summary>
    public Func<ServerSocket, Task>? OnConnect { get; set; }

    internal ConcurrentDictionary<string, Func<ServerJob, Task<int>>> Plans { get; } = new();

    /// <summary>Adds a plan whose script runs the job and returns the HTTP status to answer; returns its code.</summary>
    public string Plan(Func<ServerJob, Task<int>> script)
    {
        var code = "P" + Plans.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Plans[code] = script;
        return code;
    }

    /// <summary>A socket for this scope.</summary>
    public Collect.Runtime.Jobs.CollectSocket Socket(ManualTimeProvider? time = null) =>
        new(new Collect.Runtime.Jobs.CollectSocketOptions { BaseAddress = BaseAddress, TimeProvider = time ?? (TimeProvider)TimeProvider.System });

    /// <summary>The HTTP call of a contact plan run (<c>{"plan", "debtor": 123, "websocket-id"}</c>); non-200 throws a <see cref="CollectApiException"/>.</summary>
    public Func<string, CancellationToken, Task> RunPlan(string plan) => async (socketId, cancellationToken) =>
    {
        var status = await PostPlanAsync(plan, socketId, cancellationToken);
        if (status != 200)
            throw new CollectApiException($"POST api/v1/collect/app/runplan failed with HTTP {status}.", status);
    };

    /// <summary>Like <see cref="RunPlan"/>, returning the status.</summary>
    public Func<string, CancellationToken, Task<int>> RunPlanWithResult(string plan) =>
        (socketId, cancellationToken) => PostPlanAsync(plan, socketId, cancellationToken);

    private async Task<int> PostPlanAsync(string plan, string socketId, CancellationToken cancellationToken)
    {
        var body = JobTestServer.Json(w =>
        {
            w.WriteString("plan", plan);
            w.WriteNumber("debtor", 123);
            w.WriteString("websocket-id", socketId);
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Server.Http.PostAsync(new Uri(BaseAddress, "api/v1/collect/app/runplan"), content, cancellationToken);
        return (int)response.StatusCode;
    }
}

/// <summary>The server's side of one socket.</summary>
public sealed class ServerSocket(string id, string path, WebSocket webSocket)
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _jobs = new(StringComparer.OrdinalIgnoreCase);

    public string Id { get; } = id;

    /// <summary>The request path the client connected to.</summary>
    public string Path { get; } = path;

    /// <summary>The jobids of answers that named no running job (each got an <c>error</c> back).</summary>
    public ConcurrentQueue<string> UnknownAnswers { get; } = new();

    /// <summary>Completed when the socket has closed.</summary>
    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsClosed => Closed.Task.IsCompleted;

    /// <summary>Sends one message, split into <paramref name="frames"/> frames.</summary>
    public async Task SendAsync(string json, int frames = 1)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        await _send.WaitAsync();
        try
        {
            var size = (bytes.Length + frames - 1) / frames;
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                var count = Math.Min(size, bytes.Length - offset);
                await webSocket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, offset + count >= bytes.Length, CancellationToken.None);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Drops the connection without a close handshake.</summary>
    public void Abort() => webSocket.Abort();

    /// <summary>Closes the socket properly with a status and description.</summary>
    public async Task CloseAsync(string description)
    {
        await _send.WaitAsync();
        try
        {
            await webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, description, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    internal Channel<JsonElement> Register(string jobId)
    {
        var channel = Channel.CreateUnbounded<JsonElement>();
        _jobs[jobId] = channel;
        if (IsClosed) channel.Writer.TryComplete(new ServerSocketClosedException());
        return channel;
    }

    internal void Unregister(string jobId) => _jobs.TryRemove(jobId, out _);

    private volatile TaskCompletionSource? _receiveGate;

    /// <summary>Completed when the server stopped reading in the middle of a message (see <see cref="PauseReceivingMidMessage"/>).</summary>
    public TaskCompletionSource ReceivePaused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Stops reading once the first part of the next message (up to 64 KiB) has arrived, until the client
    /// goes: a larger message's send then cannot finish.
    /// </summary>
    public void PauseReceivingMidMessage() => _receiveGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    internal async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length > 0 && _receiveGate is { } gate)
                {
                    ReceivePaused.TrySetResult();
                    await gate.Task.WaitAsync(cancellationToken);
                }
                result = await webSocket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close) return;
                length += result.Count;
            }
            while (!result.EndOfMessage);

            using var answer = JsonDocument.Parse(buffer.AsMemory(0, length));
            var jobId = answer.RootElement.TryGetProperty("jobid", out var id) ? id.GetString() ?? "" : "";
            if (_jobs.TryGetValue(jobId, out var job))
            {
                job.Writer.TryWrite(answer.RootElement.Clone());
            }
            else
            {
                UnknownAnswers.Enqueue(jobId);
                await SendAsync($$"""{"type": "error", "jobid": "{{jobId}}", "message": "No job {{jobId}} is waiting for an answer."}""");
            }
        }
    }

    internal void MarkClosed()
    {
        Closed.TrySetResult();
        foreach (var job in _jobs.Values) job.Writer.TryComplete(new ServerSocketClosedException());
    }
}

/// <summary>The socket a job prompts on closed (the plan endpoint answers 409).</summary>
public sealed class ServerSocketClosedException() : Exception("The job's web socket closed.");

/// <summary>The server's side of one job: its messages and the answers it receives.</summary>
public sealed class ServerJob : IDisposable
{
    private readonly Channel<JsonElement> _answers;

    internal ServerJob(ServerSocket socket, CancellationToken requestAborted)
    {
        Socket = socket;
        RequestAborted = requestAborted;
        _answers = socket.Register(JobId);
    }

    /// <summary>The job's id, upper-case like the docs' example.</summary>
    public string JobId { get; } = Guid.NewGuid().ToString().ToUpperInvariant();

    public ServerSocket Socket { get; }

    /// <summary>Cancelled when the client abandons the HTTP call.</summary>
    public CancellationToken RequestAborted { get; }

    /// <summary>Completed when the client abandoned the HTTP call while the script ran.</summary>
    public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed with the status the HTTP call was answered with.</summary>
    public TaskCompletionSource<int> Responded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every answer received, in order.</summary>
    public ConcurrentQueue<JsonElement> Answers { get; } = new();

    public Task StartAsync() =>
        Socket.SendAsync($$"""{"websocket-id": "{{Socket.Id}}", "jobid": "{{JobId}}", "type": "start"}""");

    /// <summary>Sends a prompt: <paramref name="fields"/> are its properties after <c>type</c>, e.g. <c>"subtype": "button", ...</c>.</summary>
    public Task PromptAsync(string fields, int frames = 1) =>
        Socket.SendAsync($$"""{"websocket-id": "{{Socket.Id}}", "jobid": "{{JobId}}", "type": "prompt", {{fields}}}""", frames);

    /// <summary>Waits for the next answer (throws <see cref="ServerSocketClosedException"/> when the socket closes).</summary>
    public async Task<JsonElement> AnswerAsync()
    {
        using var safety = CancellationTokenSource.CreateLinkedTokenSource(RequestAborted);
        safety.CancelAfter(JobTestServer.Safety);
        var answer = await _answers.Reader.ReadAsync(safety.Token);
        Answers.Enqueue(answer);
        return answer;
    }

    public Task EndAsync() =>
        Socket.SendAsync($$"""{"websocket-id": "{{Socket.Id}}", "jobid": "{{JobId}}", "type": "end"}""");

    /// <summary>Prompt, wait for the answer, acknowledge it.</summary>
    public async Task<JsonElement> AskAsync(string fields, int frames = 1)
    {
        await PromptAsync(fields, frames);
        var answer = await AnswerAsync();
        await EndAsync();
        return answer;
    }

    /// <summary>Waits until the client abandons the HTTP call (or the safety time passes).</summary>
    public Task HoldUntilAbortedAsync() => Task.Delay(JobTestServer.Safety, RequestAborted);

    public void Dispose() => Socket.Unregister(JobId);
}
