using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Collect.Runtime.Tests.Auth;

/// <summary>One request as the fake server saw it (the body only for small, non-upload requests).</summary>
public sealed record SeenRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port that signs in, refreshes and checks tokens the
/// way CONTRACT.md describes. Each test takes its own <see cref="FakeCollect"/> below its own base
/// address, so test classes can share one server.
/// </summary>
public sealed class FakeCollectServer : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, FakeCollect> _tenants = new();
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = null;
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        Address = new Uri(addresses.Addresses.Single().TrimEnd('/') + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A fresh Collect! server of the test's own.</summary>
    public FakeCollect Tenant()
    {
        var id = Guid.NewGuid().ToString("N");
        var tenant = new FakeCollect(new Uri(Address, $"t/{id}/"));
        _tenants[id] = tenant;
        return tenant;
    }

    private Task HandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Split('/', 4);
        if (segments.Length < 3 || segments[1] != "t" || !_tenants.TryGetValue(segments[2], out var tenant))
        {
            context.Response.StatusCode = 418;
            return Task.CompletedTask;
        }
        return tenant.HandleAsync(context, segments.Length == 4 ? segments[3] : "");
    }
}

/// <summary>One fake Collect! server: operators, databases, tokens, counters and fault switches.</summary>
public sealed class FakeCollect(Uri baseAddress)
{
    public const string OperatorId = "OWN";
    public const string Password = "Pa55-w0rd-S3cret!";
    public const string LoginPath = "api/v1/auth/login";
    public const string RefreshPath = "api/v1/auth/refresh";
    public const string DefaultDatabase = "cv_masterdb";

    private readonly ConcurrentDictionary<string, Issued> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _secrets = new();
    private readonly TaskCompletionSource _rejectionsReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _logins, _loginAttempts, _refreshes, _rejections, _issued;

    public Uri BaseAddress { get; } = baseAddress;
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>Successful sign-ins.</summary>
    public int Logins => Volatile.Read(ref _logins);

    /// <summary>Sign-in requests (successful or not).</summary>
    public int LoginAttempts => Volatile.Read(ref _loginAttempts);

    /// <summary>Refresh requests (successful or not).</summary>
    public int Refreshes => Volatile.Read(ref _refreshes);

    /// <summary>Requests refused with 401 for their token.</summary>
    public int Rejections => Volatile.Read(ref _rejections);

    /// <summary>Every token issued, for tests that check nothing printed one.</summary>
    public IReadOnlyCollection<string> IssuedSecrets => _secrets;

    /// <summary>The databases operators may use.</summary>
    public HashSet<string> Databases { get; } = new(StringComparer.Ordinal) { DefaultDatabase, "cv_demodb" };

    /// <summary>The server's clock (token expiry); default: the system clock.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Issue JWTs living this long; null: opaque tokens that never expire.</summary>
    public TimeSpan? JwtLifetime { get; set; }

    /// <summary>Refuse every refresh with 401.</summary>
    public bool RefreshFails { get; set; }

    /// <summary>Hold refresh answers until this many requests were refused with 401.</summary>
    public int HoldRefreshUntilRejections { get; set; }

    /// <summary>Hold refresh answers until this task completes (at most 20 s).</summary>
    public Task? HoldRefreshUntil { get; set; }

    /// <summary>Runs before anything else; returns true when it answered the request.</summary>
    public Func<HttpContext, string, Task<bool>>? Intercept { get; set; }

    /// <summary>Answers authorized requests outside the data endpoints (the application endpoints).</summary>
    public Func<HttpContext, string, Task>? App { get; set; }

    /// <summary>The requests to paths ending in <paramref name="suffix"/>.</summary>
    public IReadOnlyList<SeenRequest> To(string suffix) => Requests.Where(r => r.Path.EndsWith(suffix, StringComparison.Ordinal)).ToList();

    /// <summary>The paths requested, in order (login and refresh abbreviated), with the status where 401.</summary>
    public IReadOnlyList<string> Paths => Requests.Select(r => r.Path).ToList();

    /// <summary>Makes every access token issued so far invalid (a server-side expiry).</summary>
    public void RevokeAccessTokens()
    {
        foreach (var token in _accessTokens.Keys) _accessTokens[token] = _accessTokens[token] with { Revoked = true };
    }

    internal async Task HandleAsync(HttpContext context, string path)
    {
        var streamed = path.EndsWith("app/upload", StringComparison.Ordinal);
        var body = "";
        if (!streamed)
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
        }
        Requests.Enqueue(new SeenRequest(
            context.Request.Method,
            path,
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
            body));

        if (Intercept is not null && await Intercept(context, path)) return;
        var database = context.Request.Headers["x-collect-database"].FirstOrDefault() ?? DefaultDatabase;

        switch (path)
        {
            case LoginPath:
                await LoginAsync(context, database, body);
                return;
            case RefreshPath:
                await RefreshAsync(context, database, body);
                return;
        }

