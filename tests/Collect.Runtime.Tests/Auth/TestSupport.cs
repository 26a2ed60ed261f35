using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Collect.Runtime.Tests.Auth;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>One captured log entry: the formatted message and every structured value.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, string>> Values, string? Exception)
{
    public string AllText => $"{Category} {Message} {string.Join(" ", Values.Select(v => v.Key + "=" + v.Value))} {Exception}";
}

/// <summary>Captures everything logged through it, at every level.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public string AllText => string.Join("\n", Entries.Select(e => e.AllText));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public ILoggerFactory Factory() => LoggerFactory.Create(builder => builder.AddProvider(this).SetMinimumLevel(LogLevel.Trace));

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => new KeyValuePair<string, string>(p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")).ToList()
                : [];
            capture.Entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), values, exception?.ToString()));
        }
    }
}

/// <summary>A client wired by hand to a <see cref="FakeCollect"/>: session, handlers and both API clients.</summary>
public sealed class Connection : IDisposable
{
    private readonly ILoggerFactory _loggers;

    private Connection(FakeCollect fake, Action<CollectClientOptions>? configure, TimeProvider? clock, HttpClient? authHttp, DelegatingHandler? outer)
    {
        Fake = fake;
        Options = new CollectClientOptions
        {
            BaseAddress = fake.BaseAddress,
            OperatorId = FakeCollect.OperatorId,
            Password = FakeCollect.Password,
        };
        configure?.Invoke(Options);
        _loggers = Logs.Factory();
        AuthHttp = authHttp ?? new HttpClient(new CollectLoggingHandler(_loggers.CreateLogger<CollectLoggingHandler>()) { InnerHandler = new SocketsHttpHandler() });
        Session = new CollectSession(AuthHttp, Options, _loggers.CreateLogger<CollectSession>(), clock);
        HttpMessageHandler pipeline = new CollectAuthenticationHandler(Session, _loggers.CreateLogger<CollectAuthenticationHandler>())
        {
            InnerHandler = new CollectLoggingHandler(_loggers.CreateLogger<CollectLoggingHandler>()) { InnerHandler = new SocketsHttpHandler() },
        };
        if (outer is not null)
        {
            outer.InnerHandler = pipeline;
            pipeline = outer;
        }
        Api = new HttpClient(pipeline);
        Records = new CollectRecordClient(Api, Options);
        App = new CollectAppClient(Api, Options);
    }

    public FakeCollect Fake { get; }
    public CollectClientOptions Options { get; }
    public LogCapture Logs { get; } = new();
    public HttpClient AuthHttp { get; }
    public HttpClient Api { get; }
    public CollectSession Session { get; }
    public CollectRecordClient Records { get; }
    public CollectAppClient App { get; }

    /// <param name="outer">A handler in front of the authentication handler (it sees each request before it gets a token).</param>
    public static Connection Open(FakeCollect fake, Action<CollectClientOptions>? configure = null, TimeProvider? clock = null, HttpClient? authHttp = null,
        DelegatingHandler? outer = null) =>
        new(fake, configure, clock, authHttp, outer);

    /// <summary>A record client for another database over the same pipeline and session.</summary>
    public CollectRecordClient RecordsFor(string? database) =>
        new(Api, new CollectClientOptions { BaseAddress = Fake.BaseAddress, Database = database, RequestTimeout = Options.RequestTimeout });

    public void Dispose()
    {
        Api.Dispose();
        AuthHttp.Dispose();
        _loggers.Dispose();
    }
}

/// <summary>
/// Counts requests once the pipeline behind it has taken them as far as it can without waiting (for a
/// token that is being renewed, say), and says when <paramref name="expected"/> requests got there.
/// </summary>
public sealed class WaitingRequests(int expected) : DelegatingHandler
{
    private int _count;

    public TaskCompletionSource AllWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The handlers behind run synchronously up to their first real wait; when this call returns, the
        // request is waiting (or done).
        var sending = base.SendAsync(request, cancellationToken);
        if (Interlocked.Increment(ref _count) == expected) AllWaiting.TrySetResult();
        return sending;
    }
}
