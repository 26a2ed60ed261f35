using System;
using Microsoft.Extensions.Logging;

namespace Collect.Runtime.Internal;

/// <summary>
/// The runtime's log messages, source-generated (no boxing, no reflection). They carry methods,
/// paths without query strings, statuses, durations, database names and operator ids; never a header,
/// a body, a password or a token.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "CollectRequestSending", Level = LogLevel.Debug, Message = "Sending {Method} {Path}")]
    public static partial void Sending(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 2, EventName = "CollectRequestAnswered", Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    public static partial void Answered(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 3, EventName = "CollectRequestFailed", Level = LogLevel.Information, Message = "{Method} {Path} failed after {ElapsedMilliseconds:0.0} ms: {Error}")]
    public static partial void Failed(ILogger logger, string method, string path, double elapsedMilliseconds, string error);

    [LoggerMessage(EventId = 4, EventName = "CollectRequestCanceled", Level = LogLevel.Debug, Message = "{Method} {Path} was canceled after {ElapsedMilliseconds:0.0} ms")]
    public static partial void Canceled(ILogger logger, string method, string path, double elapsedMilliseconds);

    [LoggerMessage(EventId = 10, EventName = "CollectSigningIn", Level = LogLevel.Debug, Message = "Signing in to {Database} as operator {OperatorId}")]
    public static partial void SigningIn(ILogger logger, string database, string operatorId);

    [LoggerMessage(EventId = 11, EventName = "CollectSignedIn", Level = LogLevel.Information, Message = "Signed in to {Database} as operator {OperatorId}; the token expires {Expiry}")]
    public static partial void SignedIn(ILogger logger, string database, string operatorId, string expiry);

    [LoggerMessage(EventId = 12, EventName = "CollectTokenRefreshed", Level = LogLevel.Information, Message = "Refreshed the token for {Database}; it expires {Expiry}")]
    public static partial void Refreshed(ILogger logger, string database, string expiry);

    [LoggerMessage(EventId = 13, EventName = "CollectTokenRefreshFailed", Level = LogLevel.Information, Message = "Refreshing the token for {Database} failed ({Reason}); signing in again")]
    public static partial void RefreshFailed(ILogger logger, string database, string reason);

    [LoggerMessage(EventId = 14, EventName = "CollectTokenRejected", Level = LogLevel.Debug, Message = "{Method} {Path} answered 401; renewing the token for {Database}")]
    public static partial void Rejected(ILogger logger, string method, string path, string database);

    [LoggerMessage(EventId = 15, EventName = "CollectNotRetried", Level = LogLevel.Debug, Message = "{Method} {Path} is not sent again after a 401: its content cannot be replayed")]
    public static partial void NotReplayable(ILogger logger, string method, string path);

    /// <summary>A request's path for logs: never its query string.</summary>
    public static string PathOf(Uri? uri)
    {
        if (uri is null) return "";
        if (uri.IsAbsoluteUri) return uri.AbsolutePath;
        var text = uri.OriginalString;
        var end = text.IndexOfAny(['?', '#']);
        return end < 0 ? text : text[..end];
    }
}
