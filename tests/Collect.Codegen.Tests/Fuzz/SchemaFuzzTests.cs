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
/// replaces one valid file of a set by a mutation of it and checks that the generator never
/// throws, that every location is inside its file and right, that every file that is broken (by
/// System.Text.Json's or the format's own reading) or generates nothing has an error in it, and
/// that a file with an error generates nothing.
/// </summary>
public class SchemaFuzzTests(ITestOutputHelper output)
{
    private const int CoreCases = 2000;
    private const int RoslynCases = 2000;
    private const int ReportedFailures = 12;

    private static readonly CodegenOptions Options = new("Consumer", "CollectDb");

    private static readonly Dictionary<string, SchemaFile> ParsedCorpus =
        FuzzCorpus.Files.ToDictionary(f => f.Path, f => SchemaParser.Parse(f.Path, f.Text), StringComparer.Ordinal);

    /// <summary>
    /// For each corpus file, the files it takes part in a resolution with: itself, the tables it
    /// references, the tables that reference it and the forms on it (or a form's table). The core
    /// cases run on these small sets, which keeps 2,000 cases fast.
    /// </summary>
    private static readonly Dictionary<string, string[]> Neighbourhoods = FuzzCorpus.Files.ToDictionary(
        f => f.Path,
        f =>
        {
            var file = ParsedCorpus[f.Path];
            var tables = ParsedCorpus.Values.Where(p => p.Table is not null).ToDictionary(p => p.Table!.Table, p => p.Path, StringComparer.Ordinal);
            var related = new HashSet<string>(StringComparer.Ordinal) { f.Path };
            if (file.Table is { } table)
            {
                related.UnionWith(ParsedCorpus.Values.Where(p => p.Table?.Fields.Any(c => c.References == table.Table) == true).Select(p => p.Path));
                related.UnionWith(ParsedCorpus.Values.Where(p => p.Form?.Table == table.Table).Select(p => p.Path));
            }
            // Then everything those files need: referenced tables and forms' tables, transitively.
            var pending = new Queue<string>(related);
            while (pending.Count > 0)
            {
                var next = ParsedCorpus[pending.Dequeue()];
                var needs = (next.Table?.Fields.Select(c => c.References) ?? Enumerable.Empty<string?>()).Append(next.Form?.Table);
                foreach (var name in needs)
                {
                    if (name is not null && tables.TryGetValue(name, out var needed) && related.Add(needed))
                        pending.Enqueue(needed);
                }
            }
            return related.OrderBy(p => p, StringComparer.Ordinal).ToArray();
        },
        StringComparer.Ordinal);

