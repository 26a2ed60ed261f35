using System;
using System.Buffers;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Collect.Runtime.Jobs;

/// <summary>
/// One open web socket: its id from the key message, the one receive pump that dispatches messages
/// to jobs by <c>jobid</c>, one send at a time, and the failure of every job on it when it closes.
/// A closed connection is never reused; <see cref="CollectSocket"/> opens a new one.
/// </summary>
internal sealed class SocketConnection
{
    private readonly ClientWebSocket _socket;
    private readonly string _shownAddress;
    private readonly ILogger _logger;
    private readonly int _maxMessageBytes;
    private readonly Action<SocketConnection> _onClosed;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    // Cancelled when the connection closes: ends pending sends and the pump's receive.
    private readonly CancellationTokenSource _lifetime = new();

    private readonly object _sync = new();
    private readonly HashSet<JobState> _jobs = [];
    private readonly Dictionary<string, JobState> _started = new(StringComparer.OrdinalIgnoreCase);
    private JobState? _awaitingStart;
    private CloseInfo? _closed;
    private volatile bool _closing;
    private Task _pump = Task.CompletedTask;

    private SocketConnection(ClientWebSocket socket, Uri address, string id, ILogger logger, int maxMessageBytes, Action<SocketConnection> onClosed)
    {
        _socket = socket;
        _shownAddress = CollectSocketOptions.Display(address);
        Id = id;
        _logger = logger;
        _maxMessageBytes = maxMessageBytes;
        _onClosed = onClosed;
    }

    /// <summary>The socket id from the key message: what HTTP requests name in <c>websocket-id</c>.</summary>
    public string Id { get; }

    /// <summary>Whether the connection is still open.</summary>
    public bool IsOpen => Volatile.Read(ref _closed) is null;

    /// <summary>
    /// Held by a job from just before its HTTP call is sent until its <c>start</c> message arrives
    /// (or the call answers): at most one job per socket waits for a start, so the first unclaimed
    /// start is that job's.
    /// </summary>
    public SemaphoreSlim StartGate { get; } = new(1, 1);

    /// <summary>Opens the socket and reads its key message.</summary>
    public static async Task<SocketConnection> OpenAsync(Uri address, CollectSocketOptions options, ILogger logger, Action<SocketConnection> onClosed, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            options.ConfigureWebSocket?.Invoke(socket.Options);
            await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);

            string id;
            using (var buffer = new MessageBuffer(options.MaxMessageBytes))
            {
                if (!await ReceiveMessageAsync(socket, buffer, cancellationToken).ConfigureAwait(false))
                    throw new CollectSocketException($"The web socket {CollectSocketOptions.Display(address)} closed before sending its key message.");
                id = ReadKey(buffer.Span, address);
            }

