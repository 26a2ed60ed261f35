using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Collect.DevServer.Http;

namespace Collect.DevServer.Sockets;

/// <summary>A prompt's failure: 408 when it timed out, 409 when the socket went away.</summary>
internal sealed class PromptFailedException : Exception
{
    public PromptFailedException(int status, string message) : base(message) => Status = status;

    public int Status { get; }
}

/// <summary>
/// The open web sockets by id. A socket gets a 128-bit random id (base64) in its first message;
/// an authenticated HTTP request names it in <c>websocket-id</c> to run a job that prompts through it.
/// </summary>
internal sealed class SocketHub
{
    private readonly ConcurrentDictionary<string, SocketSession> _sessions = new(StringComparer.Ordinal);
    private readonly int _maxMessageBytes;

    public SocketHub(int maxMessageBytes) => _maxMessageBytes = maxMessageBytes;

    /// <summary>The open session with this id, or null.</summary>
    public SocketSession? Find(string? id) =>
        id is not null && _sessions.TryGetValue(id, out var session) && session.IsOpen ? session : null;

    /// <summary>Serves one accepted socket until it closes: key message first, then answers.</summary>
    public async Task RunAsync(WebSocket socket, CancellationToken stopping)
    {
        var session = new SocketSession(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), socket);
        _sessions[session.Id] = session;
        try
        {
            await session.SendAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "key");
                w.WriteString("message", session.Id);
                w.WriteEndObject();
            }).ConfigureAwait(false);
            await session.ReceiveLoopAsync(_maxMessageBytes, stopping).ConfigureAwait(false);
        }
        finally
        {
            _sessions.TryRemove(session.Id, out _);
            session.Close();
        }
    }

    /// <summary>Fails every waiting prompt and aborts every socket (server shutdown).</summary>
    public void AbortAll()
    {
        foreach (var session in _sessions.Values) session.Close(abort: true);
    }
}

/// <summary>A job's link to its socket: at most one prompt waits for an answer at a time.</summary>
internal sealed class JobChannel
{
    private readonly object _gate = new();
    private PendingPrompt? _pending;

    public JobChannel(string jobId, SocketSession session)
    {
        JobId = jobId;
        Session = session;
    }

    public string JobId { get; }
    public SocketSession Session { get; }

    private sealed class PendingPrompt
    {
        public PendingPrompt(Func<JsonElement, string?> validate) => Validate = validate;

        public Func<JsonElement, string?> Validate { get; }
        public TaskCompletionSource<JsonElement> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Sends a prompt and waits for a valid answer. An answer <paramref name="validate"/> refuses is
    /// reported to the socket as an error and the prompt keeps waiting.
    /// </summary>
    /// <exception cref="PromptFailedException">408 after <paramref name="timeout"/>; 409 when the socket closes or is gone.</exception>
    /// <exception cref="OperationCanceledException">The HTTP request was aborted or the server stops.</exception>
    public async Task<JsonElement> PromptAsync(Action<Utf8JsonWriter> message, Func<JsonElement, string?> validate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = new PendingPrompt(validate);
        lock (_gate)
        {
            if (!Session.IsOpen) throw SocketGone();
            _pending = pending;
        }
        try
        {
            await Session.SendAsync(message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            Take(pending);
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
            throw SocketGone();
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            return await pending.Answer.Task.WaitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (!Take(pending))
                return await pending.Answer.Task.ConfigureAwait(false); // an answer (or the socket's failure) came just now
            cancellationToken.ThrowIfCancellationRequested();
            throw new PromptFailedException(408, $"The prompt of job {JobId} was not answered within {timeout.TotalSeconds:0.###} seconds; the job's changes were rolled back.");
        }
    }

    /// <summary>Handles an answer from the socket; returns an error text when it cannot be taken.</summary>
    internal string? Offer(JsonElement answer, out Action? complete)
    {
        complete = null;
        PendingPrompt pending;
        lock (_gate)
        {
            if (_pending is null) return $"Job {JobId} is not waiting for an answer.";
            if (_pending.Validate(answer) is { } error) return error;
            pending = _pending;
            _pending = null;
        }
        var copy = answer.Clone();
        complete = () => pending.Answer.TrySetResult(copy);
        return null;
    }

    /// <summary>Fails a waiting prompt because the socket closed.</summary>
    internal void Fail()
    {
        PendingPrompt? pending;
        lock (_gate)
        {
            pending = _pending;
            _pending = null;
        }
        pending?.Answer.TrySetException(SocketGone());
    }

    private bool Take(PendingPrompt pending)
    {
        lock (_gate)
        {
            if (_pending != pending) return false;
            _pending = null;
            return true;
        }
    }

    private PromptFailedException SocketGone() =>
        new(409, $"The web socket of job {JobId} closed while the job needed it; the job's changes were rolled back.");
}

/// <summary>One open web socket: its id, its jobs and a send lock.</summary>
internal sealed class SocketSession
{
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, JobChannel> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _closed;

