using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Collect.Codegen.Model;
using Collect.Codegen.Parsing;
using Collect.Codegen.Tests.Infrastructure;
using Collect.Codegen.Validation;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace Collect.Codegen.Tests.Fuzz;

/// <summary>
/// A deterministic mutation fuzzer over the shipped schemas and a few handmade ones. Each case
/// replaces one valid file of the set by a mutation of it and checks that the generator never
/// throws, that every location is inside its file and right, and that every file that is broken
/// (by System.Text.Json's or the format's own reading) or generates nothing has an error in it.
/// </summary>
public class SchemaFuzzTests(ITestOutputHelper output)
{
    private const int CoreCases = 2400;
    private const int RoslynCases = 300;
    private const int ReportedFailures = 15;

    private static readonly CodegenOptions Options = new("Consumer", "CollectDb");

    private static readonly IReadOnlyDictionary<string, SchemaFile> ParsedCorpus =
        FuzzCorpus.Files.ToDictionary(f => f.Path, f => SchemaParser.Parse(f.Path, f.Text), StringComparer.Ordinal);

    [Fact]
    public void CorpusIsOneValidSetWithoutDiagnostics()
    {
        var result = CodegenPipeline.Generate(FuzzCorpus.Files.Select(f => new InputFile(f.Path, f.Text)), Options);

        Assert.Empty(result.Diagnostics);
        Assert.All(FuzzCorpus.Files, f => Assert.True(SchemaOracle.IsJson(f.Text, out var document)
            && SchemaOracle.StructuralProblem(f.Path, document!.RootElement) is null, f.Path));
        Assert.Contains(result.Files, f => f.HintName == "Widget.g.cs");
        Assert.Contains(result.Files, f => f.HintName == "StandalonePromptForm.g.cs");
    }

    [Fact]
    public void CorePipelineNeverThrowsAndPutsAnErrorInEveryBrokenFile()
    {
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        var kinds = new Dictionary<Mutation, int>();
        var broken = 0;
        for (var i = 0; i < CoreCases; i++)
        {
            var (path, kind, text) = MakeCase(seed: 10_000 + i);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            var inputs = Inputs(path, text);
            var problems = CheckCore(inputs, path, checkDeterminism: i % 10 == 0, out var isBroken);
            if (isBroken) broken++;
            if (problems.Count > 0)
                failures.Add(Describe(i, path, kind, text, problems));
        }
        output.WriteLine($"{CoreCases} cases in {watch.Elapsed.TotalSeconds:0.0}s, {broken} broken files; " +
            string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} failing cases; the first:\n" + string.Join("\n\n", failures.Take(ReportedFailures)));
        Assert.True(broken > CoreCases / 3, "most mutations should break their file");
    }

    [Fact]
    public void RoslynDriverNeverFailsAndAgreesWithTheCorePipeline()
    {
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        var originals = FuzzCorpus.Files.ToDictionary(f => f.Path, f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text), StringComparer.Ordinal);
        var compilation = GeneratorHarness.CreateCompilation("namespace Consumer { internal static class Anchor { } }");
        var driver = GeneratorHarness.CreateDriver(originals.Values.OrderBy(t => t.Path, StringComparer.Ordinal).ToList()).RunGenerators(compilation);

