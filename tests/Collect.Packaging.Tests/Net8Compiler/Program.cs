using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Microsoft.CodeAnalysis.CSharp.CommandLine;

/// <summary>Roslyn 4.8's command-line C# compiler, as its csc.dll defines it (CSharpCompiler is internal).</summary>
internal sealed class Csc(string[] args, BuildPaths paths, IAnalyzerAssemblyLoader loader)
    : CSharpCompiler(CSharpCommandLineParser.Default, responseFile: null, args, paths, Environment.GetEnvironmentVariable("LIB"), loader);

public static class Program
{
    public static int Main(string[] args)
    {
        // One line that proves which compiler and runtime ran, and which System.Text.Json the runtime brings
        // (8.0.0.0 on .NET 8, older than the one the generator is built against). MSBuild shows a compiler's
        // other output only in detailed logs (and standard error as errors), so the test names a file for it.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var inBoxJson = AssemblyName.GetAssemblyName(Path.Combine(runtimeDirectory, "System.Text.Json.dll")).Version;
        var banner = $"[net8-csc] Microsoft.CodeAnalysis {typeof(Compilation).Assembly.GetName().Version} on {RuntimeInformation.FrameworkDescription}; in-box System.Text.Json {inBoxJson}";
        Console.WriteLine(banner);
        if (Environment.GetEnvironmentVariable("COLLECT_NET8_CSC_LOG") is { Length: > 0 } log) File.AppendAllText(log, banner + Environment.NewLine);

        // What Roslyn 4.8's csc does for a compile without the compiler server on .NET: analyzers are
        // shadow-copied and loaded one AssemblyLoadContext per folder. The arguments (a response file
        // from MSBuild's Csc task) are parsed by the compiler itself.
        var paths = new BuildPaths(AppContext.BaseDirectory, Directory.GetCurrentDirectory(), runtimeDirectory, Path.GetTempPath());
        var loader = new ShadowCopyAnalyzerAssemblyLoader(Path.Combine(Path.GetTempPath(), "collect-net8-csc", "analyzers"));
        return new Csc(args, paths, loader).Run(Console.Out);
    }
}
