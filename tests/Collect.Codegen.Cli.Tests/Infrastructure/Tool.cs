using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Collect.Codegen.Cli.Tests.Infrastructure;

/// <summary>What one run of the tool did: its exit code and everything it wrote.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> OutputLines => Lines(Output);

    public IReadOnlyList<string> ErrorLines => Lines(Error);

    /// <summary>Asserts <c>error: ...</c> lines (one per problem) and no stack trace, and returns them.</summary>
    public string ErrorMessages()
    {
        var lines = ErrorLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 1, "Expected an error line, got: " + Error);
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", Error, StringComparison.Ordinal);
        return string.Join("\n", lines);
    }

    private static List<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}

/// <summary>Runs the tool in-process, as the program would, with captured output.</summary>
public static class Tool
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CodegenCli.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The shipped schemas next to the tests.</summary>
    public static string ShippedSchemas => Path.Combine(AppContext.BaseDirectory, "shipped-schemas");
}

/// <summary>A fresh folder under the temp directory, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "collect-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>A copy of the shipped schemas in a subfolder.</summary>
    public string CopyShippedSchemas(string name = "schemas")
    {
        var target = this[name];
        foreach (var file in Directory.EnumerateFiles(Tool.ShippedSchemas, "*.json", SearchOption.AllDirectories))
        {
            var to = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(Tool.ShippedSchemas, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    public string Write(string relative, string text)
    {
        var path = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temp folder is cleaned some other day.
        }
    }
}

/// <summary>A writer other threads can watch: waits for a line to appear.</summary>
public sealed class WatchedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly object _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate) _text.Append(value);
    }

    public override void Write(string? value)
    {
        lock (_gate) _text.Append(value);
    }

    public override string ToString()
    {
        lock (_gate) return _text.ToString();
    }

    /// <summary>Waits until the text contains <paramref name="fragment"/>, or fails after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(string fragment, TimeSpan timeout, Task? failsFirst = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!ToString().Contains(fragment, StringComparison.Ordinal))
        {
            if (failsFirst is { IsCompleted: true }) Assert.Fail($"The command ended before writing '{fragment}': {ToString()}");
            if (cancel.IsCancellationRequested) Assert.Fail($"Timed out waiting for '{fragment}' in: {ToString()}");
            await Task.Delay(50);
        }
        return ToString();
    }
}
