using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collect.Runtime;

/// <summary>
/// The signed-in state of a Collect! client: who is signed in, per database. The
/// <see cref="CollectAuthenticationHandler"/> signs in on first use, so calling
/// <see cref="SignInAsync(CancellationToken)"/> is optional (e.g. to check the credentials at start-up).
/// </summary>
public interface ICollectSession
{
    /// <summary>The database the options select (the <c>x-collect-database</c> value, e.g. <c>cv_demodb</c>), or null for the server's default.</summary>
    string? Database { get; }

    /// <summary>The operator signed in to <see cref="Database"/>, or null before the first sign-in (or after <see cref="SignOut"/>).</summary>
    CollectOperator? Operator { get; }

    /// <summary>The operator signed in to <paramref name="database"/> (<c>demodb</c> or <c>cv_demodb</c>; null for the server's default), or null.</summary>
    CollectOperator? GetOperator(string? database);

    /// <summary>
    /// Signs in to <see cref="Database"/> unless a usable token is at hand; returns the signed-in
    /// operator (null when the server's answer named none).
    /// </summary>
    /// <exception cref="CollectAuthenticationException">The server refused the credentials.</exception>
    Task<CollectOperator?> SignInAsync(CancellationToken cancellationToken = default);

    /// <summary>Signs in to <paramref name="database"/> unless a usable token is at hand; returns the signed-in operator.</summary>
    /// <exception cref="CollectAuthenticationException">The server refused the credentials.</exception>
    Task<CollectOperator?> SignInAsync(string? database, CancellationToken cancellationToken = default);

    /// <summary>Forgets every token; the next request signs in again.</summary>
    void SignOut();
}

/// <summary>
/// Signs in (<c>POST api/v1/auth/login</c>), keeps the tokens per database and renews them:
/// proactively before a JWT's <c>exp</c> (less <see cref="CollectClientOptions.TokenRefreshMargin"/>),
/// and when the server answers 401, through <c>POST api/v1/auth/refresh</c>, signing in again when
/// refreshing fails. Renewals are single-flight per database: concurrent callers that meet the same
/// stale token share one refresh or sign-in, and its outcome (refused credentials are tried once, not
/// once per caller). One instance serves a whole application.
/// </summary>
/// <remarks>
/// Tokens and the password never appear in logs, exception messages or <see cref="ToString"/>.
/// Sign-in requests go through the <see cref="HttpClient"/> given to the constructor, which must not
/// need a token itself (an <see cref="HttpClient"/> with a <see cref="CollectAuthenticationHandler"/>
/// works too: sign-in requests pass it untouched).
/// </remarks>
public sealed class CollectSession : ICollectSession
{
    private readonly Func<HttpClient> _http;
    private readonly Uri _loginAddress;
    private readonly Uri _refreshAddress;
    private readonly string? _database;
    private readonly string? _operatorId;
    private readonly string? _password;
    private readonly Func<CancellationToken, ValueTask<CollectCredentials>>? _credentialsProvider;
    private readonly TimeSpan _refreshMargin;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider? _clock;
    private readonly int _maxResponseBytes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>Creates a session. The options are validated and read once.</summary>
    /// <param name="httpClient">Sends the sign-in and refresh requests. Not disposed by the session.</param>
    /// <param name="options">The addresses, database, credentials, paths and timeouts.</param>
    /// <param name="logger">Logs sign-ins and refreshes (never secrets).</param>
    /// <param name="timeProvider">The clock that decides when a token is due for refresh (default: the system clock).</param>
    /// <exception cref="InvalidOperationException">The options are invalid, or name no credentials.</exception>
    public CollectSession(HttpClient httpClient, CollectClientOptions options, ILogger<CollectSession>? logger = null, TimeProvider? timeProvider = null)
        : this(Fixed(httpClient), options, logger, timeProvider)
    {
    }