        if (!Authorized(context, database, out var problem))
        {
            if (Interlocked.Increment(ref _rejections) >= HoldRefreshUntilRejections) _rejectionsReached.TrySetResult();
            await Json(context, 401, JsonText.Object(("status", 401), ("message", problem)));
            return;
        }

        if (path.StartsWith(CannedCollect.DataPath, StringComparison.Ordinal))
        {
            var recorded = new RecordedRequest(context.Request.Method, path, path, context.Request.QueryString.Value ?? "",
                new Dictionary<string, string[]>(), new Dictionary<string, string>(), body);
            var answer = CannedCollect.Respond(recorded);
            context.Response.StatusCode = answer.Status;
            if (answer.Body is not null)
            {
                context.Response.ContentType = answer.ContentType;
                await context.Response.WriteAsync(answer.Body);
            }
            return;
        }

        if (App is not null)
        {
            await App(context, path);
            return;
        }
        await Json(context, 404, JsonText.Object(("status", 404), ("message", "Unknown endpoint " + path)));
    }

    private async Task LoginAsync(HttpContext context, string database, string body)
    {
        Interlocked.Increment(ref _loginAttempts);
        using var document = JsonDocument.Parse(body);
        var id = document.RootElement.TryGetProperty("op_id", out var idValue) ? idValue.GetString() : null;
        var password = document.RootElement.TryGetProperty("op_password", out var passwordValue) ? passwordValue.GetString() : null;
        if (id != OperatorId || password != Password)
        {
            // A careless server that quotes what it was sent.
            await Json(context, 401, JsonText.Object(("status", 401), ("message", $"Invalid password '{password}' for operator {id}")));
            return;
        }
        if (!Databases.Contains(database))
        {
            await Json(context, 401, JsonText.Object(("status", 401), ("message", $"Operator {id} is not authorized for database {database}")));
            return;
        }
        Interlocked.Increment(ref _logins);
        await Json(context, 200, Tokens(database));
    }

    private async Task RefreshAsync(HttpContext context, string database, string body)
    {
        Interlocked.Increment(ref _refreshes);
        if (HoldRefreshUntilRejections > 0) await _rejectionsReached.Task.WaitAsync(TimeSpan.FromSeconds(20));
        if (HoldRefreshUntil is { } hold) await hold.WaitAsync(TimeSpan.FromSeconds(20));
        using var document = JsonDocument.Parse(body);
        var token = document.RootElement.TryGetProperty("refresh_token", out var value) ? value.GetString() : null;
        // Each refresh token works once, and only for its database.
        if (RefreshFails || token is null || !_refreshTokens.TryRemove(token, out var issuedFor) || issuedFor != database)
        {
            await Json(context, 401, JsonText.Object(("status", 401), ("message", "Refresh token rejected")));
            return;
        }
        await Json(context, 200, Tokens(database));
    }

    private string Tokens(string database)
    {
        var number = Interlocked.Increment(ref _issued);
        var now = Clock.GetUtcNow();
        DateTimeOffset? expires = JwtLifetime is { } life ? now + life : null;
        var access = expires is { } exp ? Jwt(database, exp, number) : $"opaque-{number}-{Guid.NewGuid():N}";
        var refresh = $"refresh-{number}-{Guid.NewGuid():N}";
        _accessTokens[access] = new Issued(database, expires, false);
        _refreshTokens[refresh] = database;
        _secrets.Enqueue(access);
        _secrets.Enqueue(refresh);
        return $$$"""
            {"status":200,"result":{"nx_operator":{"op_rowid":"1","op_id":"OWN","op_name":"Owner Of The Company","op_level":10,"op_function":1},
             "access_token":{{{JsonText.String(access)}}},"refresh_token":{{{JsonText.String(refresh)}}}}}
            """;
    }

    private static string Jwt(string database, DateTimeOffset expires, int number)
    {
        static string Part(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Part(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var payload = Part(Encoding.UTF8.GetBytes($$$"""{"sub":"OWN","db":"{{{database}}}","n":{{{number}}},"exp":{{{expires.ToUnixTimeSeconds()}}}}"""));
        return $"{header}.{payload}.{Part(RandomNumberGenerator.GetBytes(24))}";
    }

    private bool Authorized(HttpContext context, string database, out string problem)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            problem = "No token";
            return false;
        }
        var token = header["Bearer ".Length..];
        if (!_accessTokens.TryGetValue(token, out var issued) || issued.Revoked || issued.Expires <= Clock.GetUtcNow())
        {
            problem = "Token expired or invalid";
            return false;
        }
        if (issued.Database != database)
        {
            problem = $"Operator is not authorized for database {database}";
            return false;
        }
        problem = "";
        return true;
    }

    public static Task Json(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body);
    }

    private sealed record Issued(string Database, DateTimeOffset? Expires, bool Revoked);
}
