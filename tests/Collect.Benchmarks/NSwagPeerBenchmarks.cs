using System;
using BenchmarkDotNet.Attributes;
using Collect.Benchmarks.Infrastructure;
using Collect.Benchmarks.Inputs;
using Collect.Codegen;
using Collect.Codegen.Model;
using Microsoft.CodeAnalysis;
using NSwag;
using NSwag.CodeGeneration.CSharp;

namespace Collect.Benchmarks;

/// <summary>
/// Group 3: our full generation of the synthetic 1,000 tables next to NSwag's C# client generator
/// given an OpenAPI 3 document of the same tables (parsed once, outside the measurement).
/// Baseline: our first driver run; NSwag's ratio must be ≥ 3.
/// </summary>
[MemoryDiagnoser]
[ShortInProcessJob]
public class NSwagPeerBenchmarks
{
    private SchemaInputs _set = null!;
    private Compilation _compilation = null!;
    private OpenApiDocument _document = null!;
    private CSharpClientGeneratorSettings _settings = null!;
    private readonly CodegenOptions _options = new(RoslynHost.ConsumerNamespace, CodegenOptions.Default.DbName);

    [GlobalSetup]
    public void Setup()
    {
        _set = SchemaInputs.Synthetic();
        _compilation = RoslynHost.CreateConsumerCompilation();
        _document = NSwagClient.LoadDocument();
        _settings = NSwagClient.Settings();
        RoslynHost.Check(RoslynHost.CreateSchemaDriver(_set.Texts).RunGenerators(_compilation), "full run");
        var code = NSwagClient.Generate(_document, _settings);
        if (code.Length < 1000) throw new InvalidOperationException("NSwag generated almost nothing.");
    }

    /// <summary>Lets the large inputs go before the next class runs in this process.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _set = null!;
        _compilation = null!;
        _document = null!;
        _settings = null!;
    }

    /// <summary>Ours: a first run of the real generator under a new driver.</summary>
    [Benchmark(Baseline = true, Description = "Ours: SchemaGenerator, first driver run")]
    public GeneratorDriver OursDriver() => RoslynHost.CreateSchemaDriver(_set.Texts).RunGenerators(_compilation);

    /// <summary>Ours: the core pipeline in one call.</summary>
    [Benchmark(Description = "Ours: CodegenPipeline.Generate")]
    public GenerationResult OursPipeline() => CodegenPipeline.Generate(_set.Files, _options);

    /// <summary>NSwag: <c>new CSharpClientGenerator(doc, settings).GenerateFile()</c>.</summary>
    [Benchmark(Description = "NSwag: CSharpClientGenerator.GenerateFile")]
    public string NSwag() => NSwagClient.Generate(_document, _settings);
}
