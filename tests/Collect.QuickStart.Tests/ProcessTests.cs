using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Collect.QuickStart.Tests;

/// <summary>The built sample as a newcomer runs it: a process of its own, with its exit code and output.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task TheBuiltSampleRunsTheTourAndExitsWith0()
    {
        var (exit, output, error) = await RunSampleAsync();
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Equal("", error);
        TourTests.AssertEveryStepPassed(output, TourTests.Steps);
    }

    [Fact]
    public async Task TheBuiltSampleExitsWith2ForBadOptions()
    {
        var (exit, output, _) = await RunSampleAsync("--nope");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown option --nope.", output);
    }

    /// <summary>
    /// Runs <c>dotnet QuickStart.dll</c> from this project's output folder: the project reference
    /// builds the sample and copies it here with its runtimeconfig and deps files (and the dev
    /// server's schemas and plans).
    /// </summary>
    private static async Task<(int Exit, string Output, string Error)> RunSampleAsync(params string[] args)
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "QuickStart.dll");
        Assert.True(File.Exists(sample), $"{sample} is missing");
        Assert.True(File.Exists(Path.ChangeExtension(sample, ".runtimeconfig.json")), "QuickStart.runtimeconfig.json is missing");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(sample);
        foreach (var arg in args) start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(3))) != exited)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The sample did not finish within 3 minutes:\n" + await output);
        }
        await exited;
        return (process.ExitCode, await output, await error);
    }
}
