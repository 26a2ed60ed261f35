using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Collect.DevServer;
using Collect.Runtime;
using QuickStart;
using Xunit;
using QuickStartProgram = QuickStart.Program;

namespace Collect.QuickStart.Tests;

/// <summary>The tour in-process: against its embedded server, and against a server given by <c>--url</c>.</summary>
public sealed partial class TourTests
{
    /// <summary>The titles of the tour's steps, in order (what a newcomer sees).</summary>
    internal static readonly string[] Steps =
    [
        "Sign in as OWN",
        "List operators",
        "Create a client and three debtors (full business logic)",
        "Read the debtor back",
        "Update the debtor's status",
        "List with a typed filter, sort and page",
        "Create a contact for the debtor",
        "Counts and sub-records",
        "Run contact plan REV over the web socket",
        "Check the plan's contact and the debtor's status",
        "Upload a file to the debtor and download it back",
        "Delete what the tour created",
    ];

    [Fact]
    public async Task TheTourPassesAgainstTheEmbeddedServer()
    {
        using var output = new StringWriter();
        var exit = await QuickStartProgram.RunAsync([], output);
        var text = output.ToString();

        Assert.True(exit == 0, text);
        AssertEveryStepPassed(text, Steps);
        Assert.Contains("Started the embedded dev server at http://127.0.0.1:", text);
        Assert.Contains("✓ sent only {\"de_status\":\"ACT\"}; the status is now ACT", text);
        Assert.Contains("prompt \"Do you want to proceed?\" [Yes, No] → Yes", text);
        Assert.Contains("form Schedule Next Contact: description \"Review file...\" → \"QuickStart: review file 1 with the client\", OK", text);
        Assert.Contains("the debtor's status is REV", text);
        Assert.Contains("downloaded the same 100,000 bytes", text);

        // The temporary data folder is gone.
        var folder = DataFolder().Match(text).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(folder), text);
        Assert.False(Directory.Exists(folder), $"{folder} was left behind");
    }

    [Fact]
    public async Task TheTourPassesAgainstAServerGivenByUrl()
    {
        await using var host = await TestServer.StartAsync();
        using var output = new StringWriter();
        var exit = await QuickStartProgram.RunAsync(["--url", host.Server.BaseAddress.ToString(), "--database", "demodb", "--user", "MGR", "--password", "mgr", "--plan", "REV"], output);
        var text = output.ToString();

        Assert.True(exit == 0, text);
        AssertEveryStepPassed(text, ["Sign in as MGR", .. Steps.Skip(1)]);
        Assert.DoesNotContain("embedded", text);
        Assert.Contains($"Touring the Collect! API at {host.Server.BaseAddress} as MGR in demodb.", text);
        Assert.Contains("signed in as MGR: Manager, level 5", text);
        // It deleted what it created, in the database it was given.
        Assert.Equal((0, 0, 0), await host.CountRowsAsync("cv_demodb"));
    }

    [Fact]
    public async Task TheTourRunsTwiceAgainstTheSameServer()
    {
        await using var host = await TestServer.StartAsync();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var output = new StringWriter();
            var exit = await QuickStartProgram.RunAsync(["--url", host.Server.BaseAddress.ToString()], output);
            Assert.True(exit == 0, output.ToString());
        }
        Assert.Equal((0, 0, 0), await host.CountRowsAsync("cv_masterdb"));
    }

    [Fact]
    public async Task ToursRunConcurrentlyAgainstOneServer()
    {
        // Each tour has its own client, socket and rows: plans, prompts and uploads do not mix.
        await using var host = await TestServer.StartAsync();
        var tours = Enumerable.Range(0, 4).Select(async i =>
        {
            using var output = new StringWriter();
            var exit = await QuickStartProgram.RunAsync(["--url", host.Server.BaseAddress.ToString(), "--user", i % 2 == 0 ? "OWN" : "SYS", "--password", i % 2 == 0 ? "own" : "sys"], output);
            return (exit, text: output.ToString());
        }).ToList();
        foreach (var (exit, text) in await Task.WhenAll(tours))
            Assert.True(exit == 0, text);
        Assert.Equal((0, 0, 0), await host.CountRowsAsync("cv_masterdb"));
    }

    [Fact]
    public async Task WrongCredentialsStopTheTourWithAClearMessage()
    {
        await using var host = await TestServer.StartAsync();
        using var output = new StringWriter();
        var exit = await QuickStartProgram.RunAsync(["--url", host.Server.BaseAddress.ToString(), "--user", "OWN", "--password", "Pa55-not-it"], output);
        var text = output.ToString();

        Assert.Equal(1, exit);
        Assert.Contains(" 1. Sign in as OWN\n    ✗ Signing in as operator 'OWN' to the default database: POST /api/v1/auth/login failed with HTTP 401", text.ReplaceLineEndings("\n"));
        Assert.Contains("✗ The tour stopped at step 1 (Sign in as OWN): ", text);
        Assert.DoesNotContain("Pa55-not-it", text);   // never the password
        AssertNoStackTrace(text);
    }

    [Fact]
    public async Task AFailedStepStopsTheTourAndDeletesWhatItCreated()
    {
        await using var host = await TestServer.StartAsync();
        using var output = new StringWriter();
        var exit = await QuickStartProgram.RunAsync(["--url", host.Server.BaseAddress.ToString(), "--plan", "NOPE"], output);
        var text = output.ToString();

        Assert.Equal(1, exit);
        Assert.Equal(8, Regex.Matches(text, "^    ✓ ", RegexOptions.Multiline).Count);
        Assert.Contains("✗ The tour stopped at step 9 (Run contact plan NOPE over the web socket): POST /api/v1/collect/app/runplan (table debtor) failed with HTTP 404 Not Found: Unknown contact plan 'NOPE'.", text);
        Assert.Contains("Deleted the rows the tour had created.", text);
        Assert.DoesNotContain("10. ", text);
        AssertNoStackTrace(text);
        Assert.Equal((0, 0, 0), await host.CountRowsAsync("cv_masterdb"));
    }

    [Fact]
    public async Task AnUnreachableServerStopsTheTourAtTheFirstStep()
    {
        // A port that was free a moment ago: nothing listens there.
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        using var output = new StringWriter();
        var exit = await QuickStartProgram.RunAsync(["--url", $"http://127.0.0.1:{port}/"], output);
        var text = output.ToString();

        Assert.Equal(1, exit);
        Assert.Contains("✗ The tour stopped at step 1 (Sign in as OWN): the server could not be reached: ", text);
        AssertNoStackTrace(text);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--url")]
    [InlineData("--url", "ftp://example.com/")]
    [InlineData("--url", "not a url")]
    [InlineData("--url", "http://127.0.0.1:4001/", "--user", "OWN")]
    [InlineData("--database", "demodb")]
    [InlineData("--plan", "REV")]
    [InlineData("--url", "http://127.0.0.1:4001/", "--database", "demo db")]
    [InlineData("--url", "http://127.0.0.1:4001/?x=1")]
    public async Task BadOptionsExitWith2AndTheUsage(params string[] args)
    {
        using var output = new StringWriter();
        Assert.Equal(2, await QuickStartProgram.RunAsync(args, output));
        Assert.Contains("Usage: QuickStart [--url URL [--database NAME] [--user ID --password PW] [--plan CODE]]", output.ToString());
        AssertNoStackTrace(output.ToString());
    }

    [Fact]
    public async Task StoppingBeforeTheEmbeddedServerStartsExitsWith1AndAMessage()
    {
        using var output = new StringWriter();
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();

        Assert.Equal(1, await QuickStartProgram.RunAsync([], output, stopped.Token));

        Assert.Contains("✗ Stopped", output.ToString());
        AssertNoStackTrace(output.ToString());
    }

    [Fact]
    public void SettingsNeverPrintThePassword()
    {
        Assert.True(TourSettings.TryParse(["--url", "http://127.0.0.1:4001/", "--user", "SC", "--password", "s3cret"], out var settings, out _));
        Assert.Equal("s3cret", settings.Password);
        Assert.DoesNotContain("s3cret", settings.ToString());
    }

    /// <summary>Every step is numbered in order and followed by its ✓ line; nothing failed.</summary>
    internal static void AssertEveryStepPassed(string text, string[] steps)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var numbered = lines.Select((line, index) => (line, index)).Where(l => StepLine().IsMatch(l.line)).ToList();
        Assert.Equal(steps.Select((title, i) => $"{i + 1,2}. {title}"), numbered.Select(l => l.line));
        foreach (var (line, index) in numbered)
        {
            // The result follows the title, after any detail lines (the plan's prompts).
            var result = lines.Skip(index + 1).First(l => l.StartsWith("    ✓", StringComparison.Ordinal) || l.StartsWith("    ✗", StringComparison.Ordinal));
            Assert.True(result.StartsWith("    ✓ ", StringComparison.Ordinal), $"{line}: {result}");
        }
        Assert.DoesNotContain("✗", text);
        Assert.Contains($"✓ All {steps.Length} steps passed.", text);
        AssertNoStackTrace(text);
    }

    internal static void AssertNoStackTrace(string text)
    {
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
    }

    [GeneratedRegex(@"^\s?\d{1,2}\. ")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"data in (.+?)\)\.", RegexOptions.Multiline)]
    private static partial Regex DataFolder();
}

