using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Collect.DevServer.Http;

/// <summary>The middleware and endpoints of the server.</summary>
internal static class Pipeline
{
    public static void Configure(WebApplication app, ServerState state)
    {
        var logger = app.Services.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
            ? factory.CreateLogger("Collect.DevServer")
            : null;
        var stopping = app.Lifetime.ApplicationStopping;

        app.Use((context, next) => GuardAsync(context, next, logger));
        app.UseStatusCodePages(async statusContext =>
        {
            // Route misses (404, 405) and other empty error answers get the API's error body too.
            var context = statusContext.HttpContext;
            var status = context.Response.StatusCode;
            await Json.WriteErrorAsync(context, status, status switch
            {
                404 => $"No endpoint at {context.Request.Path}.",
                405 => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
                _ => "The request failed.",
            }).ConfigureAwait(false);
        });
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        NSwagUi(app);

        app.Map("/websocket", context => WebSocketAsync(context, state, stopping));
        app.MapGet("/", context => context.WebSockets.IsWebSocketRequest ? WebSocketAsync(context, state, stopping) : IndexAsync(context, state));
        app.MapGet("/openapi.json", context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.WriteAsync(state.OpenApiJson);
        });
        AuthEndpoints.Map(app, state);
        DataEndpoints.Map(app, state);
        AppEndpoints.Map(app, state);
    }

    private static void NSwagUi(WebApplication app) =>
        app.UseSwaggerUi(settings =>
        {
            settings.Path = "/swagger";
            settings.DocumentPath = "/openapi.json";
            settings.DocumentTitle = "Collect! dev server";
        });

    private static async Task WebSocketAsync(HttpContext context, ServerState state, System.Threading.CancellationToken stopping)
    {
        if (!context.WebSockets.IsWebSocketRequest)
            throw ApiException.BadRequest("This address takes web socket connections (ws://.../websocket).");
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var linked = System.Threading.CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
        await state.Sockets.RunAsync(socket, linked.Token).ConfigureAwait(false);
    }

    private static Task IndexAsync(HttpContext context, ServerState state) => Json.WriteAsync(context, 200, w =>
    {
        w.WriteStartObject();
        w.WriteNumber("status", 200);
        w.WriteStartObject("result");
        w.WriteString("name", "Collect! dev server");
        w.WriteString("openapi", "/openapi.json");
        w.WriteString("swagger", "/swagger");
        w.WriteString("websocket", "/websocket");
        w.WriteStartArray("databases");
        foreach (var name in state.Databases.Keys) w.WriteStringValue(name);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    // Every failure becomes {"status","message"} with no stack trace.
    private static async Task GuardAsync(HttpContext context, RequestDelegate next, ILogger? logger)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            if (e.Status == 401) context.Response.Headers.WWWAuthenticate = "Bearer";
            if (e.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await FailAsync(context, e.Status, e.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            var message = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body is larger than the server accepts."
                : "The request is malformed: " + e.Message;
            await FailAsync(context, e.StatusCode, message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads an answer.
        }
        catch (Exception e)
        {
            logger?.LogError(e, "Unexpected failure of {Method} {Path}", context.Request.Method, context.Request.Path);
            await FailAsync(context, 500, "The dev server failed to handle the request (see its log).").ConfigureAwait(false);
        }
    }

    private static async Task FailAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        var www = context.Response.Headers.WWWAuthenticate;
        var allow = context.Response.Headers.Allow;
        var retryAfter = context.Response.Headers.RetryAfter;
        context.Response.Clear();
        if (status == 401) context.Response.Headers.WWWAuthenticate = www;
        if (status == 405) context.Response.Headers.Allow = allow;
        if (status == 503 && retryAfter.Count > 0) context.Response.Headers.RetryAfter = retryAfter;
        try
        {
            await Json.WriteErrorAsync(context, status, message).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