        for (var i = 0; i < RoslynCases; i++)
        {
            var (path, kind, text) = MakeCase(seed: 90_000 + i);
            var mutated = new InMemoryAdditionalText(path, text);
            // One driver throughout, as in an IDE: each case edits one file and the next puts it back.
            driver = driver.ReplaceAdditionalText(originals[path], mutated).RunGenerators(compilation);
            var problems = new List<string>();
            var run = driver.GetRunResult().Results.Single();
            if (run.Exception is not null)
                problems.Add("generator threw: " + run.Exception);
            else
                problems.AddRange(CompareWithCore(run, Inputs(path, text)));
            if (problems.Count > 0)
                failures.Add(Describe(i, path, kind, text, problems));
            driver = driver.ReplaceAdditionalText(mutated, originals[path]);
        }
        output.WriteLine($"{RoslynCases} driver cases in {watch.Elapsed.TotalSeconds:0.0}s");
        Assert.True(failures.Count == 0, $"{failures.Count} failing cases; the first:\n" + string.Join("\n\n", failures.Take(ReportedFailures)));
    }

    /// <summary>One case: a corpus file and a mutation of it, both chosen by the seed.</summary>
    private static (string Path, Mutation Kind, string Text) MakeCase(int seed)
    {
        var random = new Random(seed);
        var (path, text) = FuzzCorpus.Files[random.Next(FuzzCorpus.Files.Count)];
        var (kind, mutated) = new SchemaMutator(seed, FuzzCorpus.Files).Mutate(text);
        return (path, kind, mutated);
    }

    private static List<InputFile> Inputs(string path, string text) =>
        FuzzCorpus.Files.Select(f => new InputFile(f.Path, f.Path == path ? text : f.Text)).ToList();

    private static List<string> CheckCore(List<InputFile> inputs, string mutatedPath, bool checkDeterminism, out bool isBroken)
    {
        var problems = new List<string>();
        isBroken = false;
        GenerationResult result;
        try
        {
            result = CodegenPipeline.Generate(inputs, Options);
        }
        catch (Exception ex)
        {
            problems.Add("Generate threw: " + ex);
            return problems;
        }

        var texts = inputs.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);
        foreach (var diagnostic in result.Diagnostics)
        {
            if (diagnostic.Message.Contains("unexpected parser failure", StringComparison.Ordinal) || diagnostic.Id == "CCG019")
                problems.Add("a caught crash: " + diagnostic);
            if (!texts.TryGetValue(diagnostic.Location.Path, out var fileText))
                problems.Add("located outside the inputs: " + diagnostic);
            else if (SchemaOracle.LocationProblem(diagnostic.Location, fileText) is { } where)
                problems.Add($"bad location ({where}): {diagnostic}");
        }

        // Which files made it into the output, by the resolver's own account, checked against the files emitted.
        var parsed = inputs.Select(f => f.Path == mutatedPath ? SchemaParser.Parse(f.Path, f.Text) : ParsedCorpus[f.Path]).ToList();
        var set = SchemaSetResolver.Resolve(parsed, Options);
        var hints = result.Files.Select(f => f.HintName).ToHashSet(StringComparer.Ordinal);
        var generating = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in set.Tables)
        {
            if (hints.Contains(table.Table.TypeName.TrimStart('@') + ".g.cs")) generating.Add(table.Table.TableLocation.Path);
            else problems.Add($"resolved table {table.Table.Table} has no file");
        }
        foreach (var form in set.Forms)
        {
            if (hints.Contains(form.Form.ClassName.TrimStart('@') + ".g.cs")) generating.Add(form.Form.FormIdLocation.Path);
            else problems.Add($"resolved form {form.Form.Name} has no file");
        }

        foreach (var input in inputs)
        {
            var errors = result.Diagnostics.Where(d => d.IsError && d.Location.Path == input.Path).ToList();
            if (!generating.Contains(input.Path) && errors.Count == 0)
                problems.Add($"{input.Path} generates nothing and has no error");
            // An error file generates nothing; CCG009 is the known exception (the link is dropped, the table kept).
            if (generating.Contains(input.Path) && errors.Any(e => e.Id != "CCG009"))
                problems.Add($"{input.Path} generates despite {string.Join("; ", errors)}");
        }

        var mutatedErrors = result.Diagnostics.Where(d => d.IsError && d.Location.Path == mutatedPath).ToList();
        if (!SchemaOracle.IsJson(texts[mutatedPath], out var document))
        {
            isBroken = true;
            if (!mutatedErrors.Any(d => d.Id == "CCG001"))
                problems.Add("not JSON, but no CCG001: " + string.Join("; ", mutatedErrors));
        }
        else
        {
            using (document)
            {
                if (mutatedErrors.FirstOrDefault(d => d.Id == "CCG001") is { } unexpected)
                    problems.Add("JSON, but " + unexpected);
                if (SchemaOracle.StructuralProblem(mutatedPath, document!.RootElement) is { } problem)
                {
                    isBroken = true;
                    if (mutatedErrors.Count == 0)
                        problems.Add($"broken ({problem}) but no error in the file");
                }
            }
        }

        if (checkDeterminism)
        {
            var again = CodegenPipeline.Generate(inputs, Options);
            if (!again.Files.SequenceEqual(result.Files) || !again.Diagnostics.SequenceEqual(result.Diagnostics))
                problems.Add("a second run differs");
        }
        return problems;
    }

    /// <summary>The driver's files and diagnostics against the core pipeline's over the same inputs.</summary>
    private static IEnumerable<string> CompareWithCore(GeneratorRunResult run, List<InputFile> inputs)
    {
        var core = CodegenPipeline.Generate(inputs, Options);
        var roslynFiles = run.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        var coreFiles = core.Files.ToDictionary(f => f.HintName, f => f.Text, StringComparer.Ordinal);
        foreach (var hint in roslynFiles.Keys.Union(coreFiles.Keys).OrderBy(h => h, StringComparer.Ordinal))
        {
            if (!roslynFiles.TryGetValue(hint, out var fromRoslyn)) yield return $"{hint}: only the core made it";
            else if (!coreFiles.TryGetValue(hint, out var fromCore)) yield return $"{hint}: only the driver made it";
            else if (fromRoslyn != fromCore) yield return $"{hint}: the driver's text differs from the core's";
        }

        foreach (var diagnostic in run.Diagnostics)
        {
            if (!diagnostic.Id.StartsWith("CCG", StringComparison.Ordinal))
                yield return "not a CCG diagnostic: " + diagnostic;
        }
        var roslynDiagnostics = run.Diagnostics.Select(Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var coreDiagnostics = core.Diagnostics.Select(Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (!roslynDiagnostics.SequenceEqual(coreDiagnostics))
            yield return "diagnostics differ:\n  driver: " + string.Join("\n          ", roslynDiagnostics) + "\n  core:   " + string.Join("\n          ", coreDiagnostics);
    }

    private static string Key(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        return $"{d.Id} {span.Path} {d.Location.SourceSpan} {span.StartLinePosition}-{span.EndLinePosition} {d.Severity} {d.GetMessage(CultureInfo.InvariantCulture)}";
    }

    private static string Key(SchemaDiagnostic d)
    {
        var l = d.Location;
        var severity = d.IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        return $"{d.Id} {l.Path} [{l.Start}..{l.Start + l.Length}) ({l.StartLine},{l.StartColumn})-({l.EndLine},{l.EndColumn}) {severity} {d.Message}";
    }

    private static string Describe(int index, string path, Mutation kind, string text, List<string> problems)
    {
        var shown = text.Length > 600 ? text.Substring(0, 600) + $"... ({text.Length} chars)" : text;
        var escaped = string.Concat(shown.Select(c => c < ' ' && c != '\n' || char.IsSurrogate(c) || c > '\u007e' && c < '\u00a0' ? $"\\u{(int)c:x4}" : c.ToString()));
        return $"case {index}: {kind} of {path}\n  - {string.Join("\n  - ", problems.Take(5))}\n  text: {escaped}";
    }
}