    /// <summary>Creates a session whose sign-in requests go through a client from <paramref name="httpClient"/> (e.g. <c>IHttpClientFactory</c>).</summary>
    internal CollectSession(Func<HttpClient> httpClient, CollectClientOptions options, ILogger? logger, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateForSignIn();
        _http = httpClient;
        _loginAddress = options.AuthUri(options.LoginPath);
        _refreshAddress = options.AuthUri(options.RefreshPath);
        _database = options.DatabaseHeaderValue;
        _operatorId = options.OperatorId;
        _password = options.Password;
        _credentialsProvider = options.CredentialsProvider;
        _refreshMargin = options.TokenRefreshMargin;
        _timeout = options.RequestTimeout;
        _clock = options.Clock;
        _maxResponseBytes = options.MaxResponseBytes;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string? Database => _database;

    /// <inheritdoc />
    public CollectOperator? Operator => GetOperator(_database);

    /// <inheritdoc />
    public CollectOperator? GetOperator(string? database) =>
        _slots.TryGetValue(Key(CollectClientOptions.ToHeaderValue(database)), out var slot) ? slot.Current?.Operator : null;

    /// <inheritdoc />
    public Task<CollectOperator?> SignInAsync(CancellationToken cancellationToken = default) =>
        SignInToAsync(_database, cancellationToken);

    /// <inheritdoc />
    public Task<CollectOperator?> SignInAsync(string? database, CancellationToken cancellationToken = default) =>
        SignInToAsync(CollectClientOptions.ToHeaderValue(database), cancellationToken);

    /// <inheritdoc />
    public void SignOut()
    {
        foreach (var slot in _slots.Values)
        {
            lock (slot) slot.Current = null;
        }
    }

    /// <summary>The database and the signed-in operator; never a token.</summary>
    public override string ToString() =>
        $"CollectSession {{ Database = {_database ?? "(default)"}, Operator = {Operator?.Id ?? "(not signed in)"} }}";

    private async Task<CollectOperator?> SignInToAsync(string? database, CancellationToken cancellationToken)
    {
        using var timer = RequestTimer.Start(_timeout, cancellationToken, RequestTimer.DefaultOption, _clock);
        try
        {
            return (await GetTokenAsync(database, timer.Token).ConfigureAwait(false)).Operator;
        }
        catch (OperationCanceledException e) when (timer.Translate(e, cancellationToken, new RequestInfo("POST", _loginAddress.AbsolutePath, null)) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>A usable token for <paramref name="database"/> (a header value, or null): the current one, or a renewed one when it is due.</summary>
    internal ValueTask<TokenSet> GetTokenAsync(string? database, CancellationToken cancellationToken)
    {
        var slot = SlotOf(database);
        var current = slot.Current;
        return current is not null && !IsDue(current)
            ? new ValueTask<TokenSet>(current)
            : new ValueTask<TokenSet>(RenewAsync(slot, database, current, cancellationToken));
    }

    /// <summary>A token to replace <paramref name="rejected"/>, which the server answered 401 to (shared with concurrent callers that met it too).</summary>
    internal Task<TokenSet> RenewRejectedAsync(string? database, TokenSet rejected, CancellationToken cancellationToken) =>
        RenewAsync(SlotOf(database), database, rejected, cancellationToken);

    // Joins the renewal in flight for this database, or starts one. The renewal is shared: its outcome
    // (a token, or the failure) goes to every caller that met the same stale token, so 100 concurrent
    // callers cause one refresh or sign-in, and refused credentials are tried once, not once per caller.
    // It runs under its own time limit, so one caller's cancellation does not fail the others.
    private Task<TokenSet> RenewAsync(Slot slot, string? database, TokenSet? stale, CancellationToken cancellationToken)
    {
        Task<TokenSet> renewal;
        lock (slot)
        {
            // Another caller renewed the token meanwhile: use theirs.
            var current = slot.Current;
            if (current is not null && !ReferenceEquals(current, stale) && !IsDue(current)) return Task.FromResult(current);
            renewal = slot.Renewal ??= StartRenewal(slot, database, current);
        }
        return renewal.WaitAsync(cancellationToken);
    }

    private Task<TokenSet> StartRenewal(Slot slot, string? database, TokenSet? current)
    {
        var renewal = Task.Run(async () =>
        {
            try
            {
                var fresh = await RenewCoreAsync(database, current).ConfigureAwait(false);
                lock (slot)
                {
                    slot.Current = fresh;
                    slot.Renewal = null;
                }
                return fresh;
            }
            catch
            {
                lock (slot) slot.Renewal = null;
                throw;
            }
        });
        // Callers that gave up waiting leave the outcome unobserved; observe it here.
        _ = renewal.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return renewal;
    }

    private async Task<TokenSet> RenewCoreAsync(string? database, TokenSet? current)
    {
        using var timer = RequestTimer.Start(_timeout, CancellationToken.None, RequestTimer.DefaultOption, _clock);
        var step = _refreshAddress;
        try
        {
            TokenSet? fresh = null;
            if (current?.RefreshToken is { } refreshToken)
                fresh = await TryRefreshAsync(database, current, refreshToken, timer.Token).ConfigureAwait(false);
            step = _loginAddress;
            return fresh ?? await SignInCoreAsync(database, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (timer.Translate(e, CancellationToken.None, new RequestInfo("POST", step.AbsolutePath, null)) is { } translated)
        {
            throw translated;
        }
    }

    private async Task<TokenSet> SignInCoreAsync(string? database, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(cancellationToken).ConfigureAwait(false);
        Log.SigningIn(_logger, Name(database), credentials.OperatorId);
        var body = AppJson.Login(credentials);
        LoginAnswer answer;
        try
        {
            answer = await PostAsync(_loginAddress, body, database, [credentials.Password], $"Signing in as operator '{credentials.OperatorId}' to {Name(database)}: ", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The password leaves no copy behind in this buffer.
            CryptographicOperations.ZeroMemory(body);
        }
        var token = Token(answer, answer.Operator);
        Log.SignedIn(_logger, Name(database), answer.Operator?.Id ?? credentials.OperatorId, Expiry(token));
        return token;
    }

    private async Task<TokenSet?> TryRefreshAsync(string? database, TokenSet current, string refreshToken, CancellationToken cancellationToken)
    {
        LoginAnswer answer;
        try
        {
            answer = await PostAsync(_refreshAddress, AppJson.Refresh(refreshToken), database, [refreshToken, current.AccessToken], "Refreshing the token: ", cancellationToken).ConfigureAwait(false);
        }
        catch (CollectApiException e)
        {
            Log.RefreshFailed(_logger, Name(database), e.StatusCode == 0 ? "no usable answer" : $"HTTP {e.StatusCode}");
            return null;
        }
        // A server that does not rotate refresh tokens may leave it out.
        var token = Token(answer with { RefreshToken = answer.RefreshToken ?? refreshToken }, answer.Operator ?? current.Operator);
        Log.Refreshed(_logger, Name(database), Expiry(token));
        return token;
    }

    private async Task<LoginAnswer> PostAsync(Uri address, byte[] body, string? database, string[] secrets, string context, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (database is not null) request.Headers.TryAddWithoutValidation(CollectClientOptions.DatabaseHeaderName, database);
        request.Options.Set(CollectAuthenticationHandler.SignInRequest, true);
        var call = new CollectHttp.Call(new RequestInfo("POST", address.AbsolutePath, null), _maxResponseBytes, _timeout, secrets, context, Clock: _clock);
        return await CollectHttp.SendAsync(_http(), request, call,
            static (ReadOnlySpan<byte> json, out Envelope envelope) => AppJson.ReadLogin(json, out envelope)!,
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CollectCredentials> CredentialsAsync(CancellationToken cancellationToken)
    {
        if (_credentialsProvider is null) return new CollectCredentials(_operatorId!, _password!);
        return await _credentialsProvider(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("CollectClientOptions.CredentialsProvider returned no credentials.");
    }

    private TokenSet Token(LoginAnswer answer, CollectOperator? op)
    {
        var now = _time.GetUtcNow();
        DateTimeOffset? expires = null, refreshAt = null;
        // A token that looks expired on arrival (clocks apart) is renewed only when the server refuses it.
        if (JwtExpiry.TryRead(answer.AccessToken, out var exp) && exp > now)
        {
            var life = exp - now;
            var margin = _refreshMargin < life / 2 ? _refreshMargin : life / 2;
            expires = exp;
            refreshAt = exp - margin;
        }
        return new TokenSet(answer.AccessToken, answer.RefreshToken, op, expires, refreshAt);
    }

    private bool IsDue(TokenSet token) => token.RefreshAt is { } at && _time.GetUtcNow() >= at;

    private Slot SlotOf(string? database) => _slots.GetOrAdd(Key(database), static _ => new Slot());

    private static string Key(string? database) => database ?? "";

    private static string Name(string? database) => database ?? "the default database";

    private static string Expiry(TokenSet token) =>
        token.ExpiresAt is { } at ? "at " + at.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "when the server says so";

    private static Func<HttpClient> Fixed(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return () => httpClient;
    }

    // The tokens of one database; locked while the renewal in flight is looked up or replaced.
    private sealed class Slot
    {
        public volatile TokenSet? Current;
        public Task<TokenSet>? Renewal;
    }
}

/// <summary>The tokens of one sign-in. <see cref="ToString"/> never prints them.</summary>
internal sealed class TokenSet(string accessToken, string? refreshToken, CollectOperator? op, DateTimeOffset? expiresAt, DateTimeOffset? refreshAt)
{
    public string AccessToken { get; } = accessToken;
    public string? RefreshToken { get; } = refreshToken;
    public CollectOperator? Operator { get; } = op;
    public DateTimeOffset? ExpiresAt { get; } = expiresAt;
    public DateTimeOffset? RefreshAt { get; } = refreshAt;

    public override string ToString() => $"TokenSet {{ Operator = {Operator?.Id}, ExpiresAt = {ExpiresAt} }}";
}
