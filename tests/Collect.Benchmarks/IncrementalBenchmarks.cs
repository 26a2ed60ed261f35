using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Collect.Benchmarks.Infrastructure;
using Collect.Benchmarks.Inputs;
using Microsoft.CodeAnalysis;

namespace Collect.Benchmarks;

/// <summary>
/// Group 2: re-runs of a warmed driver over the synthetic 1,000-table set, for our generator and for
/// the floor (<see cref="FloorGenerator"/>: same inputs, same output files, no work), side by
/// side. Every operation is two genuine incremental runs that alternate between two versions of the
/// input, so each run has a real change to process and the driver ends where it started:
/// (a) one table file's column description edited (<c>ReplaceAdditionalText</c>), and
/// (b) an unrelated C# file edited (<c>ReplaceSyntaxTree</c>). Ratio = ours ÷ floor (target ≤ 1.5).
/// </summary>
[MemoryDiagnoser]
[ShortInProcessJob(warmupCount: 2, iterationCount: 20)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class IncrementalBenchmarks
{
    private const string SchemaEdit = "(a) one schema edited";
    private const string CSharpEdit = "(b) unrelated C# edited";

    private GeneratorDriver _ours = null!;
    private GeneratorDriver _floor = null!;
    private Compilation _compilationA = null!;
    private Compilation _compilationB = null!;
    private AdditionalText _editA = null!;
    private AdditionalText _editB = null!;

    [GlobalSetup]
    public void Setup()
    {
        var set = SchemaInputs.Synthetic();
        var original = set.Texts.Single(t => t.Path == SyntheticSchemas.EditedFile(SyntheticSchemas.EditedVariant.A).Path);
        var a = SyntheticSchemas.EditedFile(SyntheticSchemas.EditedVariant.A);
        var b = SyntheticSchemas.EditedFile(SyntheticSchemas.EditedVariant.B);
        _editA = new InMemoryAdditionalText(a.Path, a.Text);
        _editB = new InMemoryAdditionalText(b.Path, b.Text);

        // Two versions of the consumer's code that differ in one member of one file.
        _compilationA = RoslynHost.CreateConsumerCompilation();
        var edited = _compilationA.SyntaxTrees.First(t => t.FilePath.EndsWith("Service7.cs", StringComparison.Ordinal));
        _compilationB = _compilationA.ReplaceSyntaxTree(edited, RoslynHost.ParseConsumerFile(7, "    public int Thrice() => Value * 3;"));

        var floor = RoslynHost.FloorFor(set.Files);
        var expected = floor.ExpectedFiles;
        _ours = Warm(RoslynHost.CreateSchemaDriver(set.Texts), original, expected, "SchemaGenerator");
        _floor = Warm(RoslynHost.CreateDriver(floor, set.Texts), original, expected, "FloorGenerator");
    }

    // First run, then the edited file swapped in, then one of each measured operation.
    private GeneratorDriver Warm(GeneratorDriver driver, AdditionalText original, int expectedFiles, string what)
    {
        driver = driver.RunGenerators(_compilationA);
        var result = RoslynHost.Check(driver, what + " first run");
        if (result.GeneratedSources.Length != expectedFiles)
            throw new InvalidOperationException($"{what} made {result.GeneratedSources.Length} files, expected {expectedFiles}.");
        driver = driver.ReplaceAdditionalText(original, _editA).RunGenerators(_compilationA);
        driver = SchemaEditTwice(driver);
        driver = CSharpEditTwice(driver);
        result = RoslynHost.Check(driver, what + " re-runs");
        if (result.GeneratedSources.Length != expectedFiles)
            throw new InvalidOperationException($"{what} made {result.GeneratedSources.Length} files after re-runs, expected {expectedFiles}.");
        return driver;
    }

    private GeneratorDriver SchemaEditTwice(GeneratorDriver driver)
    {
        driver = driver.ReplaceAdditionalText(_editA, _editB).RunGenerators(_compilationA);
        return driver.ReplaceAdditionalText(_editB, _editA).RunGenerators(_compilationA);
    }

    private GeneratorDriver CSharpEditTwice(GeneratorDriver driver)
    {
        driver = driver.RunGenerators(_compilationB);
        return driver.RunGenerators(_compilationA);
    }

    /// <summary>Lets the large inputs go before the next class runs in this process.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _ours = null!;
        _floor = null!;
        _compilationA = null!;
        _compilationB = null!;
        _editA = null!;
        _editB = null!;
    }

    /// <summary>Floor of (a): one additional text replaced, driver re-run.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2, Description = "Floor generator")]
    [BenchmarkCategory(SchemaEdit)]
    public GeneratorDriver FloorSchemaEdit() => _floor = SchemaEditTwice(_floor);

    /// <summary>(a) One table file's column description edited, driver re-run.</summary>
    [Benchmark(OperationsPerInvoke = 2, Description = "SchemaGenerator")]
    [BenchmarkCategory(SchemaEdit)]
    public GeneratorDriver OursSchemaEdit() => _ours = SchemaEditTwice(_ours);

    /// <summary>Floor of (b): a new compilation with one C# file changed, driver re-run.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2, Description = "Floor generator")]
    [BenchmarkCategory(CSharpEdit)]
    public GeneratorDriver FloorCSharpEdit() => _floor = CSharpEditTwice(_floor);

    /// <summary>(b) A new compilation with one C# file changed, driver re-run.</summary>
    [Benchmark(OperationsPerInvoke = 2, Description = "SchemaGenerator")]
    [BenchmarkCategory(CSharpEdit)]
    public GeneratorDriver OursCSharpEdit() => _ours = CSharpEditTwice(_ours);
}
