using System;
using System.IO;
using System.Net.Http;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collect.Runtime.Jobs;

/// <summary>
/// The Collect! web socket (API.md §11) and the job loop on it. One instance keeps one socket open
/// and carries any number of concurrent jobs, telling their messages apart by <c>jobid</c>.
/// </summary>
/// <remarks>
/// <para>
/// The socket opens lazily on the first job (or <see cref="ConnectAsync"/>) and reads the server's
/// key message, whose socket id each job's HTTP request names as <c>websocket-id</c>. When the
/// socket closes, every job running on it fails at once with a
/// <see cref="CollectSocketClosedException"/>, and the next job opens a new socket (one connect
/// at a time, shared by the jobs that wait for it).
/// </para>
/// <para>
/// A job is associated with its <c>jobid</c> by the server's <c>start</c> message, which carries
/// nothing else to go by. Start messages follow the order in which the server receives requests,
/// which concurrent HTTP calls do not control, so the socket lets one job at a time be "in
/// flight": from just before its request is sent until its <c>start</c> arrives (or its request
/// answers), and that job claims the first unclaimed <c>start</c>. Jobs still run concurrently
/// once started; only the sending of requests is serialized, for about one round trip each.
/// When a request answers successfully before its <c>start</c> has been read (a job with no
/// prompts), the job still waits briefly for that start so that the next job cannot take it. A
/// request that fails without a start frees the socket at once: a server that sent a start for
/// such a request just before failing it would leave that start to the next job.
/// </para>
/// <para>Thread-safe. Dispose it to close the socket; jobs still running then fail.</para>
/// </remarks>
public sealed class CollectSocket : ICollectJobRunner, IAsyncDisposable, IDisposable
{
    // A job whose socket closes before its request was sent tries again on a new socket, this many times in all.
    private const int MaxAttempts = 3;

    /// <summary>How long a job whose HTTP call succeeded before its <c>start</c> arrived still waits for that start.</summary>
    internal static readonly TimeSpan LateStartWait = TimeSpan.FromSeconds(5);

    private readonly CollectSocketOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    // The address without user info or query string, for logs and messages.
    private readonly string _shownAddress;
    private readonly CancellationTokenSource _disposed = new();
    private readonly object _sync = new();
    private SocketConnection? _current;
    private Task<SocketConnection>? _connecting;
    private bool _isDisposed;

    /// <summary>
    /// Creates the socket (it connects on first use). The options are validated and read once;
    /// changing them later does not affect this instance.
    /// </summary>
    /// <param name="options">The socket's address, limits and clock.</param>
    /// <param name="logger">Where connections, closes and ignored messages are logged; never the socket id or prompt data.</param>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public CollectSocket(CollectSocketOptions options, ILogger<CollectSocket>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Address = options.ResolveWebSocketAddress();
        _shownAddress = CollectSocketOptions.Display(Address);
        _options = new CollectSocketOptions
        {
            WebSocketAddress = Address,
            ConnectTimeout = options.ConnectTimeout,
            MaxMessageBytes = options.MaxMessageBytes,
            ConfigureWebSocket = options.ConfigureWebSocket,
            TimeProvider = options.TimeProvider,
        };
        _time = options.TimeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The socket's address, e.g. <c>wss://api.example.com/websocket</c>.</summary>
    public Uri Address { get; }

    /// <summary>The id of the open socket, or null while none is open.</summary>
    public string? SocketId
    {
        get
        {
            lock (_sync) return _current is { IsOpen: true } current ? current.Id : null;
        }
    }

