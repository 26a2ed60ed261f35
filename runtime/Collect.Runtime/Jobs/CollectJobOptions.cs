using System;
using System.Threading;

namespace Collect.Runtime.Jobs;

/// <summary>How long one job run by <see cref="CollectSocket.RunJobAsync{TResult}"/> and its prompts may take.</summary>
public sealed class CollectJobOptions
{
    /// <summary>The options used when a call passes none.</summary>
    internal static readonly CollectJobOptions Default = new();

    /// <summary>
    /// How long a prompt handler may take to answer one prompt (default 5 minutes, the server's own
    /// prompt timeout in CONTRACT.md). A handler that takes longer fails the job with a
    /// <see cref="TimeoutException"/>, and its cancellation token is cancelled.
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.
    /// </summary>
    public TimeSpan PromptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long sending an answer to a prompt and the server's acknowledgement of it (<c>{"type":"end"}</c>)
    /// may take (default 30 seconds; the server acknowledges as soon as it reads the answer). An answer the
    /// server never acknowledges fails the job with a <see cref="TimeoutException"/> naming this option,
    /// and its HTTP call is cancelled. <see cref="Timeout.InfiniteTimeSpan"/> waits for ever (then only
    /// <see cref="JobTimeout"/> applies).
    /// </summary>
    public TimeSpan AnswerTimeout { get; set; } = DefaultAnswerTimeout;

    /// <summary>
    /// How long the whole job may take, from connecting the socket to the HTTP call's answer (default
    /// 30 minutes: room for several prompts answered by a person, each within <see cref="PromptTimeout"/>).
    /// A job that takes longer fails with a <see cref="TimeoutException"/> and its HTTP call is cancelled.
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns the limit off (then only <see cref="PromptTimeout"/>,
    /// <see cref="AnswerTimeout"/> and the HTTP call's own limit, <c>CollectClientOptions.JobRequestTimeout</c>
    /// for the runtime's clients, apply).
    /// </summary>
    public TimeSpan JobTimeout { get; set; } = DefaultJobTimeout;

    /// <summary>The default of <see cref="AnswerTimeout"/>: 30 seconds.</summary>
    public static TimeSpan DefaultAnswerTimeout => TimeSpan.FromSeconds(30);

    /// <summary>The default of <see cref="JobTimeout"/>: 30 minutes.</summary>
    public static TimeSpan DefaultJobTimeout => TimeSpan.FromMinutes(30);

    /// <summary>Checks the options and throws a clear exception for the first problem found.</summary>
    /// <exception cref="InvalidOperationException">An option is invalid.</exception>
    public void Validate()
    {
        Check(nameof(PromptTimeout), PromptTimeout);
        Check(nameof(AnswerTimeout), AnswerTimeout);
        Check(nameof(JobTimeout), JobTimeout);
    }

    private static void Check(string option, TimeSpan value)
    {
        if (value == Timeout.InfiniteTimeSpan) return;
        if (value <= TimeSpan.Zero)
            throw new InvalidOperationException($"CollectJobOptions.{option} must be positive (or Timeout.InfiniteTimeSpan).");
        if (value.TotalMilliseconds > uint.MaxValue - 1)
            throw new InvalidOperationException($"CollectJobOptions.{option} is too long: use Timeout.InfiniteTimeSpan to wait for ever.");
    }
}
