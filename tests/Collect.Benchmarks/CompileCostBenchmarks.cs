using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Collect.Benchmarks.Infrastructure;
using Collect.Benchmarks.Inputs;
using Collect.Codegen;
using Collect.Codegen.Model;
using Microsoft.CodeAnalysis.Emit;

namespace Collect.Benchmarks;

/// <summary>
/// Group 4: what the generated code for the 1,000 tables costs the compiler: parse, compile and emit
/// to memory (<c>CSharpCompilation.Create(...).Emit(MemoryStream)</c>) of our generated files
/// (references: framework + Collect.Runtime) and of NSwag's client file (references: framework;
/// it uses System.Text.Json). Baseline: NSwag; our ratio must be ≤ 0.5.
/// </summary>
[MemoryDiagnoser]
[ShortInProcessJob(warmupCount: 1, iterationCount: 5, monitoring: true)]
public class CompileCostBenchmarks
{
    private IReadOnlyList<(string Path, string Text)> _ours = null!;
    private IReadOnlyList<(string Path, string Text)> _nswag = null!;

    [GlobalSetup]
    public void Setup()
    {
        var set = SchemaInputs.Synthetic();
        var generated = CodegenPipeline.Generate(set.Files, new CodegenOptions(RoslynHost.ConsumerNamespace, CodegenOptions.Default.DbName));
        if (generated.Diagnostics.Count > 0)
            throw new InvalidOperationException("The pipeline reported diagnostics:\n" + string.Join("\n", generated.Diagnostics.Take(5)));
        _ours = generated.Files.Select(f => ("/generated/" + f.HintName, f.Text)).ToList();
        _nswag = new[] { ("/generated/CollectClient.cs", NSwagClient.Generate(NSwagClient.LoadDocument(), NSwagClient.Settings())) };

        RoslynHost.AssertEmitted(Ours(), "Our generated code");
        RoslynHost.AssertEmitted(NSwag(), "NSwag's generated client");
    }

    /// <summary>Lets the large inputs go before the next class runs in this process.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _ours = null!;
        _nswag = null!;
    }

    /// <summary>NSwag's client file for the same tables.</summary>
    [Benchmark(Baseline = true, Description = "NSwag client: compile + emit")]
    public EmitResult NSwag() => RoslynHost.CompileAndEmit("NSwagClient", _nswag, RoslynHost.FrameworkReferences, out _);

    /// <summary>Our generated files.</summary>
    [Benchmark(Description = "Ours: compile + emit")]
    public EmitResult Ours() => RoslynHost.CompileAndEmit("Generated", _ours, RoslynHost.CollectReferences, out _);
}