    /// <summary>Opens the socket unless it is open, and returns its id (from the key message).</summary>
    /// <exception cref="CollectSocketException">The socket could not be opened or sent no key message.</exception>
    /// <exception cref="TimeoutException">Opening it took longer than <see cref="CollectSocketOptions.ConnectTimeout"/>.</exception>
    public async Task<string> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        return connection.Id;
    }

    /// <inheritdoc />
    public Task RunJobAsync(Func<string, CancellationToken, Task> sendRequest, CollectPromptHandlers handlers, CollectJobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sendRequest);
        return RunJobAsync(async (id, token) =>
        {
            await sendRequest(id, token).ConfigureAwait(false);
            return true;
        }, handlers, options, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TResult> RunJobAsync<TResult>(Func<string, CancellationToken, Task<TResult>> sendRequest, CollectPromptHandlers handlers, CollectJobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sendRequest);
        ArgumentNullException.ThrowIfNull(handlers);
        options ??= CollectJobOptions.Default;
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _isDisposed), this);

        using var jobTimeout = TaskHelpers.StartTimeout(options.JobTimeout, _time);
        using var job = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, jobTimeout.Token);
        var run = new JobRun<TResult>(this, sendRequest, handlers, options, job.Token);
        try
        {
            return await run.RunAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"The job was cancelled while {run.Stage}.", e, cancellationToken);
        }
        catch (OperationCanceledException e) when (jobTimeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The job did not finish within {options.JobTimeout} (CollectJobOptions.JobTimeout): it was {run.Stage}. Its HTTP call was cancelled.", e);
        }
    }

    /// <summary>Closes the socket; jobs still running on it fail with a <see cref="CollectSocketClosedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        SocketConnection? current;
        Task<SocketConnection>? connecting;
        lock (_sync)
        {
            if (_isDisposed) return;
            _isDisposed = true;
            current = _current;
            connecting = _connecting;
            _current = null;
        }
        _disposed.Cancel();
        if (current is not null) await current.CloseAsync().ConfigureAwait(false);
        if (connecting is not null)
        {
            try
            {
                await connecting.ConfigureAwait(false);
            }
            catch (Exception e) when (e is CollectSocketException or TimeoutException or ObjectDisposedException or OperationCanceledException)
            {
                // Connecting failed or was stopped by the dispose.
            }
        }
    }

    /// <summary>
    /// Closes the socket without waiting (no close handshake); jobs still running on it fail with a
    /// <see cref="CollectSocketClosedException"/>. Prefer <see cref="DisposeAsync"/>.
    /// </summary>
    public void Dispose()
    {
        SocketConnection? current;
        lock (_sync)
        {
            if (_isDisposed) return;
            _isDisposed = true;
            current = _current;
            _current = null;
        }
        _disposed.Cancel();
        current?.Abort();
    }

    /// <summary>The open connection, opening one unless one is open or opening (single-flight).</summary>
    internal Task<SocketConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        Task<SocketConnection> connecting;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_isDisposed, this);
            if (_current is { IsOpen: true } current) return Task.FromResult(current);
            if (_connecting is null || _connecting.IsCompleted)
                _connecting = Task.Run(ConnectCoreAsync, CancellationToken.None);
            connecting = _connecting;
        }
        return connecting.WaitAsync(cancellationToken);
    }

    private async Task<SocketConnection> ConnectCoreAsync()
    {
        using var timeout = TaskHelpers.StartTimeout(_options.ConnectTimeout, _time);
        using var token = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token, timeout.Token);
        JobLog.Connecting(_logger, _shownAddress);
        SocketConnection connection;
        try
        {
            connection = await SocketConnection.OpenAsync(Address, _options, _logger, OnConnectionClosed, token.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(CollectSocket));
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            var error = new TimeoutException($"Could not open the web socket {_shownAddress} and receive its key message within {_options.ConnectTimeout} (CollectSocketOptions.ConnectTimeout).", e);
            JobLog.ConnectFailed(_logger, _shownAddress, error);
            throw error;
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or InvalidOperationException)
        {
            var error = new CollectSocketException($"Could not open the web socket {_shownAddress}: {e.Message}", null, e);
            JobLog.ConnectFailed(_logger, _shownAddress, error);
            throw error;
        }
        catch (CollectSocketException e)
        {
            JobLog.ConnectFailed(_logger, _shownAddress, e);
            throw;
        }

        bool disposed;
        lock (_sync)
        {
            disposed = _isDisposed;
            if (!disposed) _current = connection;
        }
        if (disposed)
        {
            await connection.CloseAsync().ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(CollectSocket));
        }
        JobLog.Connected(_logger, _shownAddress);
        return connection;
    }

    private void OnConnectionClosed(SocketConnection connection)
    {
        lock (_sync)
        {
            if (_current == connection) _current = null;
        }
    }

    internal ILogger Logger => _logger;

    internal TimeProvider Time => _time;

    internal static int Attempts => MaxAttempts;
}
