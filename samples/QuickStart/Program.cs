using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Collect.DevServer;
using Collect.Runtime;
using Collect.Runtime.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QuickStart;

/// <summary>
/// The QuickStart tour. <c>dotnet run --project samples/QuickStart</c> starts the embedded dev server
/// and tours the API against it; <c>dotnet run --project samples/QuickStart -- --url http://host:port/</c>
/// tours another server. The tour itself is in <see cref="Tour"/>.
/// </summary>
public static class Program
{
    private const string Usage = """
        Usage: QuickStart [--url URL [--database NAME] [--user ID --password PW] [--plan CODE]]

          (no options)       start the embedded dev server on a free loopback port and tour it
          --url URL          tour the Collect! REST API at URL instead, e.g. http://127.0.0.1:4001/
          --database NAME    the database (x-collect-database), e.g. demodb; default: the server's own
          --user ID          the operator to sign in as (default OWN)
          --password PW      the operator's password (default own)
          --plan CODE        the contact plan to run on the debtor (default REV)

        Exit codes: 0 when every step passed, 1 when one failed, 2 for bad options.
        """;

    /// <summary>The program's entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;   // ✓ and ✗ on consoles whose default is a code page
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;                      // stop the tour, clean up, and exit 1
            stop.Cancel();
        };
        return await RunAsync(args, Console.Out, stop.Token);
    }

    /// <summary>Runs the program as <see cref="Main"/> does, writing to <paramref name="output"/> (tests call this).</summary>
    /// <returns>0 when every step passed, 1 when one failed (or the server did not start), 2 for bad options.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        output = TextWriter.Synchronized(output);   // prompt handlers write from the socket's thread
        if (!TourSettings.TryParse(args, out var settings, out var error))
        {
            output.WriteLine(error);
            output.WriteLine(Usage);
            return 2;
        }
        if (settings.Help)
        {
            output.WriteLine(Usage);
            return 0;
        }
        if (settings.Url is not null) return await TourAsync(settings, output, cancellationToken);

        // No --url: run the dev server in this process, on a free loopback port, with a data folder
        // that exists only for this run. It serves cv_demodb, the database the Collect! docs use.
        var dataFolder = Path.Combine(Path.GetTempPath(), "collect-quickstart-" + Guid.NewGuid().ToString("N"));
        try
        {
            CollectDevServer server;
            try
            {
                server = await CollectDevServer.StartAsync(new DevServerOptions
                {
                    DataFolder = dataFolder,
                    Port = 0,
                    Databases = ["cv_demodb"],
                    MinimumLogLevel = LogLevel.None,   // the tour's lines are the only output
                }, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                output.WriteLine("✗ Stopped before the embedded dev server had started.");
                return 1;
            }
            catch (Exception e)
            {
                output.WriteLine($"✗ The embedded dev server did not start: {Tour.Describe(e)}");
                return 1;
            }
            await using (server)
            {
                output.WriteLine($"Started the embedded dev server at {server.BaseAddress} (database cv_demodb, data in {dataFolder}).");
                return await TourAsync(settings with { Url = server.BaseAddress, Database = "demodb" }, output, cancellationToken);
            }
        }
        finally
        {
            DeleteFolder(dataFolder);
        }
    }

    /// <summary>Wires the client as an application would (dependency injection) and runs the tour.</summary>
    private static async Task<int> TourAsync(TourSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging();   // the runtime logs through ILogger (never secrets); no provider here, so nothing is printed
        services.AddCollectClient(options =>
        {
            options.BaseAddress = settings.Url;
            options.Database = settings.Database;   // demodb → x-collect-database: cv_demodb
            options.OperatorId = settings.User;
            options.Password = settings.Password;   // a real application reads it from configuration or a secret store
        });
        services.AddCollectDb<CollectDb>();          // the entry point the generator made from schemas/*.table.json
        services.AddCollectSocket();                 // the web socket that answers a contact plan's prompts

        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var tour = new Tour(
            provider.GetRequiredService<CollectDb>(),
            provider.GetRequiredService<ICollectAppApi>(),
            provider.GetRequiredService<ICollectJobRunner>(),
            provider.GetRequiredService<ICollectSession>(),
            settings,
            output);
        return await tour.RunAsync(cancellationToken) ? 0 : 1;
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover folder in the temp directory is harmless.
        }
    }
}

/// <summary>What the tour runs against: the command-line options.</summary>
public sealed record TourSettings
{
    /// <summary>The API's address; null until <c>--url</c> is given or the embedded server has started.</summary>
    public Uri? Url { get; init; }

    /// <summary>The database (<c>--database</c>), or null for the server's default.</summary>
    public string? Database { get; init; }

    /// <summary>The operator to sign in as (<c>--user</c>).</summary>
    public string User { get; init; } = "OWN";

    /// <summary>The operator's password (<c>--password</c>).</summary>
    public string Password { get; init; } = "own";

    /// <summary>The contact plan run on the debtor (<c>--plan</c>).</summary>
    public string Plan { get; init; } = "REV";

    /// <summary>Whether <c>--help</c> was given.</summary>
    public bool Help { get; init; }

    /// <summary>Reads the command line; false (with a message) for bad options.</summary>
    public static bool TryParse(string[] args, out TourSettings settings, out string? error)
    {
        settings = new TourSettings();
        error = null;
        string? user = null, password = null;
        var needsUrl = false;
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            if (option is "--help" or "-h" or "-?")
            {
                settings = settings with { Help = true };
                continue;
            }
            if (option is not ("--url" or "--database" or "--user" or "--password" or "--plan"))
            {
                error = $"Unknown option {option}.";
                return false;
            }
            if (i + 1 >= args.Length || string.IsNullOrWhiteSpace(args[i + 1]))
            {
                error = $"{option} needs a value.";
                return false;
            }
            var value = args[++i];
            needsUrl |= option != "--url";
            switch (option)
            {
                case "--url":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    {
                        error = $"--url needs an absolute http or https address, not '{value}'.";
                        return false;
                    }
                    settings = settings with { Url = url };
                    break;
                case "--database": settings = settings with { Database = value }; break;
                case "--user": user = value; break;
                case "--password": password = value; break;
                case "--plan": settings = settings with { Plan = value }; break;
            }
        }
        if ((user is null) != (password is null))
        {
            error = "Give --user and --password together.";
            return false;
        }
        if (user is not null) settings = settings with { User = user, Password = password! };
        if (needsUrl && settings.Url is null)
        {
            error = "--database, --user, --password and --plan go with --url (the embedded server uses cv_demodb, OWN/own and plan REV).";
            return false;
        }
        if (settings.Url is not null)
        {
            // The runtime's own checks, so that a bad address or database is a message here, not an exception later.
            try
            {
                new CollectClientOptions { BaseAddress = settings.Url, Database = settings.Database, OperatorId = settings.User, Password = settings.Password }.Validate();
                new CollectSocketOptions { BaseAddress = settings.Url }.Validate();
            }
            catch (InvalidOperationException e)
            {
                error = e.Message;
                return false;
            }
        }
        return true;
    }

    /// <summary>The settings without the password.</summary>
    public override string ToString() => $"TourSettings {{ Url = {Url}, Database = {Database}, User = {User}, Plan = {Plan} }}";
}