            var connection = new SocketConnection(socket, address, id, logger, options.MaxMessageBytes, onClosed);
            connection._pump = Task.Run(connection.PumpAsync, CancellationToken.None);
            return connection;
        }
        catch
        {
            socket.Abort();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Adds a job; it fails when the connection closes.</summary>
    /// <exception cref="CollectSocketClosedException">The connection has closed.</exception>
    public void Register(JobState job)
    {
        lock (_sync)
        {
            if (_closed is { } closed) throw closed.ToException(_shownAddress, job);
            _jobs.Add(job);
        }
    }

    /// <summary>Removes a job: later messages for it are ignored.</summary>
    public void Unregister(JobState job)
    {
        lock (_sync)
        {
            _jobs.Remove(job);
            if (job.JobId is { } id && _started.TryGetValue(id, out var started) && started == job) _started.Remove(id);
            if (_awaitingStart == job) _awaitingStart = null;
        }
    }

    /// <summary>Makes <paramref name="job"/> the one that claims the next <c>start</c> (the caller holds <see cref="StartGate"/>).</summary>
    public void AwaitStart(JobState job)
    {
        lock (_sync)
        {
            if (_closed is { } closed) throw closed.ToException(_shownAddress, job);
            _awaitingStart = job;
        }
    }

    /// <summary>Stops <paramref name="job"/> claiming a <c>start</c>.</summary>
    public void StopAwaitingStart(JobState job)
    {
        lock (_sync)
        {
            if (_awaitingStart == job) _awaitingStart = null;
        }
    }

    /// <summary>
    /// Sends one message. Sends go one at a time; <paramref name="cancellationToken"/> only stops
    /// the wait (cancelling a <see cref="ClientWebSocket"/> send would abort the whole socket, and
    /// with it every other job).
    /// </summary>
    /// <exception cref="CollectSocketClosedException">The socket closed.</exception>
    public async Task SendAsync(ReadOnlyMemory<byte> message, JobState job, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        Task send;
        try
        {
            if (_closed is { } closed) throw closed.ToException(_shownAddress, job);
            send = _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _lifetime.Token).AsTask();
        }
        catch (Exception e) when (e is not CollectSocketException)
        {
            _sendLock.Release();
            throw SendFailed(e, job);
        }
        catch
        {
            _sendLock.Release();
            throw;
        }
        _ = send.ContinueWith(static (_, state) => ((SemaphoreSlim)state!).Release(), _sendLock,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        try
        {
            await send.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            TaskHelpers.Observe(send);
            throw;
        }
        catch (Exception e) when (e is not CollectSocketException)
        {
            throw SendFailed(e, job);
        }
    }

    /// <summary>Closes the connection from this side (the <see cref="CollectSocket"/> is disposed).</summary>
    public async Task CloseAsync()
    {
        _closing = true;
        if (_sendLock.Wait(0))
        {
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Client closed", quick.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The socket is going anyway.
            }
            finally
            {
                _sendLock.Release();
            }
        }
        Close(CloseInfo.Disposed);
        await _pump.ConfigureAwait(false);
    }

    /// <summary>Closes the connection from this side at once, without a close handshake.</summary>
    public void Abort()
    {
        _closing = true;
        Close(CloseInfo.Disposed);
    }

    private CollectSocketClosedException SendFailed(Exception e, JobState job)
    {
        Close(CloseInfo.Lost(e));
        return job.Failure as CollectSocketClosedException ?? Volatile.Read(ref _closed)!.ToException(_shownAddress, job);
    }

    private async Task PumpAsync()
    {
        CloseInfo close;
        using (var buffer = new MessageBuffer(_maxMessageBytes))
        {
            try
            {
                while (await ReceiveMessageAsync(_socket, buffer, _lifetime.Token).ConfigureAwait(false))
                    Dispatch(buffer.Span);
                close = _closing ? CloseInfo.Disposed : CloseInfo.ByServer(_socket.CloseStatus, _socket.CloseStatusDescription);
                if (!_closing) await AnswerCloseAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                close = _closing ? CloseInfo.Disposed : CloseInfo.Lost(e);
            }
        }
        Close(close);
    }

    // Completes the close handshake the server started.
    private async Task AnswerCloseAsync()
    {
        if (!_sendLock.Wait(0)) return;
        try
        {
            if (_socket.State == WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Closed already.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void Close(CloseInfo info)
    {
        JobState[] jobs;
        lock (_sync)
        {
            if (_closed is not null) return;
            Volatile.Write(ref _closed, info);
            jobs = [.. _jobs];
            _jobs.Clear();
            _started.Clear();
            _awaitingStart = null;
        }

        _lifetime.Cancel();
        _socket.Abort();
        _socket.Dispose();
        foreach (var job in jobs) job.Fail(info.ToException(_shownAddress, job));
        JobLog.Closed(_logger, _shownAddress, info.Describe(), jobs.Length);
        _onClosed(this);
    }

    private void Dispatch(ReadOnlySpan<byte> json)
    {
        SocketMessage message;
        try
        {
            message = SocketMessage.Parse(json);
        }
        catch (JsonException e)
        {
            JobLog.Malformed(_logger, e.Message);
            return;
        }

        // API.md §11: the client acts on the messages whose socket id is its own.
        if (message.SocketId is not null && message.SocketId != Id)
        {
            JobLog.Ignored(_logger, message.Type, message.JobId, "it names another socket");
            return;
        }
        if (message.IsType("error") && message.JobId is null)
        {
            JobLog.ServerError(_logger, null, message.Message);
            return;
        }
        if (message.JobId is not { } jobId)
        {
            JobLog.Ignored(_logger, message.Type, null, "it has no jobid");
            return;
        }

        JobState? job;
        bool claimed = false;
        lock (_sync)
        {
            if (message.IsType("start"))
            {
                if (_started.ContainsKey(jobId))
                {
                    job = null;
                }
                else
                {
                    job = _awaitingStart;
                    if (job is not null)
                    {
                        _awaitingStart = null;
                        job.JobId = jobId;
                        _started[jobId] = job;
                        claimed = true;
                    }
                }
            }
            else
            {
                _started.TryGetValue(jobId, out job);
            }
        }

        if (claimed)
        {
            JobLog.Started(_logger, jobId);
            job!.Started.TrySetResult();
            return;
        }
        if (job is null)
        {
            if (message.IsType("error")) JobLog.ServerError(_logger, jobId, message.Message);
            else JobLog.Ignored(_logger, message.Type, jobId, message.IsType("start") ? "no job is waiting for a start" : "no running job has that id");
            return;
        }

        if (message.IsType("prompt")) Interlocked.Increment(ref job.OpenPrompts);
        else if (message.IsType("end")) DecrementToZero(ref job.OpenPrompts);
        job.Messages.Writer.TryWrite(message);
    }

    private static void DecrementToZero(ref int value)
    {
        int current;
        do
        {
            current = Volatile.Read(ref value);
            if (current == 0) return;
        }
        while (Interlocked.CompareExchange(ref value, current - 1, current) != current);
    }

    private static string ReadKey(ReadOnlySpan<byte> json, Uri address)
    {
        SocketMessage key;
        try
        {
            key = SocketMessage.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CollectSocketException($"The first message of the web socket {CollectSocketOptions.Display(address)} is not JSON; expected the key message {{\"type\": \"key\", \"message\": \"<socket id>\"}}.", null, e);
        }
        if (!key.IsType("key") || string.IsNullOrEmpty(key.Message))
            throw new CollectSocketException($"The first message of the web socket {CollectSocketOptions.Display(address)} is a '{key.Type}' message; expected the key message {{\"type\": \"key\", \"message\": \"<socket id>\"}}.");
        return key.Message;
    }

    /// <summary>Receives one whole message (however many frames it spans); false when the server closed the socket.</summary>
    private static async ValueTask<bool> ReceiveMessageAsync(WebSocket socket, MessageBuffer buffer, CancellationToken cancellationToken)
    {
        buffer.Clear();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.FreeSpace(), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return false;
            buffer.Advance(result.Count);
            if (result.EndOfMessage) return true;
        }
    }

    /// <summary>Why a connection closed.</summary>
    private sealed class CloseInfo
    {
        private CloseInfo(string reason, WebSocketCloseStatus? status, Exception? exception)
        {
            Reason = reason;
            Status = status;
            Exception = exception;
        }

        public static CloseInfo Disposed { get; } = new("the CollectSocket was disposed", null, null);

        public string Reason { get; }

        public WebSocketCloseStatus? Status { get; }

        public Exception? Exception { get; }

        public static CloseInfo ByServer(WebSocketCloseStatus? status, string? description) =>
            new(string.IsNullOrWhiteSpace(description)
                ? $"the server closed it ({status?.ToString() ?? "no status"})"
                : $"the server closed it ({status?.ToString() ?? "no status"}: {description})", status, null);

        public static CloseInfo Lost(Exception e) => new($"the connection failed: {e.Message}", null, e);

        public string Describe() => Reason;

        public CollectSocketClosedException ToException(string address, JobState job)
        {
            var jobId = job.JobId;
            var pending = Volatile.Read(ref job.OpenPrompts) > 0;
            var what = jobId is null ? "a job that had not started yet" : $"job {jobId}";
            var outcome = jobId is null
                ? "."
                : pending
                    ? " while a prompt waited for its answer; the server fails such a job and rolls it back."
                    : "; the job was between prompts, so the server may still finish it.";
            return new CollectSocketClosedException(
                $"The web socket {address} closed while running {what}: {Reason}{outcome}",
                jobId, Status, pending, Exception);
        }
    }

    /// <summary>A pooled buffer that grows up to a limit.</summary>
    private sealed class MessageBuffer(int limit) : IDisposable
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(Math.Min(16 * 1024, limit));
        private int _length;

        public ReadOnlySpan<byte> Span => _array.AsSpan(0, _length);

        public void Clear() => _length = 0;

        public Memory<byte> FreeSpace()
        {
            if (_length == _array.Length)
            {
                if (_length >= limit)
                    throw new CollectSocketException($"A web socket message is larger than CollectSocketOptions.MaxMessageBytes ({limit} bytes).");
                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_array.Length * 2, limit));
                _array.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_array);
                _array = larger;
            }
            return _array.AsMemory(_length);
        }

        public void Advance(int count)
        {
            _length += count;
            if (_length > limit)
                throw new CollectSocketException($"A web socket message is larger than CollectSocketOptions.MaxMessageBytes ({limit} bytes).");
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }
    }
}

/// <summary>One job's state on one connection.</summary>
internal sealed class JobState : IDisposable
{
    private Exception? _failure;
    private volatile string? _jobId;

    /// <summary>Prompts received minus <c>end</c> acknowledgements received (never below 0).</summary>
    public int OpenPrompts;

    /// <summary>The job's prompts, <c>end</c>s and errors, in order; written by the pump only.</summary>
    public Channel<SocketMessage> Messages { get; } = Channel.CreateUnbounded<SocketMessage>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Completed when the job's <c>start</c> message arrives.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The <c>jobid</c> from the <c>start</c> message.</summary>
    public string? JobId
    {
        get => _jobId;
        set => _jobId = value;
    }

    /// <summary>Cancelled when the job fails on the socket's side (<see cref="Failure"/> says why).</summary>
    public CancellationTokenSource Aborted { get; } = new();

    /// <summary>Why the socket failed the job, or null.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Fails the job once.</summary>
    public void Fail(Exception exception)
    {
        if (Interlocked.CompareExchange(ref _failure, exception, null) is not null) return;
        try
        {
            Aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job has ended.
        }
    }

    /// <inheritdoc />
    public void Dispose() => Aborted.Dispose();
}
