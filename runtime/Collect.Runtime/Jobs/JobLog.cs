using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Collect.Runtime.Jobs;

/// <summary>
/// The socket's and the job loop's log messages. They name addresses, job ids, message types and
/// button choices, never the socket id (which lets a request reach the socket) or a prompt's data.
/// </summary>
internal static partial class JobLog
{
    [LoggerMessage(1, LogLevel.Debug, "Opening the Collect! web socket {Address}.")]
    public static partial void Connecting(ILogger logger, string address);

    [LoggerMessage(2, LogLevel.Debug, "The Collect! web socket {Address} is open.")]
    public static partial void Connected(ILogger logger, string address);

    [LoggerMessage(3, LogLevel.Warning, "Could not open the Collect! web socket {Address}.")]
    public static partial void ConnectFailed(ILogger logger, string address, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "The Collect! web socket {Address} closed ({Reason}); {Jobs} running job(s) failed.")]
    public static partial void Closed(ILogger logger, string address, string reason, int jobs);

    [LoggerMessage(5, LogLevel.Warning, "Ignored a web socket message that is not a JSON object: {Problem}")]
    public static partial void Malformed(ILogger logger, string problem);

    [LoggerMessage(6, LogLevel.Debug, "Ignored a '{Type}' web socket message for job {JobId}: {Reason}.")]
    public static partial void Ignored(ILogger logger, string? type, string? jobId, string reason);

    [LoggerMessage(7, LogLevel.Warning, "The server reported an error on the web socket for job {JobId}: {Message}")]
    public static partial void ServerError(ILogger logger, string? jobId, string? message);

    [LoggerMessage(8, LogLevel.Debug, "Job {JobId} started.")]
    public static partial void Started(ILogger logger, string jobId);

    [LoggerMessage(9, LogLevel.Debug, "Answered the {Subtype} prompt of job {JobId} with button {Button}.")]
    public static partial void Answered(ILogger logger, string subtype, string jobId, int button);

    [LoggerMessage(10, LogLevel.Debug, "The server acknowledged an answer of job {JobId}.")]
    public static partial void Acknowledged(ILogger logger, string jobId);

    [LoggerMessage(11, LogLevel.Debug, "The HTTP call of a job answered before the server started it on the web socket.")]
    public static partial void NotStarted(ILogger logger);
}

/// <summary>Small task and timeout helpers of the job loop.</summary>
internal static class TaskHelpers
{
    /// <summary>A source cancelled after <paramref name="timeout"/> on <paramref name="time"/>'s clock (never, for an infinite timeout).</summary>
    public static CancellationTokenSource StartTimeout(TimeSpan timeout, TimeProvider time) =>
        timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout, time);

    /// <summary>Observes a task's exception, so a task left behind never reports an unobserved exception.</summary>
    public static void Observe(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Awaits a handler's answer, leaving (and observing) a handler that ignores its cancellation.</summary>
    public static async ValueTask<T> AwaitHandler<T>(ValueTask<T> call, CancellationToken cancellationToken)
    {
        if (call.IsCompletedSuccessfully) return call.Result;
        var task = call.AsTask();
        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!task.IsCompleted)
        {
            Observe(task);
            throw;
        }
    }
}
