using System;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Runtime.Jobs;

/// <summary>
/// Runs jobs that prompt over the web socket (contact plans, reports): sends the HTTP request that
/// names the socket and answers the job's prompts until the request answers. Implemented by
/// <see cref="CollectSocket"/>; code that runs jobs can depend on this interface and be tested
/// with a fake.
/// </summary>
public interface ICollectJobRunner
{
    /// <summary>Runs a job whose HTTP call returns nothing (e.g. a contact plan).</summary>
    /// <param name="sendRequest">
    /// Sends the HTTP request with the given socket id (as <c>websocket-id</c>) and completes when
    /// it answers, throwing for a failure (e.g. a <see cref="CollectApiException"/> for 408 or 409).
    /// Its token is cancelled when the job is cancelled, times out or fails.
    /// </param>
    /// <param name="handlers">How the job's prompts are answered.</param>
    /// <param name="options">Timeouts; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the job: answering stops, the HTTP call is cancelled, and the call throws an <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="CollectSocketException">The socket could not be opened, closed while the job ran (<see cref="CollectSocketClosedException"/>), or a prompt could not be answered (<see cref="CollectPromptException"/>).</exception>
    /// <exception cref="TimeoutException">The job, a prompt handler or connecting took longer than allowed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task RunJobAsync(Func<string, CancellationToken, Task> sendRequest, CollectPromptHandlers handlers, CollectJobOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a job whose HTTP call returns a result (e.g. a report's content).</summary>
    /// <param name="sendRequest">
    /// Sends the HTTP request with the given socket id (as <c>websocket-id</c>) and completes when
    /// it answers, throwing for a failure (e.g. a <see cref="CollectApiException"/> for 408 or 409).
    /// Its token is cancelled when the job is cancelled, times out or fails.
    /// </param>
    /// <param name="handlers">How the job's prompts are answered.</param>
    /// <param name="options">Timeouts; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the job: answering stops, the HTTP call is cancelled, and the call throws an <see cref="OperationCanceledException"/>.</param>
    /// <returns>What <paramref name="sendRequest"/> returned.</returns>
    /// <exception cref="CollectSocketException">The socket could not be opened, closed while the job ran (<see cref="CollectSocketClosedException"/>), or a prompt could not be answered (<see cref="CollectPromptException"/>).</exception>
    /// <exception cref="TimeoutException">The job, a prompt handler or connecting took longer than allowed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<TResult> RunJobAsync<TResult>(Func<string, CancellationToken, Task<TResult>> sendRequest, CollectPromptHandlers handlers, CollectJobOptions? options = null, CancellationToken cancellationToken = default);
}
