using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Internal;
using Microsoft.Extensions.Logging;

namespace Collect.Runtime;

/// <summary>
/// Logs each request's method, path (never the query string, which may hold filter values), status
/// and duration: at <see cref="LogLevel.Debug"/> when it is sent, at <see cref="LogLevel.Information"/>
/// when it is answered or fails. Headers and bodies are never logged, so neither are tokens nor passwords.
/// </summary>
public sealed class CollectLoggingHandler : DelegatingHandler
{
    private readonly ILogger _logger;

    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> unless <c>IHttpClientFactory</c> does.</summary>
    public CollectLoggingHandler(ILogger<CollectLoggingHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        var path = Log.PathOf(request.RequestUri);
        var start = Stopwatch.GetTimestamp();
        Log.Sending(_logger, method, path);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Log.Answered(_logger, method, path, (int)response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            return response;
        }
        catch (OperationCanceledException)
        {
            Log.Canceled(_logger, method, path, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            throw;
        }
        catch (Exception e)
        {
            // The exception's type and message; transport messages name hosts, never headers or bodies.
            Log.Failed(_logger, method, path, Stopwatch.GetElapsedTime(start).TotalMilliseconds, e.GetType().Name + ": " + e.Message);
            throw;
        }
    }
}
