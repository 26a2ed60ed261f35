using System;

namespace Collect.DevServer.Http;

/// <summary>A failure the API answers with <c>{"status": code, "message": text}</c>.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int status, string message) : base(message) => Status = status;

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>When set, the answer carries <c>Retry-After</c> with these seconds.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiException BadRequest(string message) => new(400, message);

    public static ApiException Unauthorized(string message) => new(401, message);

    public static ApiException NotFound(string message) => new(404, message);

    public static ApiException MethodNotAllowed(string message) => new(405, message);

    public static ApiException Conflict(string message) => new(409, message);
}
