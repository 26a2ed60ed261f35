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
    /// How long the whole job may take, from connecting the socket to the HTTP call's answer
    /// (default <see cref="Timeout.InfiniteTimeSpan"/>: only <see cref="PromptTimeout"/> and the HTTP call's
    /// own limit, <c>CollectClientOptions.JobRequestTimeout</c> for the runtime's clients, apply).
    /// A job that takes longer, e.g. because the server never acknowledges an answer, fails with a
    /// <see cref="TimeoutException"/> and its HTTP call is cancelled.
    /// </summary>
    public TimeSpan JobTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Checks the options and throws a clear exception for the first problem found.</summary>
    /// <exception cref="InvalidOperationException">An option is invalid.</exception>
    public void Validate()
    {
        Check(nameof(PromptTimeout), PromptTimeout);
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
