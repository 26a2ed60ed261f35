using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Collect.Codegen.SourceGenerator;
using Collect.Codegen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Collect.Codegen.Tests.Diagnostics;

/// <summary>
/// The Roslyn testing framework's source-generator test, set up offline (TOOLCHAIN.md §4): no
/// reference-assembly download, the running framework's assemblies plus Collect.Runtime instead,
/// and the consumer's root namespace given through a global analyzer config.
/// </summary>
internal sealed class SchemaGeneratorTest : CSharpSourceGeneratorTest<SchemaGenerator, DefaultVerifier>
{
    public SchemaGeneratorTest()
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.RootNamespace = Consumer\n"));
        // The framework wants one C# source; the entry point is always generated, so use it.
        TestState.Sources.Add(("/Consumer.cs", "namespace Consumer { internal static class Use { internal static System.Type Db => typeof(CollectDb); } }\n"));
        // Generated text is pinned by the snapshot tests; here only diagnostics and their spans are compared.
        TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck;
        // Warnings too: a generator that throws shows up as CS8785, a warning, and generated code must be warning-free.
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
    }

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions())
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(GeneratorHarness.CompilationOptions.SpecificDiagnosticOptions);
}

/// <summary>
/// One diagnostic scenario: schema files written with the framework's location markup
/// (<c>{|#0:"strng"|}</c>), the diagnostics expected there, and which files the generator must and
/// must not produce. It runs the framework test (exact ids, severities, arguments and spans, and
/// no unexpected diagnostic, compiler ones included) and then the generator under the plain driver
/// to check the generated hint names and that nothing threw.
/// </summary>
internal sealed class GeneratorCase
{
    private static readonly Regex MarkupOpen = new(@"\{\|[^:|{}]*:", RegexOptions.CultureInvariant);

    private readonly List<(string Path, string Markup)> _files = new();
    private readonly List<DiagnosticResult> _expected = new();
    private readonly List<string> _generated = new();
    private readonly List<string> _notGenerated = new();
    private readonly List<(string Hint, string Text, bool Present)> _contents = new();

    public GeneratorCase File(string path, string markup)
    {
        _files.Add((path, markup));
        return this;
    }

    public GeneratorCase Expect(params DiagnosticResult[] diagnostics)
    {
        _expected.AddRange(diagnostics);
        return this;
    }

    public GeneratorCase Generates(params string[] hintNames)
    {
        _generated.AddRange(hintNames);
        return this;
    }

    public GeneratorCase DoesNotGenerate(params string[] hintNames)
    {
        _notGenerated.AddRange(hintNames);
        return this;
    }

    /// <summary>A generated file that must (or must not) contain a piece of text.</summary>
    public GeneratorCase GeneratedText(string hintName, string text, bool present = true)
    {
        _contents.Add((hintName, text, present));
        return this;
    }

    /// <summary>The text of a file with the markup taken out, as the generator sees it.</summary>
    public static string Strip(string markup) => MarkupOpen.Replace(markup, "").Replace("|}", "");

    public async Task RunAsync()
    {
        var test = new SchemaGeneratorTest();
        foreach (var (path, markup) in _files)
            test.TestState.AdditionalFiles.Add((path, markup));
        test.TestState.ExpectedDiagnostics.AddRange(_expected);
        await test.RunAsync();

        var run = GeneratorHarness.Run(_files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, Strip(f.Markup))).ToList());
        Assert.Null(run.Result.Results.Single().Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785");
        var hints = run.Sources.Keys.ToHashSet();
        foreach (var hint in _generated)
            Assert.True(hints.Contains(hint), $"expected {hint} among the generated files: {string.Join(", ", hints.OrderBy(h => h))}");
        foreach (var hint in _notGenerated)
            Assert.False(hints.Contains(hint), $"{hint} should not be generated: {string.Join(", ", hints.OrderBy(h => h))}");
        foreach (var (hint, text, present) in _contents)
        {
            Assert.True(run.Sources.TryGetValue(hint, out var source), $"expected {hint} among the generated files");
            Assert.True(source!.Contains(text, System.StringComparison.Ordinal) == present, $"{hint} should {(present ? "" : "not ")}contain {text}");
        }
    }
}

/// <summary>Shorthands for expected CCG diagnostics.</summary>
internal static class Ccg
{
    public static DiagnosticResult Error(string id) => new(id, DiagnosticSeverity.Error);

    public static DiagnosticResult Warning(string id) => new(id, DiagnosticSeverity.Warning);

    /// <summary>A one-character span (a missing property is reported on its object's opening brace); 1-based.</summary>
    public static DiagnosticResult AtChar(this DiagnosticResult result, string path, int line, int column) =>
        result.WithSpan(path, line, column, line, column + 1);

    /// <summary>An empty span at a position (a parse error); 1-based.</summary>
    public static DiagnosticResult At(this DiagnosticResult result, string path, int line, int column) =>
        result.WithSpan(path, line, column, line, column);
}
