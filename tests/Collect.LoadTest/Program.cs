using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.LoadTest;

/// <summary><c>dotnet run -c Release --project tests/Collect.LoadTest -- --clients 32 --requests 20000 [--seed N]</c></summary>
internal static class Program
{
    private const string Usage = """
        Usage: Collect.LoadTest [--clients N] [--requests N] [--seed N] [--token-seconds N] [--shared-session]

          --clients N        concurrent clients, each signed in with its own session (default 32)
          --requests N       requests in total, split over the clients (default 20000)
          --seed N           seeds the operation sequences (default 20260314)
          --token-seconds N  the server's access token lifetime (default 30 minutes); a short one
                             makes every client refresh its token under load
          --shared-session   one session (one sign-in, one token) for every client, as the
                             clients of one application share it through dependency injection

        Runs the fixed mix (20% list with filter, 20% get, 20% create, 20% patch, 10% delete,
        10% counts) against the in-process dev server on loopback, then reads every row back.
        Exit codes: 0 with no errors and no lost writes, 1 otherwise, 2 for bad options.
        """;

    private static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        var options = new LoadOptions();
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                int Value() => i + 1 < args.Length
                    ? int.Parse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture)
                    : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--clients": options = options with { Clients = Value() }; break;
                    case "--requests": options = options with { Requests = Value() }; break;
                    case "--seed": options = options with { Seed = Value() }; break;
                    case "--token-seconds": options = options with { AccessTokenLifetime = TimeSpan.FromSeconds(Value()) }; break;
                    case "--shared-session": options = options with { SharedSession = true }; break;
                    case "--help" or "-h":
                        Console.WriteLine(Usage);
                        return 0;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }
            if (options.Clients < 1 || options.Requests < options.Clients) throw new ArgumentException("Run at least one client and one request per client.");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.WriteLine($"Collect! dev server load test: {options.Clients} clients, {options.Requests:N0} requests (seed {options.Seed}"
            + (options.SharedSession ? ", one shared session" : "") + (options.AccessTokenLifetime is { } t ? $", {t.TotalSeconds:N0} s tokens" : "") + ")");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {Configuration}; load average {LoadAverage()}");
        var result = await LoadRun.RunAsync(options, Console.Out, stop.Token);
        Console.WriteLine();
        result.WriteReport(Console.Out);
        return result.Passed ? 0 : 1;
    }

    private static string Configuration =>
#if DEBUG
        "Debug build";
#else
        "Release build";
#endif

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
