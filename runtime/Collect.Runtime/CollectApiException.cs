using System;

namespace Collect.Runtime;

/// <summary>
/// A Collect! API call failed: the server answered a status other than 200, or a 200 whose body
/// was not the expected JSON. The message names the method, the path (never the query string) and
/// the status, and never holds a request header or token.
/// </summary>
public class CollectApiException : Exception
{
    /// <summary>The most characters <see cref="BodyExcerpt"/> holds.</summary>
    public const int MaxExcerptLength = 200;

    private readonly string? _bodyExcerpt;

    /// <summary>Creates an exception with a message and no status (0).</summary>
    public CollectApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message, no status (0) and the exception that caused it.</summary>
    public CollectApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an answer with the given status.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="statusCode">The HTTP status, or the <c>status</c> of the answer's body when that differs from a 200.</param>
    /// <param name="innerException">The exception that caused it, if any.</param>
    public CollectApiException(string message, int statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status (or the body's <c>status</c> when a 200 carried another); 0 when there was no answer.</summary>
    public int StatusCode { get; }

    /// <summary>The table the request's path named, if any.</summary>
    public string? Table { get; init; }

    /// <summary>The server's <c>message</c>, when its body carried one.</summary>
    public string? ServerMessage { get; init; }

    /// <summary>The start of the answer's body (at most <see cref="MaxExcerptLength"/> characters, white space collapsed), if it had one.</summary>
    public string? BodyExcerpt
    {
        get => _bodyExcerpt;
        init => _bodyExcerpt = Internal.CollectErrors.Shorten(value, MaxExcerptLength);
    }

    /// <summary>The request's method, e.g. <c>GET</c>.</summary>
    public string? Method { get; init; }

    /// <summary>The request's path, without its query string (which may hold filter values).</summary>
    public string? Path { get; init; }
}

/// <summary>The table or row does not exist (HTTP 404).</summary>
public class CollectNotFoundException : CollectApiException
{
    /// <summary>Creates the exception.</summary>
    public CollectNotFoundException(string message, Exception? innerException = null)
        : base(message, 404, innerException)
    {
    }
}

/// <summary>The server refused the request's input: an unknown column, a malformed filter, a wrong type (HTTP 400).</summary>
public class CollectBadRequestException : CollectApiException
{
    /// <summary>Creates the exception.</summary>
    public CollectBadRequestException(string message, Exception? innerException = null)
        : base(message, 400, innerException)
    {
    }
}

/// <summary>The caller is not signed in, its token expired, or it is not authorized for the database (HTTP 401).</summary>
public class CollectAuthenticationException : CollectApiException
{
    /// <summary>Creates the exception.</summary>
    public CollectAuthenticationException(string message, Exception? innerException = null)
        : base(message, 401, innerException)
    {
    }
}

/// <summary>
/// The server does not allow the method on that path (HTTP 405), e.g. a write to a table the API
/// exposes read-only (<c>nx_operator</c>).
/// </summary>
public class CollectMethodNotAllowedException : CollectApiException
{
    /// <summary>Creates the exception.</summary>
    public CollectMethodNotAllowedException(string message, Exception? innerException = null)
        : base(message, 405, innerException)
    {
    }
}

/// <summary>
/// A job failed because one of its prompts went unanswered for too long (HTTP 408); the server
/// rolled the job's changes back.
/// </summary>
public class CollectPromptTimeoutException : CollectApiException
{
    /// <summary>Creates the exception.</summary>
    public CollectPromptTimeoutException(string message, Exception? innerException = null)
        : base(message, 408, innerException)
    {
    }
}

/// <summary>
/// The request conflicts with the server's state (HTTP 409): a job that had to prompt had no usable
/// web socket (or its socket closed while a prompt waited) and its changes were rolled back, or an
/// upload with <c>overwrite: "no"</c> met an existing file of the same name.
/// </summary>
public class CollectConflictException : CollectApiException
{
    /// <summary>Creates the exception.</summary>
    public CollectConflictException(string message, Exception? innerException = null)
        : base(message, 409, innerException)
    {
    }
}