    [Fact]
    public void CorpusIsOneValidSetWithoutDiagnostics()
    {
        var result = CodegenPipeline.Generate(FuzzCorpus.Files.Select(f => new InputFile(f.Path, f.Text)), Options);

        Assert.Empty(result.Diagnostics);
        Assert.All(FuzzCorpus.Files, f => Assert.True(SchemaOracle.IsJson(f.Text, out var document)
            && SchemaOracle.StructuralProblem(f.Path, document!.RootElement) is null, f.Path));
        Assert.Contains(result.Files, f => f.HintName == "Widget.g.cs");
        Assert.Contains(result.Files, f => f.HintName == "StandalonePromptForm.g.cs");
        // Every neighbourhood is itself a valid set.
        Assert.All(Neighbourhoods.Values, paths => Assert.Empty(
            CodegenPipeline.Generate(paths.Select(p => new InputFile(p, FuzzCorpus.Files.Single(f => f.Path == p).Text)), Options).Diagnostics));
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
            var inputs = Neighbourhoods[path].Select(p => new InputFile(p, p == path ? text : Text(p))).ToList();
            var problems = new List<string>();
            GenerationResult? result = null;
            try
            {
                result = CodegenPipeline.Generate(inputs, Options);
            }
            catch (Exception ex)
            {
                problems.Add("Generate threw: " + ex);
            }
            if (result is not null)
            {
                problems.AddRange(Check(inputs, path, result.Files.Select(f => f.HintName), result.Diagnostics.Select(Reported.Of), out var isBroken));
                if (isBroken) broken++;
                if (i % 10 == 0)
                {
                    var again = CodegenPipeline.Generate(inputs, Options);
                    if (!again.Files.SequenceEqual(result.Files) || !again.Diagnostics.SequenceEqual(result.Diagnostics))
                        problems.Add("a second run differs");
                }
            }
            if (problems.Count > 0)
                failures.Add(Describe(i, path, kind, text, problems));
        }
        output.WriteLine($"{CoreCases} cases in {watch.Elapsed.TotalSeconds:0.0}s, {broken} broken files; " +
            string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} failing cases; the first:\n" + string.Join("\n\n", failures.Take(ReportedFailures)));
        Assert.True(broken > CoreCases / 3, "most mutations should break their file");
        Assert.All(Enum.GetValues<Mutation>(), m => Assert.True(kinds.GetValueOrDefault(m) > 0, $"no {m} case"));
    }

    [Fact]
    public void RoslynDriverNeverFailsAndAgreesWithTheCorePipeline()
    {
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        var originals = FuzzCorpus.Files.ToDictionary(f => f.Path, f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text), StringComparer.Ordinal);
        var compilation = GeneratorHarness.CreateCompilation("namespace Consumer { internal static class Anchor { } }");
        var driver = GeneratorHarness.CreateDriver(originals.Values.OrderBy(t => t.Path, StringComparer.Ordinal).ToList()).RunGenerators(compilation);

        var timing = new Dictionary<Mutation, double>();
        for (var i = 0; i < RoslynCases; i++)
        {
            var caseWatch = Stopwatch.StartNew();
            var (path, kind, text) = MakeCase(seed: 90_000 + i);
            var mutated = new InMemoryAdditionalText(path, text);
            // One driver throughout, as in an IDE: each case edits one file and the next puts it back.
            driver = driver.ReplaceAdditionalText(originals[path], mutated).RunGenerators(compilation);
            var problems = new List<string>();
            var run = driver.GetRunResult().Results.Single();
            if (run.Exception is not null)
            {
                problems.Add("generator threw (CS8785): " + run.Exception);
            }
            else
            {
                var inputs = FuzzCorpus.Files.Select(f => new InputFile(f.Path, f.Path == path ? text : f.Text)).ToList();
                problems.AddRange(run.Diagnostics.Where(d => !d.Id.StartsWith("CCG", StringComparison.Ordinal)).Select(d => "not a CCG diagnostic: " + d));
                problems.AddRange(Check(inputs, path, run.GeneratedSources.Select(s => s.HintName), run.Diagnostics.Select(Reported.Of), out _));
                // The full comparison renders the whole corpus again: every fifth case.
                if (i % 5 == 0)
                    problems.AddRange(CompareWithCore(run, inputs));
            }
            if (problems.Count > 0)
                failures.Add(Describe(i, path, kind, text, problems));
            driver = driver.ReplaceAdditionalText(mutated, originals[path]);
            timing[kind] = timing.GetValueOrDefault(kind) + caseWatch.Elapsed.TotalSeconds;
        }
        output.WriteLine(string.Join(", ", timing.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value:0.0}s")));
        output.WriteLine($"{RoslynCases} driver cases in {watch.Elapsed.TotalSeconds:0.0}s");
        Assert.True(failures.Count == 0, $"{failures.Count} failing cases; the first:\n" + string.Join("\n\n", failures.Take(ReportedFailures)));
    }

    private static string Text(string path) => FuzzCorpus.Files.First(f => f.Path == path).Text;

    /// <summary>One case: a corpus file and a mutation of it, both chosen by the seed.</summary>
    private static (string Path, Mutation Kind, string Text) MakeCase(int seed)
    {
        var random = new Random(seed);
        var (path, text) = FuzzCorpus.Files[random.Next(FuzzCorpus.Files.Count)];
        var (kind, mutated) = new SchemaMutator(seed, FuzzCorpus.Files).Mutate(text);
        return (path, kind, mutated);
    }

    /// <summary>A diagnostic as either side reports it.</summary>
    private sealed record Reported(string Id, bool IsError, SourceLocation Location, string Message)
    {
        public static Reported Of(SchemaDiagnostic d) => new(d.Id, d.IsError, d.Location, d.Message);

        public static Reported Of(Diagnostic d)
        {
            var span = d.Location.GetLineSpan();
            var location = new SourceLocation(span.Path, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length,
                span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character);
            // The harness builds with warnings as errors; the rule's own severity is what counts here.
            return new(d.Id, d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error, location, d.GetMessage(CultureInfo.InvariantCulture));
        }

        public override string ToString() => $"{Location} {(IsError ? "error" : "warning")} {Id}: {Message}";
    }

    /// <summary>The properties every run must have, whoever ran the generator.</summary>
    private static List<string> Check(List<InputFile> inputs, string mutatedPath, IEnumerable<string> hints, IEnumerable<Reported> reported, out bool isBroken)
    {
        var hintNames = hints.ToList();
        var problems = new List<string>();
        var diagnostics = reported.ToList();
        isBroken = false;

        var texts = inputs.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Message.Contains("unexpected parser failure", StringComparison.Ordinal) || diagnostic.Id == "CCG019")
                problems.Add("a caught crash: " + diagnostic);
            if (!texts.TryGetValue(diagnostic.Location.Path, out var fileText))
                problems.Add("located outside the inputs: " + diagnostic);
            else if (SchemaOracle.LocationProblem(diagnostic.Location, fileText) is { } where)
                problems.Add($"bad location ({where}): {diagnostic}");
        }

        // Hint names Roslyn accepts: unique ignoring case, and no '@' or other character it rejects.
        foreach (var clash in hintNames.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add("hint names clash: " + string.Join(", ", clash));
        foreach (var hint in hintNames.Where(h => !h.All(IsHintNameCharacter)))
            problems.Add("hint name Roslyn may reject: " + hint);

        // Which files made it into the output, by the resolver's own account, checked against the files emitted.
        var parsed = inputs.Select(f => f.Path == mutatedPath ? SchemaParser.Parse(f.Path, f.Text) : ParsedCorpus[f.Path]).ToList();
        var set = SchemaSetResolver.Resolve(parsed, Options);
        var emitted = hintNames.ToHashSet(StringComparer.Ordinal);
        var generating = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in set.Tables)
        {
            if (emitted.Contains(table.Table.TypeName.TrimStart('@') + ".g.cs")) generating.Add(table.Table.TableLocation.Path);
            else problems.Add($"resolved table {table.Table.Table} has no file");
        }
        foreach (var form in set.Forms)
        {
            if (emitted.Contains(form.Form.ClassName.TrimStart('@') + ".g.cs")) generating.Add(form.Form.FormIdLocation.Path);
            else problems.Add($"resolved form {form.Form.Name} has no file");
        }

        foreach (var input in inputs)
        {
            var errors = diagnostics.Where(d => d.IsError && d.Location.Path == input.Path).ToList();
            if (!generating.Contains(input.Path) && errors.Count == 0)
                problems.Add($"{input.Path} generates nothing and has no error");
            // An error file generates nothing; CCG009 is the known exception (the link is dropped, the table kept).
            if (generating.Contains(input.Path) && errors.Any(e => e.Id != "CCG009"))
                problems.Add($"{input.Path} generates despite {string.Join("; ", errors)}");
        }

        var mutatedErrors = diagnostics.Where(d => d.IsError && d.Location.Path == mutatedPath).ToList();
        if (!SchemaOracle.IsJson(texts[mutatedPath], out var document, out var stop))
        {
            isBroken = true;
            var malformed = mutatedErrors.Where(d => d.Id == "CCG001").ToList();
            if (malformed.Count == 0)
                problems.Add("not JSON, but no CCG001: " + string.Join("; ", mutatedErrors));
            // Where System.Text.Json stopped is where the generator must point.
            else if (stop is { } at && !malformed.Any(d => d.Location.StartLine == at.Line && d.Location.StartColumn == at.Column))
                problems.Add($"CCG001 is not where the reader stopped ({at.Line},{at.Column}): {string.Join("; ", malformed)}");
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
        return problems;
    }

    // Roslyn takes identifier characters and a few punctuation marks in a hint name ('@' is not one).
    private static bool IsHintNameCharacter(char c) =>
        char.IsLetterOrDigit(c) || c is '_' or '.' or '-' || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.LetterNumber;

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
        var fromDriver = run.Diagnostics.Select(d => Reported.Of(d).ToString()).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var fromPipeline = core.Diagnostics.Select(d => Reported.Of(d).ToString()).OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (!fromDriver.SequenceEqual(fromPipeline))
        {
            yield return "diagnostics differ:\n    driver only: " + string.Join("\n                 ", fromDriver.Except(fromPipeline))
                + "\n    core only:   " + string.Join("\n                 ", fromPipeline.Except(fromDriver));
        }
    }

    private static string Describe(int index, string path, Mutation kind, string text, List<string> problems)
    {
        static string Cut(string s, int max) => s.Length > max ? s.Substring(0, max) + $"... ({s.Length} chars)" : s;
        var escaped = string.Concat(Cut(text, 600).Select(c => c < ' ' && c != '\n' || char.IsSurrogate(c) || c > '\u007e' && c < '\u00a0' ? $"\\u{(int)c:x4}" : c.ToString()));
        return $"case {index}: {kind} of {path}\n  - {string.Join("\n  - ", problems.Take(5).Select(p => Cut(p, 700)))}\n  text: {escaped}";
    }
}
