using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Collect.DevServer;

/// <summary>The dev server as a program: <c>dotnet run --project devserver/Collect.DevServer -- [options]</c>.</summary>
internal static class Program
{
    private const string Usage = """
        Collect! dev server: a local Collect!-compatible REST API on SQLite.

        Usage: Collect.DevServer [options]
          --port <n>              port on 127.0.0.1 (default 4001; 0 picks a free one)
          --data <folder>         SQLite files and uploads (default ./devserver-data)
          --schemas <folder>      *.table.json / *.form.json files (default: the shipped schemas)
          --plans <folder>        *.plan.json contact plans (default: the shipped plans)
          --databases <a,b>       databases to serve (default cv_masterdb)
          --prompt-timeout <s>    seconds a web socket prompt waits (default 300)
          --write-wait <s>        seconds a write waits for the database's write lock, then 503 (default 30)
          --token-minutes <n>     access token lifetime in minutes (default 30)
          --verbose               log requests
          --help                  this text

        Sign in as OWN/own, SYS/sys, MGR/mgr or SC/sc. See docs/devserver.md.
        """;

    private static Task<int> Main(string[] args) => Run(args);

    /// <summary>Runs the program: 0 after a clean stop, 1 when the server cannot start, 2 for bad options.</summary>
    internal static async Task<int> Run(string[] args)
    {
        var options = new DevServerOptions { Port = 4001 };
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--help" or "-h" or "-?":
                        Console.WriteLine(Usage);
                        return 0;
                    case "--port": options.Port = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture); break;
                    case "--data": options.DataFolder = Path.GetFullPath(Value()); break;
                    case "--schemas": options.SchemaFolder = Path.GetFullPath(Value()); break;
                    case "--plans": options.PlanFolder = Path.GetFullPath(Value()); break;
                    case "--databases":
                        options.Databases = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                        break;
                    case "--prompt-timeout": options.PromptTimeout = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                    case "--write-wait": options.WriteWaitTimeout = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                    case "--token-minutes": options.AccessTokenLifetime = TimeSpan.FromMinutes(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                    case "--verbose": options.MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Information; break;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        CollectDevServer server;
        try
        {
            server = await CollectDevServer.StartAsync(options).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("The dev server did not start: " + e.Message);
            return 1;
        }
        await using (server.ConfigureAwait(false))
        {
            Console.WriteLine($"Collect! dev server listening on {server.BaseAddress}");
            Console.WriteLine($"  databases: {string.Join(", ", server.Databases)}; data: {options.DataFolder}");
            Console.WriteLine($"  web socket: {server.WebSocketAddress}; OpenAPI: {server.BaseAddress}openapi.json; Swagger UI: {server.BaseAddress}swagger");
            Console.WriteLine("  sign in as OWN/own, SYS/sys, MGR/mgr or SC/sc. Press Ctrl+C to stop.");
            await server.WaitForShutdownAsync().ConfigureAwait(false);
        }
        return 0;
    }
}