/// <summary>A dev server started separately (in this process) with a temporary folder, for the <c>--url</c> mode.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly string _folder;

    private TestServer(CollectDevServer server, string folder)
    {
        Server = server;
        _folder = folder;
    }

    public CollectDevServer Server { get; }

    public static async Task<TestServer> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "collect-quickstart-tests-" + Guid.NewGuid().ToString("N"));
        var server = await CollectDevServer.StartAsync(new DevServerOptions { DataFolder = folder, Port = 0, Databases = ["cv_masterdb", "cv_demodb"] });
        return new TestServer(server, folder);
    }

    /// <summary>How many clients, debtors and contacts a database holds (read through the runtime, signed in as OWN).</summary>
    public async Task<(long Clients, long Debtors, long Contacts)> CountRowsAsync(string database)
    {
        var options = new CollectClientOptions { BaseAddress = Server.BaseAddress, Database = database, OperatorId = "OWN", Password = "own" };
        using var authHttp = new HttpClient();
        var session = new CollectSession(authHttp, options);
        using var http = new HttpClient(new CollectAuthenticationHandler(session) { InnerHandler = new SocketsHttpHandler() });
        var db = new CollectDb(new CollectRecordClient(http, options));
        return ((await db.Clients.ListAsync()).NumRecords, (await db.Debtors.ListAsync()).NumRecords, (await db.Contacts.ListAsync()).NumRecords);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
