using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Logging;

namespace Collect.DevServer;

/// <summary>The settings of a <see cref="CollectDevServer"/>. Every setting has a default; see <c>docs/devserver.md</c>.</summary>
public sealed class DevServerOptions
{
    /// <summary>The port on the loopback address; 0 picks a free port (the default). The program's default is 4001.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Where the SQLite files (<c>&lt;database&gt;.db</c>) and uploaded files (<c>files/</c>) live. Default:
    /// <c>devserver-data</c> in the current directory. Created when missing; existing data is kept.
    /// </summary>
    public string DataFolder { get; set; } = Path.Combine(Environment.CurrentDirectory, "devserver-data");

    /// <summary>
    /// The folder of <c>*.table.json</c> and <c>*.form.json</c> files (searched recursively). Default: the
    /// shipped schemas copied next to the program (<c>schemas/</c>).
    /// </summary>
    public string SchemaFolder { get; set; } = Path.Combine(AppContext.BaseDirectory, "schemas");

    /// <summary>The folder of contact plan files (<c>*.plan.json</c>). Default: the shipped plans next to the program (<c>plans/</c>).</summary>
    public string PlanFolder { get; set; } = Path.Combine(AppContext.BaseDirectory, "plans");

    /// <summary>The Collect! databases served, each a <c>cv_</c> name. Default: <c>cv_masterdb</c> only.</summary>
    public IList<string> Databases { get; set; } = new List<string> { "cv_masterdb" };

    /// <summary>Tables the API exposes read-only: creates, updates and deletes answer 405. Default: <c>nx_operator</c>.</summary>
    public IList<string> ReadOnlyTables { get; set; } = new List<string> { "nx_operator" };

    /// <summary>How long an access token is valid. Default: 30 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a refresh token is valid (each works once). Default: 8 hours.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How long a web socket prompt waits for its answer before the job fails with 408. Default: 5 minutes;
    /// at most <see cref="MaxPromptTimeout"/>.
    /// </summary>
    public TimeSpan PromptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest <see cref="PromptTimeout"/>: 4,294,967,294 milliseconds (about 49.7 days), the longest timer .NET runs.</summary>
    public static TimeSpan MaxPromptTimeout { get; } = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    /// <summary>
    /// How long a write waits for the database's write lock (SQLite has one writer at a time) before it
    /// answers 503 with <c>Retry-After</c>. Writes take milliseconds, but a contact plan that writes
    /// before a prompt holds the lock until the prompt is answered. Default: 30 seconds.
    /// </summary>
    public TimeSpan WriteWaitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest JSON request body; larger bodies answer 413. Default: 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest upload request (the multipart body with its file); larger ones answer 413. Default: 32 MiB.</summary>
    public long MaxUploadBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The largest web socket message the server reads; a larger one closes the socket. Default: 1 MiB.</summary>
    public int MaxWebSocketMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>The clock for tokens, creation stamps and plan defaults. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The lowest level of log messages written to the console. Default: warnings.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;
}
