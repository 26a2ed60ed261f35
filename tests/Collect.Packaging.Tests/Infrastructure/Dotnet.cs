using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Packaging.Tests.Infrastructure;

/// <summary>What a process did.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Output, TimeSpan Duration)
{
    public IReadOnlyList<string> Lines => Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

    public override string ToString() => $"{Command} exited {ExitCode} after {Duration.TotalSeconds:0.0} s:\n{Output}";
}

/// <summary>
/// Runs <c>dotnet</c> and other programs as a user would from a shell, with a clean MSBuild
/// environment (no variables leaking from the test host's own build), no compiler server and no
/// node reuse, so nothing outlives the test.
/// </summary>
public static class Dotnet
{
    private static readonly string[] LeakingVariables =
    [
        "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly",
        "MSBUILDNOINPROCNODE", "VSTEST_HOST_DEBUG", "VSTEST_RUNNER_DEBUG", "DOTNET_HOST_PATH",
    ];

    public static Task<ProcessResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, params string[] args) =>
        RunProgramAsync("dotnet", workingDirectory, environment, timeout, args);

    public static async Task<ProcessResult> RunProgramAsync(string program, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, params string[] args)
    {
        var start = StartInfo(program, workingDirectory, environment, args);
        var output = new StringBuilder();
        var gate = new object();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) output.AppendLine(e.Data); };
        var watch = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout}:\n{output}");
        }
        process.WaitForExit(); // drains the output handlers
        lock (gate) return new ProcessResult($"{Path.GetFileName(program)} {string.Join(' ', args)}", process.ExitCode, output.ToString(), watch.Elapsed);
    }

    /// <summary>Starts a long-running program (a server) whose output is watched while it runs.</summary>
    public static RunningProgram StartProgram(string program, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        new(StartInfo(program, workingDirectory, environment, args), $"{Path.GetFileName(program)} {string.Join(' ', args)}");

    private static ProcessStartInfo StartInfo(string program, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in LeakingVariables) start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["NUGET_XMLDOC_MODE"] = "skip";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        return start;
    }
}
