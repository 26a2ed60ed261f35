using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Collect.Benchmarks.Infrastructure;
using Collect.Benchmarks.Inputs;
using Collect.Codegen;
using Collect.Codegen.Model;
using Microsoft.CodeAnalysis;

namespace Collect.Benchmarks;

/// <summary>
/// Group 1: a full generation of the shipped schemas and of the synthetic 1,000 × 50 set, through
/// the core pipeline (<see cref="CodegenPipeline.Generate"/>) and as a first run of the real
/// <c>SchemaGenerator</c> under a new <see cref="CSharpGeneratorDriver"/> each time.
/// </summary>
[MemoryDiagnoser]
[ShortInProcessJob]
public class FullGenerationBenchmarks
{
    private SchemaInputs _set = null!;
    private Compilation _compilation = null!;
    private readonly CodegenOptions _options = new(RoslynHost.ConsumerNamespace, CodegenOptions.Default.DbName);

    /// <summary>Which schema set.</summary>
    [Params("shipped", "synthetic-1000")]
    public string Schemas { get; set; } = "shipped";

    [GlobalSetup]
    public void Setup()
    {
        _set = SchemaInputs.ByName(Schemas);
        _compilation = RoslynHost.CreateConsumerCompilation();

        var expected = RoslynHost.FloorFor(_set.Files).ExpectedFiles;
        var pipeline = CodegenPipeline.Generate(_set.Files, _options);
        if (pipeline.Diagnostics.Count > 0)
            throw new InvalidOperationException("The pipeline reported diagnostics:\n" + string.Join("\n", pipeline.Diagnostics.Take(5)));
        if (pipeline.Files.Count != expected)
            throw new InvalidOperationException($"The pipeline made {pipeline.Files.Count} files, expected {expected}.");

        var result = RoslynHost.Check(RoslynHost.CreateSchemaDriver(_set.Texts).RunGenerators(_compilation), "full run");
        if (result.GeneratedSources.Length != expected || result.Diagnostics.Length > 0)
            throw new InvalidOperationException($"The driver made {result.GeneratedSources.Length} files and {result.Diagnostics.Length} diagnostics, expected {expected} and none.");
    }

    /// <summary>Lets the large inputs go before the next class runs in this process.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _set = null!;
        _compilation = null!;
    }

    /// <summary>(a) The core pipeline in one call: parse, resolve, emit.</summary>
    [Benchmark(Baseline = true, Description = "CodegenPipeline.Generate")]
    public GenerationResult Pipeline() => CodegenPipeline.Generate(_set.Files, _options);

    /// <summary>(b) A first run of the real generator under a new driver.</summary>
    [Benchmark(Description = "SchemaGenerator, first driver run")]
    public GeneratorDriver DriverFirstRun() => RoslynHost.CreateSchemaDriver(_set.Texts).RunGenerators(_compilation);
}
