using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using Collect.Benchmarks.Infrastructure;
using Collect.Benchmarks.Inputs;
using Collect.Codegen;
using Collect.Codegen.Model;

namespace Collect.Benchmarks;

/// <summary>
/// <c>-- --compile-variants</c>: where the compiler's time goes in our generated code for the
/// 1,000 tables (not a benchmark: best of two Stopwatch runs per variant). Each variant removes one
/// part of the generated files textually and compiles the rest (parse, bind, emit to memory), so the
/// difference to the full output is roughly what that part costs.
/// </summary>
public static partial class CompileVariants
{
    public static int Run(string[] args)
    {
        var set = SchemaInputs.Synthetic();
        var generated = CodegenPipeline.Generate(set.Files, new CodegenOptions(RoslynHost.ConsumerNamespace, CodegenOptions.Default.DbName));
        var files = generated.Files.Select(f => ("/generated/" + f.HintName, f.Text)).ToList();
        var variants = new (string Name, Func<string, string, string> Edit)[]
        {
            ("as generated", (_, text) => text),
            ("without doc comments", (_, text) => DocComment().Replace(text, "")),
            ("without Filter and Sort classes", (_, text) => RemoveBlock(RemoveBlock(text, "public static class Filter"), "public static class Sort")),
            ("without ReadJson body", (_, text) => ReplaceBody(text, ".ReadJson(ref global::System.Text.Json.Utf8JsonReader reader)", "throw null!;")),
            ("without WriteColumns body", (_, text) => ReplaceBody(text, ".WriteColumns(global::System.Text.Json.Utf8JsonWriter writer,", "")),
            ("records as classes (no synthesized members)", (_, text) => text.Replace("sealed partial record", "sealed partial class", StringComparison.Ordinal)),
            ("without repositories", (path, text) => path.EndsWith("Repository.g.cs", StringComparison.Ordinal) ? "" : text),
            ("Filter and Sort members as static readonly fields", (_, text) => HelperProperty().Replace(text, "public static readonly $1 $2 = new(")),
            ("Columns, Filter and Sort members without docs", (_, text) => HelperDoc().Replace(text, "")),
            ("#nullable enable annotations (no flow analysis)", (_, text) => text.Replace("#nullable enable\n", "#nullable enable annotations\n", StringComparison.Ordinal)),
            ("both of the above", (_, text) => HelperDoc().Replace(HelperProperty().Replace(text, "public static readonly $1 $2 = new("), "")),
        };
        var only = args.SkipWhile(a => a != "--variant").Skip(1).FirstOrDefault();
        if (args.Contains("--parse-only"))
        {
            var nswagText = NSwagClient.Generate(NSwagClient.LoadDocument(), NSwagClient.Settings());
            foreach (var mode in new[] { Microsoft.CodeAnalysis.DocumentationMode.Parse, Microsoft.CodeAnalysis.DocumentationMode.None })
            {
                var options = RoslynHost.ParseOptions.WithDocumentationMode(mode);
                foreach (var (name, texts) in new[] { ("ours", files.Select(f => f.Text).ToArray()), ("NSwag", new[] { nswagText }) })
                {
                    var best = double.MaxValue;
                    for (var i = 0; i < 3; i++)
                    {
                        var watch = Stopwatch.StartNew();
                        foreach (var text in texts) Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, options).GetRoot();
                        best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
                    }
                    Console.WriteLine($"  parse only, docs {mode,-6} {name,-6} {best,9:F0}");
                }
            }
            return 0;
        }
        Console.WriteLine($"{files.Count} files, {files.Sum(f => f.Text.Length) / 1024 / 1024.0:F1} M chars. Best of 2 compiles (parse + bind + emit), ms:");
        if (args.Contains("--nswag"))
        {
            var nswag = new[] { ("/generated/CollectClient.cs", NSwagClient.Generate(NSwagClient.LoadDocument(), NSwagClient.Settings())) };
            var best = double.MaxValue;
            for (var i = 0; i < 2; i++)
            {
                var watch = Stopwatch.StartNew();
                RoslynHost.CompileAndEmit("NSwag", nswag, RoslynHost.FrameworkReferences, out _);
                best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"  {"NSwag's client for the same tables",-46} {best,9:F0}  ({nswag[0].Item2.Length / 1024 / 1024.0:F1} M chars)");
        }
        // --templates DIR (repeatable): the output generated with DIR's *.scriban files as overrides.
        var runs = variants
            .Where(v => only is null || v.Name.Contains(only, StringComparison.OrdinalIgnoreCase))
            .Select(v => (v.Name, Sources: files.Select(f => (f.Item1, v.Edit(f.Item1, f.Text))).ToList()))
            .Concat(args.Select((a, i) => (a, i)).Where(x => x.a == "--templates").Select(x => args[x.i + 1]).Select(dir =>
            {
                var overrides = System.IO.Directory.GetFiles(dir, "*.scriban").Select(p => new InputFile(p, System.IO.File.ReadAllText(p)));
                var output = CodegenPipeline.Generate(set.Files.Concat(overrides), new CodegenOptions(RoslynHost.ConsumerNamespace, CodegenOptions.Default.DbName));
                return (Name: "templates " + dir, Sources: output.Files.Select(f => ("/generated/" + f.HintName, f.Text)).ToList());
            }))
            .ToList();
        // Rounds alternate the variants, so a drift of the machine's speed hits them all alike.
        var bests = runs.Select(_ => double.MaxValue).ToArray();
        var errors = new int[runs.Count];
        for (var round = 0; round < 2; round++)
        {
            for (var v = 0; v < runs.Count; v++)
            {
                var watch = Stopwatch.StartNew();
                var result = RoslynHost.CompileAndEmit("Variant", runs[v].Sources, RoslynHost.CollectReferences, out _);
                bests[v] = Math.Min(bests[v], watch.Elapsed.TotalMilliseconds);
                errors[v] = result.Diagnostics.Count(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
                if (round == 0 && errors[v] > 0) Console.WriteLine("    " + result.Diagnostics.First(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            }
        }
        for (var v = 0; v < runs.Count; v++)
            Console.WriteLine($"  {runs[v].Name,-46} {bests[v],9:F0}  ({runs[v].Sources.Sum(s => s.Item2.Length) / 1024 / 1024.0:F1} M chars, {errors[v]} errors)");
        return 0;
    }

    [GeneratedRegex(@"^\s*///.*\r?\n", RegexOptions.Multiline)]
    private static partial Regex DocComment();

    [GeneratedRegex(@"public static (global::Collect\.Runtime\.FilterColumn<[^>]+>|global::Collect\.Runtime\.SortColumn) (\w+) => new\(")]
    private static partial Regex HelperProperty();

    [GeneratedRegex(@"^\s*/// <summary>(Conditions on |Sorts by |<c>).*\r?\n", RegexOptions.Multiline)]
    private static partial Regex HelperDoc();

    // Removes the brace block that follows the first line containing the marker.
    private static string RemoveBlock(string text, string marker)
    {
        var start = text.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) return text;
        var open = text.IndexOf('{', start);
        var end = MatchingBrace(text, open);
        return text[..start] + text[(end + 1)..];
    }

    private static string ReplaceBody(string text, string signature, string body)
    {
        var start = text.IndexOf(signature, StringComparison.Ordinal);
        if (start < 0) return text;
        var open = text.IndexOf('{', start);
        var end = MatchingBrace(text, open);
        return text[..(open + 1)] + body + text[end..];
    }

    private static int MatchingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return i;
        }
        throw new InvalidOperationException("Unbalanced braces.");
    }
}
