using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Collect.Codegen.Cli.Tests.Infrastructure;
using Xunit;

namespace Collect.Codegen.Cli.Tests;

/// <summary>Help for every command, and clear one-line errors (exit 2, no stack trace) for bad arguments.</summary>
public sealed class ArgumentTests
{
    public static TheoryData<string> Commands => new() { "validate", "generate", "openapi", "import", "diff", "serve" };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task EveryCommandHasHelp(string command)
    {
        var run = await Tool.RunAsync(command, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Usage:\n  collect-codegen {command}", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task TheRootHelpListsEveryCommand()
    {
        var run = await Tool.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in Commands) Assert.Contains($"  {command}", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "Required command was not provided")]
    [InlineData(new[] { "frobnicate" }, "'frobnicate'")]
    [InlineData(new[] { "validate" }, "Required argument missing")]
    [InlineData(new[] { "validate", "a", "b" }, "'b'")]
    [InlineData(new[] { "validate", ".", "--colour" }, "'--colour'")]
    [InlineData(new[] { "diff", "only-one" }, "Required argument missing")]
    [InlineData(new[] { "import", "--table", "debtor", "-o", "x" }, "--url")]
    [InlineData(new[] { "import", "--url", "http://127.0.0.1:1/", "--table", "debtor", "-o", "x", "--rows", "0" }, "--rows must be at least 1")]
    [InlineData(new[] { "serve", "--port", "many" }, "many")]
    public async Task ParseErrorsExitTwoWithAHint(string[] args, string expected)
    {
        var run = await Tool.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.ErrorMessages(), StringComparison.Ordinal);
        Assert.StartsWith("Run 'collect-codegen", run.ErrorLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFoldersAndBadAddressesAreOneLineErrors()
    {
        using var temp = new TempFolder();
        temp.Write("file.txt", "not a folder");

        var missing = await Tool.RunAsync("validate", temp["missing"]);
        var file = await Tool.RunAsync("generate", temp["file.txt"], "-o", temp["out"]);
        var diff = await Tool.RunAsync("diff", Tool.ShippedSchemas, temp["missing"]);
        var url = await Tool.RunAsync("import", "--url", "ftp://example/", "--table", "debtor", "-o", temp["out"]);
        var noPassword = await Tool.RunAsync("import", "--url", "http://127.0.0.1:1/", "--user", "OWN", "--table", "debtor", "-o", temp["out"]);

        Assert.All(new[] { missing, file, diff, url }, r => Assert.Equal(2, r.ExitCode));
        Assert.Contains($"'{temp["missing"]}' does not exist", missing.ErrorMessages(), StringComparison.Ordinal);
        Assert.Contains("is a file, not a folder", file.ErrorMessages(), StringComparison.Ordinal);
        Assert.Contains("new schema folder", diff.ErrorMessages(), StringComparison.Ordinal);
        Assert.Contains("not an absolute http:// or https:// address", url.ErrorMessages(), StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("COLLECT_PASSWORD") is null)
        {
            Assert.Equal(2, noPassword.ExitCode);
            Assert.Contains("needs a password", noPassword.ErrorMessages(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnreachableServerIsAOneLineError()
    {
        using var temp = new TempFolder();
        // A loopback port nobody listens on.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = await Tool.RunAsync("import", "--url", $"http://127.0.0.1:{port}/", "--user", "OWN", "--password", "own", "--table", "debtor", "-o", temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal));
        run.ErrorMessages();
    }
}
