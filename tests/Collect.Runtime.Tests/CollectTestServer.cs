using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
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

namespace Collect.Runtime.Tests;

/// <summary>One request as the server saw it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The decoded path below the scope's base address, e.g. <c>api/v1/collect/data/contact</c>.</param>
/// <param name="RawTarget">The request target exactly as it arrived (path and query, still encoded).</param>
/// <param name="RawQuery">The query string exactly as it arrived, with its leading <c>?</c> (or empty).</param>
/// <param name="Query">The query parameters as ASP.NET Core decodes them.</param>
/// <param name="Headers">The request headers (names lower-cased; repeated headers joined with <c>, </c>).</param>
/// <param name="Body">The request body as UTF-8 text.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string RawTarget,
    string RawQuery,
    IReadOnlyDictionary<string, string[]> Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body);

/// <summary>What the server answers.</summary>
public sealed record CannedResponse(int Status, string? Body, string ContentType = "application/json; charset=utf-8")
{
    public static CannedResponse Json(string body, int status = 200) => new(status, body);
}

/// <summary>
/// A test's own corner of the server: its requests go below <see cref="BaseAddress"/>, are answered by
/// its responder and recorded in <see cref="Requests"/>, so tests can run side by side.
/// </summary>
public sealed class TestScope(Uri baseAddress, Func<RecordedRequest, CannedResponse> respond)
{
    public Uri BaseAddress { get; } = baseAddress;
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    internal Func<RecordedRequest, CannedResponse> Respond { get; } = respond;

    /// <summary>The one request the test made.</summary>
    public RecordedRequest Single() => Assert.Single(Requests);
}

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, answering canned Collect!-shaped JSON.</summary>
public sealed class CollectTestServer : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, TestScope> _scopes = new();
    private WebApplication? _app;

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>An HttpClient shared by tests that need no headers of their own.</summary>
    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        Address = new Uri(addresses.Addresses.Single().TrimEnd('/') + "/");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A new scope answered by <paramref name="respond"/> (by default the canned Collect! data endpoints).</summary>
    public TestScope Scope(Func<RecordedRequest, CannedResponse>? respond = null)
    {
        var id = Guid.NewGuid().ToString("N");
        var scope = new TestScope(new Uri(Address, $"t/{id}/"), respond ?? CannedCollect.Respond);
        _scopes[id] = scope;
        return scope;
    }

    /// <summary>A scope and a client for it.</summary>
    public (CollectRecordClient Client, TestScope Scope) Client(
        Func<RecordedRequest, CannedResponse>? respond = null,
        Action<CollectClientOptions>? configure = null,
        HttpClient? http = null)
    {
        var scope = Scope(respond);
        var options = new CollectClientOptions { BaseAddress = scope.BaseAddress };
        configure?.Invoke(options);
        return (new CollectRecordClient(http ?? Http, options), scope);
    }

    private async Task HandleAsync(HttpContext context)
    {
        // Paths are /t/{scope}/{rest}.
        var segments = (context.Request.Path.Value ?? "").Split('/', 4);
        if (segments.Length < 3 || segments[1] != "t" || !_scopes.TryGetValue(segments[2], out var scope))
        {
            context.Response.StatusCode = 418;
            return;
        }

        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync();
        var recorded = new RecordedRequest(
            context.Request.Method,
            segments.Length == 4 ? segments[3] : "",
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.QueryString.Value ?? "",
            context.Request.Query.ToDictionary(p => p.Key, p => p.Value.Select(v => v ?? "").ToArray(), StringComparer.Ordinal),
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
            body);
        scope.Requests.Enqueue(recorded);

        var answer = scope.Respond(recorded);
        context.Response.StatusCode = answer.Status;
        if (answer.Body is null) return;
        context.Response.ContentType = answer.ContentType;
        await context.Response.WriteAsync(answer.Body);
    }
}
