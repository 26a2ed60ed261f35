using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Collect.Codegen.SourceGenerator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Collect.Codegen.Cli.Tests.Infrastructure;

/// <summary>
/// Runs the real source generator under Roslyn's driver over files on disk, the way the compiler
/// does for a project's AdditionalFiles (see tests/Collect.Codegen.Tests/Infrastructure/GeneratorHarness.cs).
/// </summary>
public static class GeneratorRunner
{
    /// <summary>The generated sources by hint name (the file names the compiler writes), and the generator's diagnostics.</summary>
    public static (IReadOnlyDictionary<string, SourceText> Sources, IReadOnlyList<Diagnostic> Diagnostics) Run(
        IEnumerable<string> additionalFiles, IReadOnlyDictionary<string, string> properties)
    {
        var texts = additionalFiles.Select(p => (AdditionalText)new FileText(Path.GetFullPath(p))).ToList();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var driver = CSharpGeneratorDriver.Create(
            [new SchemaGenerator().AsSourceGenerator()],
            texts,
            parseOptions,
            new Options(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value)));
        var compilation = CSharpCompilation.Create("Consumer", [], [], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        if (result.Exception is not null) throw new InvalidOperationException("The generator threw.", result.Exception);
        return (result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText, StringComparer.Ordinal), result.Diagnostics);
    }

    /// <summary>The bytes the compiler writes for a generated source (EmitCompilerGeneratedFiles): the text in its encoding, preamble first.</summary>
    public static byte[] BytesOf(SourceText text)
    {
        var encoding = text.Encoding ?? throw new InvalidOperationException("The generated source has no encoding.");
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];
    }

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        // As the compiler reads additional files: detected encoding, byte order mark dropped.
        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            using var stream = File.OpenRead(Path);
            return SourceText.From(stream);
        }
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Global _global = new(values);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Global.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Global.Empty;

        private sealed class Global(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Global Empty = new([]);

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
