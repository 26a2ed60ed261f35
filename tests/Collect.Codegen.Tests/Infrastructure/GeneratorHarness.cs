using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Collect.Codegen.SourceGenerator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Collect.Codegen.Tests.Infrastructure;

/// <summary>An additional file held in memory.</summary>
public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Global MSBuild properties as the generator sees them (build_property.X).</summary>
public sealed class TestConfigOptionsProvider(IReadOnlyDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
{
    private readonly Options _global = new(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value));

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

/// <summary>Runs the real generator under Roslyn's driver, the way the compiler does, and compiles its output.</summary>
public static class GeneratorHarness
{
    /// <summary>References for compiling generated code: the running framework plus Collect.Runtime.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    /// <summary>The parse options consumers build with (latest C#).</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>The compilation options of a strict consumer: nullable on, warnings as errors.</summary>
    public static CSharpCompilationOptions CompilationOptions { get; } = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            // Binding-redirect noise between the test host's framework and the reference set, not about the code.
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        });

    /// <summary>The folder of the shipped schemas copied next to the tests.</summary>
    public static string ShippedSchemaFolder => Path.Combine(AppContext.BaseDirectory, "schemas");

    /// <summary>The shipped table and form files as additional texts, with stable paths.</summary>
    public static IReadOnlyList<AdditionalText> ShippedSchemas() =>
        Directory.EnumerateFiles(ShippedSchemaFolder, "*.json", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".table.json", StringComparison.Ordinal) || p.EndsWith(".form.json", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (AdditionalText)new InMemoryAdditionalText("/schemas/" + Path.GetRelativePath(ShippedSchemaFolder, p).Replace('\\', '/'), File.ReadAllText(p)))
            .ToList();

    /// <summary>A compilation of the given C# sources (none by default) for a consuming project.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References,
            CompilationOptions);

    /// <summary>A driver over the generator with step tracking on.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> additionalTexts, IReadOnlyDictionary<string, string>? properties = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new SchemaGenerator().AsSourceGenerator() },
            additionalTexts,
            ParseOptions,
            new TestConfigOptionsProvider(properties ?? new Dictionary<string, string> { ["RootNamespace"] = "Consumer" }),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over a fresh compilation.</summary>
    public static GeneratorRun Run(IEnumerable<AdditionalText> additionalTexts, IReadOnlyDictionary<string, string>? properties = null, params string[] sources)
    {
        var compilation = CreateCompilation(sources);
        var driver = CreateDriver(additionalTexts, properties)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, generatorDiagnostics);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll" or "Microsoft.Win32.Primitives.dll"))
            .Append(typeof(Collect.Runtime.ICollectRecordApi).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}

/// <summary>The result of one generator run.</summary>
public sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>The generated files by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>The generator's own diagnostics (CCG...).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => Result.Diagnostics;

    /// <summary>Compiler diagnostics of the output compilation (CS...), warnings included.</summary>
    public IReadOnlyList<Diagnostic> CompilerDiagnostics =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}
