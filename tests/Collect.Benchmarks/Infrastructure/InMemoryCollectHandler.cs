using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Collect.Benchmarks.Inputs;

namespace Collect.Benchmarks.Infrastructure;

/// <summary>
/// The record benchmarks' server: canned answers (<see cref="CannedDebtors"/>) with no network, the
/// same work for every client. <c>.../debtor</c> answers the list, <c>.../debtor/{id}</c> the row,
/// <c>.../auth/login</c> a token. With <see cref="Record"/> set it keeps the last request's line and
/// headers, so the set-up can check that every client sends the same request.
/// </summary>
public sealed class InMemoryCollectHandler : HttpMessageHandler
{
    /// <summary>Whether to keep <see cref="LastRequest"/> (off while measuring).</summary>
    public bool Record { get; set; }

    /// <summary>The last request: method, path and query, Authorization and database headers.</summary>
    public string? LastRequest { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (Record) LastRequest = Describe(request);
        var path = uri.AbsolutePath;
        var body = path.EndsWith("/debtor", StringComparison.Ordinal) ? CannedDebtors.List
            : path.EndsWith("/auth/login", StringComparison.Ordinal) ? CannedDebtors.Login
            : CannedDebtors.Single;
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }

    private static string Describe(HttpRequestMessage request)
    {
        static string Values(HttpRequestMessage request, string name) =>
            request.Headers.TryGetValues(name, out var values) ? string.Join("|", values) : "(none)";
        return $"{request.Method} {request.RequestUri!.PathAndQuery}; Authorization: {Values(request, "Authorization")}; " +
               $"x-collect-database: {Values(request, "x-collect-database")}; Accept: {(request.Headers.Accept.Count > 0 ? string.Join("|", request.Headers.Accept.Select(a => a.ToString())) : "(none)")}";
    }
}
