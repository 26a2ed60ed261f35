using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Collect.DevServer.Auth;
using Collect.DevServer.Data;
using Collect.DevServer.Files;
using Collect.DevServer.Http;
using Collect.DevServer.OpenApi;
using Collect.DevServer.Plans;
using Collect.DevServer.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Collect.DevServer;

/// <summary>
/// A local Collect!-compatible REST API server on SQLite, driven by the Collect Codegen schema files.
/// Start one with <see cref="StartAsync"/>; it listens on the loopback address until disposed.
/// </summary>
/// <example>
/// <code>
/// await using var server = await CollectDevServer.StartAsync(new DevServerOptions { DataFolder = folder });
/// var http = new HttpClient { BaseAddress = server.BaseAddress };
/// </code>
/// </example>
public sealed partial class CollectDevServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerState _state;
    private int _disposed;

    private CollectDevServer(WebApplication app, ServerState state, Uri baseAddress)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
        WebSocketAddress = new Uri($"ws://{baseAddress.Authority}/websocket");
    }

    /// <summary>The address the server listens on, e.g. <c>http://127.0.0.1:4001/</c> (with a trailing slash).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The web socket address, <c>ws://127.0.0.1:&lt;port&gt;/websocket</c>.</summary>
    public Uri WebSocketAddress { get; }

    /// <summary>The databases served.</summary>
    public IReadOnlyList<string> Databases => _state.Databases.Keys.ToList();

    /// <summary>The contact plan codes the server runs.</summary>
    public IReadOnlyList<string> Plans => _state.Plans.All.Select(p => p.Code).ToList();

    /// <summary>The SQLite file of a database.</summary>
    /// <exception cref="ArgumentException">The database is not served.</exception>
    public string GetDatabasePath(string database) =>
        _state.Databases.TryGetValue(database, out var db) ? db.Path : throw new ArgumentException($"The database '{database}' is not served.", nameof(database));

    /// <summary>
    /// Reads the schema and plan files, creates or opens one SQLite file per database (seeding the demo
    /// operators and the plans), and starts listening.
    /// </summary>
    /// <exception cref="DevServerConfigurationException">An option is invalid, or a schema or plan file has errors.</exception>
    public static async Task<CollectDevServer> StartAsync(DevServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var schema = ServerSchema.Load(Path.GetFullPath(options.SchemaFolder), options.ReadOnlyTables);
        if (schema.Table("nx_operator") is not { } operators || operators.Column("op_id") is null)
            throw new DevServerConfigurationException("The schema set needs the nx_operator table with an op_id column: sign-in reads it.");
        var plans = PlanCatalog.Load(Path.GetFullPath(options.PlanFolder), schema);

        var dataFolder = Path.GetFullPath(options.DataFolder);
        Directory.CreateDirectory(dataFolder);
        var databases = new Dictionary<string, CollectDatabase>(StringComparer.Ordinal);
        foreach (var name in options.Databases.Distinct(StringComparer.Ordinal))
        {
            var database = new CollectDatabase(name, Path.Combine(dataFolder, name + ".db"), schema, options.WriteWaitTimeout);
            await database.InitializeAsync(PasswordHasher.DemoOperators, plans.All.Select(p => (p.Code, p.Description)), cancellationToken).ConfigureAwait(false);
            databases.Add(name, database);
        }
        var state = new ServerState(options, schema, databases, plans, new FileStore(Path.Combine(dataFolder, "files")), OpenApiDocumentFactory.Build(schema, plans));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(CollectDevServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxUploadBytes, options.MaxRequestBodyBytes);
        });
        var app = builder.Build();
        Pipeline.Configure(app, state);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            foreach (var database in databases.Values) database.ClearPool();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CollectDevServer(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Waits until the server is stopped (Ctrl+C in the program, or <see cref="DisposeAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening, closes the web sockets (their waiting jobs roll back) and releases the database files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _state.Sockets.AbortAll();
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            foreach (var database in _state.Databases.Values) database.ClearPool();
        }
    }

    private static void Validate(DevServerOptions options)
    {
        if (options.Port is < 0 or > 65535) throw new DevServerConfigurationException($"The port {options.Port} is not between 0 and 65535.");
        if (string.IsNullOrWhiteSpace(options.DataFolder)) throw new DevServerConfigurationException("Set a data folder.");
        if (string.IsNullOrWhiteSpace(options.SchemaFolder)) throw new DevServerConfigurationException("Set a schema folder.");
        if (options.Databases is null || options.Databases.Count == 0) throw new DevServerConfigurationException("Serve at least one database.");
        foreach (var name in options.Databases)
            if (name is null || !DatabaseName().IsMatch(name))
                throw new DevServerConfigurationException($"The database name '{name}' is not cv_ followed by letters, digits or underscores.");
        if (options.AccessTokenLifetime <= TimeSpan.Zero || options.RefreshTokenLifetime <= TimeSpan.Zero)
            throw new DevServerConfigurationException("Token lifetimes must be positive.");
        if (options.PromptTimeout <= TimeSpan.Zero) throw new DevServerConfigurationException("The prompt timeout must be positive.");
        if (options.PromptTimeout > DevServerOptions.MaxPromptTimeout)
            throw new DevServerConfigurationException(
                $"The prompt timeout {options.PromptTimeout} is longer than the longest a prompt can wait, {DevServerOptions.MaxPromptTimeout} (about 49.7 days).");
        if (options.WriteWaitTimeout <= TimeSpan.Zero || options.WriteWaitTimeout > TimeSpan.FromMilliseconds(int.MaxValue))
            throw new DevServerConfigurationException($"The write wait timeout {options.WriteWaitTimeout} must be positive and at most {TimeSpan.FromMilliseconds(int.MaxValue)}.");
        if (options.MaxRequestBodyBytes < 1024 || options.MaxUploadBytes < 1024 || options.MaxWebSocketMessageBytes < 1024)
            throw new DevServerConfigurationException("Body and message limits must be at least 1024 bytes.");
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
    }

    [GeneratedRegex("^cv_[A-Za-z0-9_]{1,60}$")]
    private static partial Regex DatabaseName();
}
