using System;
using System.IO;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Collect.Benchmarks;

/// <summary>
/// Entry point. <c>-- --filter '*'</c> runs every benchmark (BenchmarkDotNet's switcher; results go
/// to <c>tests/Collect.Benchmarks/BenchmarkDotNet.Artifacts</c> unless <c>--artifacts</c> says
/// otherwise); <c>-- --profile</c> prints a Stopwatch breakdown of where the time goes instead;
/// <c>-- --socket-loop</c> measures the web-socket prompts interleaved (<see cref="SocketPromptLoop"/>);
/// <c>-- --compile-variants</c> shows where compile time goes in the generated code (<see cref="CompileVariants"/>);
/// <c>-- --compile-cost</c> measures <see cref="CompileCostBenchmarks"/> interleaved (<see cref="CompileCostLoop"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--profile"))
            return Profile.Run(args);
        if (args.Contains("--socket-loop"))
            return SocketPromptLoop.Run(args);
        if (args.Contains("--compile-variants"))
            return CompileVariants.Run(args);
        if (args.Contains("--compile-cost"))
            return CompileCostLoop.Run(args);
        var config = DefaultConfig.Instance;
        var projectDirectory = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
        if (!args.Contains("--artifacts") && projectDirectory is not null && Directory.Exists(projectDirectory))
            config = config.WithArtifactsPath(Path.Combine(projectDirectory, "BenchmarkDotNet.Artifacts"));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
