using System;
using System.Net.WebSockets;

namespace Collect.Runtime.Jobs;

/// <summary>
/// The web-socket side of a job failed: the socket could not be opened, did not send its key
/// message, or broke the message protocol. Subtypes say more: <see cref="CollectSocketClosedException"/>
/// (the socket closed while the job ran) and <see cref="CollectPromptException"/> (a prompt could
/// not be answered). <see cref="CollectApiException.StatusCode"/> is 0: there was no HTTP answer.
/// Messages never hold the socket id or a prompt's data.
/// </summary>
public class CollectSocketException : CollectApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="jobId">The job's id, when the server had started it.</param>
    /// <param name="innerException">The exception that caused it, if any.</param>
    public CollectSocketException(string message, string? jobId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        JobId = jobId;
    }

    /// <summary>The job's id from its <c>start</c> message, or null when the job had not started.</summary>
    public string? JobId { get; }
}

/// <summary>
/// The web socket closed (the server closed it, the connection dropped, or the
/// <see cref="CollectSocket"/> was disposed) while the job ran. The job fails at once, without
/// waiting for its HTTP call, which is cancelled; the next job opens a new socket.
/// </summary>
public class CollectSocketClosedException : CollectSocketException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="jobId">The job's id, when the server had started it.</param>
    /// <param name="closeStatus">The close status the server sent, if it closed the socket properly.</param>
    /// <param name="promptPending">Whether the job had a prompt that was not yet answered and acknowledged.</param>
    /// <param name="innerException">The exception that caused it, if any.</param>
    public CollectSocketClosedException(string message, string? jobId = null, WebSocketCloseStatus? closeStatus = null, bool promptPending = false, Exception? innerException = null)
        : base(message, jobId, innerException)
    {
        CloseStatus = closeStatus;
        PromptPending = promptPending;
    }

    /// <summary>The close status the server sent, or null when the connection dropped or was closed by this side.</summary>
    public WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>
    /// True when the job had a prompt that was not yet answered and acknowledged: the server fails
    /// such a job and rolls its changes back (CONTRACT.md: 409). False when the job was between
    /// prompts or not yet started: the server may still have finished it, so its outcome is unknown.
    /// </summary>
    public bool PromptPending { get; }
}

/// <summary>
/// A prompt could not be answered: no handler was registered for its kind or form, a handler gave
/// an answer the prompt does not allow (a button position out of range, a button value the form
/// does not have), the prompt's subtype is unknown, or its form data could not be read. The job
/// fails and its HTTP call is cancelled.
/// </summary>
public class CollectPromptException : CollectSocketException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="jobId">The job's id.</param>
    /// <param name="subtype">The prompt's <c>subtype</c>.</param>
    /// <param name="formId">The prompt's <c>formid</c>, for form prompts.</param>
    /// <param name="innerException">The exception that caused it, if any.</param>
    public CollectPromptException(string message, string? jobId, string? subtype, string? formId = null, Exception? innerException = null)
        : base(message, jobId, innerException)
    {
        Subtype = subtype;
        FormId = formId;
    }

    /// <summary>The prompt's <c>subtype</c>: <c>button</c>, <c>string</c>, <c>date</c>, <c>form</c> or another the runtime does not know.</summary>
    public string? Subtype { get; }

    /// <summary>The prompt's <c>formid</c>, for form prompts.</summary>
    public string? FormId { get; }
}