    public SocketSession(string id, WebSocket socket)
    {
        Id = id;
        _socket = socket;
    }

    public string Id { get; }

    public bool IsOpen => !_closed && _socket.State == WebSocketState.Open;

    /// <summary>Adds a job to this socket.</summary>
    public JobChannel AddJob(string jobId)
    {
        var channel = new JobChannel(jobId, this);
        _jobs[jobId] = channel;
        if (_closed) channel.Fail();
        return channel;
    }

    public void RemoveJob(string jobId) => _jobs.TryRemove(jobId, out _);

    /// <summary>Sends one JSON message (sends never overlap).</summary>
    public async Task SendAsync(Action<Utf8JsonWriter> write)
    {
        var bytes = Json.ToBytes(write);
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_socket.State != WebSocketState.Open) throw new WebSocketException(WebSocketError.InvalidState, "The web socket is not open.");
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a job message: <c>{"websocket-id","jobid","type"}</c>.</summary>
    public Task SendJobMessageAsync(string jobId, string type) => SendAsync(w =>
    {
        w.WriteStartObject();
        w.WriteString("websocket-id", Id);
        w.WriteString("jobid", jobId);
        w.WriteString("type", type);
        w.WriteEndObject();
    });

    internal async Task ReceiveLoopAsync(int maxMessageBytes, CancellationToken stopping)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (!stopping.IsCancellationRequested)
        {
            buffer.Clear();
            ValueWebSocketReceiveResult result;
            try
            {
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(4096), stopping).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Bye").ConfigureAwait(false);
                        return;
                    }
                    buffer.Advance(result.Count);
                    if (buffer.WrittenCount > maxMessageBytes)
                    {
                        await CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {maxMessageBytes} bytes.").ConfigureAwait(false);
                        return;
                    }
                }
                while (!result.EndOfMessage);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or System.IO.IOException)
            {
                return;
            }
            await HandleMessageAsync(buffer.WrittenMemory).ConfigureAwait(false);
        }
    }

    private async Task HandleMessageAsync(ReadOnlyMemory<byte> message)
    {
        string? jobId = null;
        string? error;
        Action? complete = null;
        if (!Json.TryParseObject(message, out var document, out var parseError))
        {
            error = "The message is " + parseError + "; answers are {\"jobid\": \"...\", \"button\": n, \"data\": {...}}.";
        }
        else
        {
            using (document)
            {
                var root = document!.RootElement;
                jobId = Json.String(root, "jobid");
                if (jobId is null)
                    error = "The message has no \"jobid\".";
                else if (!_jobs.TryGetValue(jobId, out var channel))
                    error = $"Unknown job '{Schema.ColumnValues.Excerpt(jobId)}' on this web socket.";
                else
                    error = channel.Offer(root, out complete);
            }
        }
        try
        {
            if (error is not null)
            {
                await SendAsync(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("websocket-id", Id);
                    w.WriteString("type", "error");
                    if (jobId is null) w.WriteNull("jobid"); else w.WriteString("jobid", jobId);
                    w.WriteString("message", error);
                    w.WriteEndObject();
                }).ConfigureAwait(false);
            }
            else
            {
                // The answer is acknowledged before the job goes on (and perhaps prompts again).
                await SendJobMessageAsync(jobId!, "end").ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            // The socket is going away; Close fails the jobs.
        }
        finally
        {
            complete?.Invoke();
        }
    }

    private async Task CloseOutputAsync(WebSocketCloseStatus status, string description)
    {
        _closed = true;
        FailJobs();
        try
        {
            await _sendLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await _socket.CloseOutputAsync(status, description, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Marks the socket closed and fails the prompts that wait on it.</summary>
    public void Close(bool abort = false)
    {
        _closed = true;
        FailJobs();
        if (abort) _socket.Abort();
    }

    private void FailJobs()
    {
        foreach (var job in _jobs.Values) job.Fail();
    }
}
