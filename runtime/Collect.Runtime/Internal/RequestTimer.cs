using System;
using System.Globalization;
using System.Threading;

namespace Collect.Runtime.Internal;

/// <summary>
/// Bounds one call by <see cref="CollectClientOptions.RequestTimeout"/>: a token that the caller's
/// token or the time limit cancels, and the translation of the time limit's cancellation into a
/// <see cref="TimeoutException"/> (the caller's own cancellation stays an <see cref="OperationCanceledException"/>).
/// </summary>
internal readonly struct RequestTimer : IDisposable
{
    private readonly CancellationTokenSource? _source;
    private readonly CancellationTokenSource? _linked;
    private readonly TimeSpan _timeout;
    private readonly string _option;

    private RequestTimer(CancellationTokenSource? source, CancellationToken token, TimeSpan timeout, string option, CancellationTokenSource? linked = null)
    {
        _source = source;
        _linked = linked;
        Token = token;
        _timeout = timeout;
        _option = option;
    }

    /// <summary>The token to pass on: cancelled by the caller or when the time is up.</summary>
    public CancellationToken Token { get; }

    /// <summary>
    /// Starts the clock; <paramref name="option"/> names the limit in the timeout's message, and
    /// <paramref name="clock"/> (null: the system clock) measures it.
    /// </summary>
    public static RequestTimer Start(TimeSpan timeout, CancellationToken caller, string option = DefaultOption, TimeProvider? clock = null)
    {
        if (timeout == Timeout.InfiniteTimeSpan) return new RequestTimer(null, caller, timeout, option);
        if (clock is not null && clock != TimeProvider.System)
        {
            var timer = new CancellationTokenSource(timeout, clock);
            var linked = caller.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(caller, timer.Token) : null;
            return new RequestTimer(timer, linked?.Token ?? timer.Token, timeout, option, linked);
        }
        var source = caller.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(caller) : new CancellationTokenSource();
        source.CancelAfter(timeout);
        return new RequestTimer(source, source.Token, timeout, option);
    }

    /// <summary>The option that bounds ordinary calls.</summary>
    public const string DefaultOption = "CollectClientOptions." + nameof(CollectClientOptions.RequestTimeout);

    /// <summary>
    /// Whether <paramref name="exception"/> means the time ran out (this timer's, or the
    /// <see cref="System.Net.Http.HttpClient.Timeout"/>) rather than that the caller cancelled.
    /// </summary>
    public bool IsTimeout(OperationCanceledException exception, CancellationToken caller) =>
        !caller.IsCancellationRequested && (_source is { IsCancellationRequested: true } || exception.InnerException is TimeoutException);

    /// <summary>The exception that reports the timeout of <paramref name="request"/>.</summary>
    public TimeoutException Error(RequestInfo request, OperationCanceledException cause)
    {
        var limit = _source is { IsCancellationRequested: true }
            ? $"{_timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({_option})"
            : "the HttpClient's Timeout";
        return new TimeoutException($"{request} did not answer within {limit}.", cause);
    }

    /// <summary>
    /// What <paramref name="exception"/> surfaces as: a <see cref="TimeoutException"/> when the time ran
    /// out, an <see cref="OperationCanceledException"/> carrying the caller's token when the caller
    /// cancelled, or null to rethrow it as it is.
    /// </summary>
    public Exception? Translate(OperationCanceledException exception, CancellationToken caller, RequestInfo request)
    {
        if (IsTimeout(exception, caller)) return Error(request, exception);
        if (caller.IsCancellationRequested && exception.CancellationToken != caller)
            return new OperationCanceledException(exception.Message, exception, caller);
        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _linked?.Dispose();
        _source?.Dispose();
    }
}
