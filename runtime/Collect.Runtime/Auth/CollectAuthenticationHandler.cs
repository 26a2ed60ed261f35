using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collect.Runtime;

/// <summary>
/// Adds <c>Authorization: Bearer &lt;access token&gt;</c> to every request, signing in through a
/// <see cref="CollectSession"/> on first use and renewing the token before it expires. When the server
/// answers 401, the token is renewed once (refresh, or sign-in again when refresh fails) and a
/// replayable request is sent once more; a request whose content cannot be replayed (a large or
/// streamed body) is not, and its 401 answer is returned.
/// </summary>
/// <remarks>
/// The token is the one for the request's <c>x-collect-database</c> header; a request without that
/// header gets the session's database (if any). Requests that already carry an <c>Authorization</c>
/// header of their own pass untouched, and so do the session's own sign-in requests. Request contents
/// of up to <see cref="MaxReplayBufferBytes"/> bytes are buffered so they can be sent again.
/// </remarks>
public sealed class CollectAuthenticationHandler : DelegatingHandler
{
    /// <summary>The largest request content buffered so that it can be sent again after a 401.</summary>
    public const long MaxReplayBufferBytes = 64 * 1024;

    /// <summary>Marks the session's sign-in and refresh requests, which need no token.</summary>
    internal static readonly HttpRequestOptionsKey<bool> SignInRequest = new("Collect.Runtime.SignInRequest");

    // Marks a request this handler authorized (so that a retry by an outer handler gets a current token).
    private static readonly HttpRequestOptionsKey<bool> Authorized = new("Collect.Runtime.Authorized");

    private readonly CollectSession _session;
    private readonly ILogger _logger;

    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> unless <c>IHttpClientFactory</c> does.</summary>
    /// <param name="session">Signs in and keeps the tokens; share one per application.</param>
    /// <param name="logger">Logs renewals after a 401 (never tokens).</param>
    public CollectAuthenticationHandler(CollectSession session, ILogger<CollectAuthenticationHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(SignInRequest, out var signIn) && signIn
            || request.Headers.Authorization is not null && !(request.Options.TryGetValue(Authorized, out var ours) && ours))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var database = DatabaseOf(request);
        var replayable = await TryMakeReplayableAsync(request.Content, cancellationToken).ConfigureAwait(false);
        var token = await _session.GetTokenAsync(database, cancellationToken).ConfigureAwait(false);
        Authorize(request, token);

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

        var path = Log.PathOf(request.RequestUri);
        Log.Rejected(_logger, request.Method.Method, path, database ?? "the default database");
        TokenSet fresh;
        try
        {
            fresh = await _session.RenewRejectedAsync(database, token, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        if (!replayable)
        {
            Log.NotReplayable(_logger, request.Method.Method, path);
            return response;
        }

        response.Dispose();
        Authorize(request, fresh);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void Authorize(HttpRequestMessage request, TokenSet token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        request.Options.Set(Authorized, true);
        // An answer may quote either token (a server echoing its session); neither may reach an exception.
        CollectHttp.AddRequestSecrets(request, token.AccessToken, token.RefreshToken);
    }

    // The request's database header value, or the session's (then added to the request).
    private string? DatabaseOf(HttpRequestMessage request)
    {
        if (request.Headers.TryGetValues(CollectClientOptions.DatabaseHeaderName, out var values))
        {
            foreach (var value in values)
                return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
        if (_session.Database is { } database)
            request.Headers.TryAddWithoutValidation(CollectClientOptions.DatabaseHeaderName, database);
        return _session.Database;
    }

    // Whether the content can be sent again: none, already in memory, or small enough to buffer now.
    private static async ValueTask<bool> TryMakeReplayableAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case null:
            case ByteArrayContent: // and StringContent, FormUrlEncodedContent
            case ReadOnlyMemoryContent:
                return true;
        }
        if (content.Headers.ContentLength is not { } length || length > MaxReplayBufferBytes) return false;
#if NET9_0_OR_GREATER
        await content.LoadIntoBufferAsync(MaxReplayBufferBytes, cancellationToken).ConfigureAwait(false);
#else
        cancellationToken.ThrowIfCancellationRequested();
        await content.LoadIntoBufferAsync(MaxReplayBufferBytes).ConfigureAwait(false);
#endif
        return true;
    }
}
