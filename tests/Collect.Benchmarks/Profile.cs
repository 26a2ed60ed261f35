using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Collect.Benchmarks.Infrastructure;
using Collect.Benchmarks.Inputs;
using Collect.Codegen;
using Collect.Codegen.Emit;
using Collect.Codegen.Model;
using Collect.Codegen.Naming;
using Collect.Codegen.Parsing;
using Collect.Codegen.Validation;
using Microsoft.CodeAnalysis;

namespace Collect.Benchmarks;

/// <summary>
/// <c>-- --profile</c>: a quick Stopwatch breakdown (not a benchmark) of the synthetic 1,000-table
/// set: the pipeline's stages, equality checks, the driver's own per-step times (step tracking on)
/// for a first run and each incremental re-run, the incremental re-runs of ours and the floor
/// interleaved, and (unless <c>--no-peer</c>) NSwag and one compile of each side's output.
/// <c>--incremental-only</c> runs just the interleaved incremental re-runs (a quick check while
/// working on the pipeline).
/// </summary>
public static class Profile
{
    private const int Rounds = 5;

    public static int Run(string[] args)
    {
        var set = SchemaInputs.Synthetic();
        var options = new CodegenOptions(RoslynHost.ConsumerNamespace, CodegenOptions.Default.DbName);
        Console.WriteLine($"Synthetic set: {set.TableCount} tables, {set.FormCount} form(s), {set.Files.Sum(f => f.Text.Length) / 1024} KB of JSON.");
        if (args.Contains("--incremental-only"))
        {
            Interleaved(set);
            return 0;
        }

        // Warm up (JIT, template parse) once.
        CodegenPipeline.Generate(set.Files, options);

        Console.WriteLine();
        Console.WriteLine($"== CodegenPipeline stages (best of {Rounds}, ms) ==");
        var parse = Best(() => set.Files.Select(f => SchemaParser.Parse(f.Path, f.Text)).ToList(), out var files);
        var resolve = Best(() => SchemaSetResolver.Resolve(files, options), out var schemaSet);
        var tables = Best(() => schemaSet.Tables.Select(t => Emitter.EmitTable(t, options, TemplateSet.Default)).ToList(), out var rendered);
        var forms = Best(() => schemaSet.Forms.Select(f => Emitter.EmitForm(f, options, TemplateSet.Default)).ToList(), out _);
        var entry = Best(() => Emitter.EmitEntryPoint(schemaSet.EntryPoint, options, TemplateSet.Default), out _);
        var total = Best(() => CodegenPipeline.Generate(set.Files, options), out var result);
        Console.WriteLine($"parse {set.Files.Count} files        {parse,10:F1}");
        var pascal = Best(() => set.Files.Count(f => f.Path.EndsWith(".table.json", StringComparison.Ordinal))
            + SyntheticSchemas.Tables().Sum(t => t.Columns.Count(c => Names.PropertyNameOf(c.Name, Names.PrefixOf(t.RowId)).Length > 0)), out _);
        Console.WriteLine($"  of which names (Humanizer Pascalize of every column, alone) ~{pascal:F1}");
        Console.WriteLine($"resolve set                {resolve,10:F1}");
        Console.WriteLine($"emit tables                {tables,10:F1}");
        var recordOnly = Best(() => schemaSet.Tables.Select(t => Emitter.EmitTable(t, options, Overriding("Repository.scriban"))).ToList(), out _);
        var repositoryOnly = Best(() => schemaSet.Tables.Select(t => Emitter.EmitTable(t, options, Overriding("Record.scriban"))).ToList(), out _);
        var neither = Best(() => schemaSet.Tables.Select(t => Emitter.EmitTable(t, options, Overriding("Record.scriban", "Repository.scriban"))).ToList(), out _);
        Console.WriteLine($"  of which Record.scriban     ~{tables - repositoryOnly,9:F1}  (emit with an empty Repository override: {recordOnly:F1})");
        Console.WriteLine($"  of which Repository.scriban ~{tables - recordOnly,9:F1}  (emit with an empty Record override: {repositoryOnly:F1})");
        Console.WriteLine($"  models + Scriban set-up     ~{neither,9:F1}  (both templates overridden with empty ones)");
        Console.WriteLine($"emit forms                 {forms,10:F1}");
        Console.WriteLine($"emit entry point           {entry,10:F1}");
        Console.WriteLine($"whole pipeline             {total,10:F1}");
        var bytes = result.Files.Sum(f => (long)f.Text.Length);
        Console.WriteLine($"output: {result.Files.Count} files, {bytes / 1024 / 1024.0:F1} M chars; largest {result.Files.Max(f => f.Text.Length) / 1024} K chars");

        Console.WriteLine();
        Console.WriteLine($"== Equality checks the driver makes (best of {Rounds}, ms) ==");
        var copy = SchemaSetResolver.Resolve(set.Files.Select(f => SchemaParser.Parse(f.Path, f.Text)).ToList(), options);
        var eqSet = Best(() => copy.Equals(schemaSet), out _);
        var eqTables = Best(() => schemaSet.Tables.Zip(copy.Tables).Count(p => p.First.Equals(p.Second)), out _);
        var hash = Best(() => schemaSet.Tables.Sum(t => (long)t.GetHashCode()), out _);
        var eqRendered = Best(() => rendered.Zip(rendered.Select(r => new RenderResult(r.Files.Select(f => new GeneratedFile(f.HintName, new string(f.Text.AsSpan()))).ToEquatableArray(), r.Diagnostics))).Count(p => p.First.Equals(p.Second)), out _);
        Console.WriteLine($"SchemaSet.Equals (equal, distinct instances)      {eqSet,10:F1}");
        Console.WriteLine($"1,000 × TableOutput.Equals                     {eqTables,10:F1}");
        Console.WriteLine($"1,000 × TableOutput.GetHashCode                {hash,10:F1}");
        Console.WriteLine($"1,000 × RenderResult.Equals (text compare)     {eqRendered,10:F1}");

        Console.WriteLine();
        Console.WriteLine("== Driver steps, step tracking on (ms; sum of the step's elapsed time over its items) ==");
        Console.WriteLine("   (tracking itself costs a lot: compare walls with the benchmarks, not with each other)");
        DriverSteps(set);

        Console.WriteLine();
        Console.WriteLine("== Incremental re-runs, tracking off, ours and floor interleaved (ms per re-run) ==");
        Console.WriteLine("   (interleaving keeps the ratio honest when other processes load the machine)");
        Interleaved(set);

        if (!args.Contains("--no-peer"))
            Peer(result);
        return 0;
    }

    // NSwag once, and one compile of each side's output, with sizes and diagnostics.
    private static void Peer(GenerationResult ours)
    {
        Console.WriteLine();
        Console.WriteLine("== NSwag and compile (one run each, ms) ==");
        var watch = Stopwatch.StartNew();
        var document = NSwagClient.LoadDocument();
        Console.WriteLine($"OpenAPI document built and parsed   {watch.Elapsed.TotalMilliseconds,10:F0}  ({document.Paths.Count} paths, {document.Components.Schemas.Count} schemas)");
        var settings = NSwagClient.Settings();
        watch.Restart();
        var code = NSwagClient.Generate(document, settings);
        Console.WriteLine($"NSwag GenerateFile (first)          {watch.Elapsed.TotalMilliseconds,10:F0}  ({code.Length / 1024.0 / 1024:F1} M chars, {code.Count(c => c == '\n')} lines)");
        watch.Restart();
        NSwagClient.Generate(document, settings);
        Console.WriteLine($"NSwag GenerateFile (second)         {watch.Elapsed.TotalMilliseconds,10:F0}");

        var oursSources = ours.Files.Select(f => ("/generated/" + f.HintName, f.Text)).ToList();
        var nswagSources = new[] { ("/generated/CollectClient.cs", code) };
        foreach (var (name, sources, references) in new[]
        {
            ("ours", (IReadOnlyList<(string, string)>)oursSources, RoslynHost.CollectReferences),
            ("NSwag", nswagSources, RoslynHost.FrameworkReferences),
        })
        {
            watch.Restart();
            var emitted = RoslynHost.CompileAndEmit(name, sources, references, out var bytes);
            var errors = emitted.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            var warnings = emitted.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
            Console.WriteLine($"compile + emit {name,-6}               {watch.Elapsed.TotalMilliseconds,10:F0}  ({sources.Sum(s => s.Item2.Length) / 1024.0 / 1024:F1} M chars in {sources.Count} files -> {bytes / 1024} KB; {errors} errors, {warnings} warnings)");
            foreach (var d in emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Take(5))
                Console.WriteLine("   " + d);
        }
    }

    private static void DriverSteps(SchemaInputs set)
    {
        var original = set.Texts.Single(t => t.Path == SyntheticSchemas.EditedFile(SyntheticSchemas.EditedVariant.A).Path);
        var a = SyntheticSchemas.EditedFile(SyntheticSchemas.EditedVariant.A);
        var b = SyntheticSchemas.EditedFile(SyntheticSchemas.EditedVariant.B);
        AdditionalText editA = new InMemoryAdditionalText(a.Path, a.Text), editB = new InMemoryAdditionalText(b.Path, b.Text);
        var compilationA = RoslynHost.CreateConsumerCompilation();
        var compilationB = compilationA.ReplaceSyntaxTree(
            compilationA.SyntaxTrees.First(t => t.FilePath.EndsWith("Service7.cs", StringComparison.Ordinal)),
            RoslynHost.ParseConsumerFile(7, "    public int Thrice() => Value * 3;"));

        foreach (var (name, generator) in new (string, IIncrementalGenerator)[] { ("SchemaGenerator", new Collect.Codegen.SourceGenerator.SchemaGenerator()), ("FloorGenerator", RoslynHost.FloorFor(set.Files)) })
        {
            var driver = RoslynHost.CreateDriver(generator, set.Texts, trackSteps: true);
            var watch = Stopwatch.StartNew();
            driver = driver.RunGenerators(compilationA);
            Report(name + ": first run", driver, watch.Elapsed.TotalMilliseconds);
            driver = driver.ReplaceAdditionalText(original, editA).RunGenerators(compilationA);
            var current = editA;
            for (var i = 0; i < 3; i++)
            {
                var next = current == editA ? editB : editA;
                watch.Restart();
                driver = driver.ReplaceAdditionalText(current, next).RunGenerators(compilationA);
                var elapsed = watch.Elapsed.TotalMilliseconds;
                current = next;
                if (i == 2) Report(name + ": one schema edited", driver, elapsed);
            }
            for (var i = 0; i < 3; i++)
            {
                watch.Restart();
                driver = driver.RunGenerators(i % 2 == 0 ? compilationB : compilationA);
                var elapsed = watch.Elapsed.TotalMilliseconds;
                if (i == 2) Report(name + ": unrelated C# edited", driver, elapsed);
            }
        }
    }

    private static void Interleaved(SchemaInputs set)
    {
        const int Samples = 100;
        var original = set.Texts.Single(t => t.Path == SyntheticSchemas.EditedFile(SyntheticSchemas.EditedVariant.A).Path);
        var a = SyntheticSchemas.EditedFile(SyntheticSchemas.EditedVariant.A);
        var b = SyntheticSchemas.EditedFile(SyntheticSchemas.EditedVariant.B);
        AdditionalText editA = new InMemoryAdditionalText(a.Path, a.Text), editB = new InMemoryAdditionalText(b.Path, b.Text);
        var compilationA = RoslynHost.CreateConsumerCompilation();
        var compilationB = compilationA.ReplaceSyntaxTree(
            compilationA.SyntaxTrees.First(t => t.FilePath.EndsWith("Service7.cs", StringComparison.Ordinal)),
            RoslynHost.ParseConsumerFile(7, "    public int Thrice() => Value * 3;"));
        var drivers = new[]
        {
            RoslynHost.CreateSchemaDriver(set.Texts),
            RoslynHost.CreateDriver(RoslynHost.FloorFor(set.Files), set.Texts),
        };
        for (var d = 0; d < drivers.Length; d++)
        {
            drivers[d] = drivers[d].RunGenerators(compilationA).ReplaceAdditionalText(original, editA).RunGenerators(compilationA);
            for (var i = 0; i < 5; i++)
                drivers[d] = drivers[d].ReplaceAdditionalText(editA, editB).RunGenerators(compilationA).ReplaceAdditionalText(editB, editA).RunGenerators(compilationA)
                    .RunGenerators(compilationB).RunGenerators(compilationA);
        }
        var schema = new[] { new List<double>(), new List<double>() };
        var csharp = new[] { new List<double>(), new List<double>() };
        for (var sample = 0; sample < Samples; sample++)
        {
            for (var d = 0; d < drivers.Length; d++)
            {
                var watch = Stopwatch.StartNew();
                drivers[d] = drivers[d].ReplaceAdditionalText(editA, editB).RunGenerators(compilationA).ReplaceAdditionalText(editB, editA).RunGenerators(compilationA);
                schema[d].Add(watch.Elapsed.TotalMilliseconds / 2);
                watch.Restart();
                drivers[d] = drivers[d].RunGenerators(compilationB).RunGenerators(compilationA);
                csharp[d].Add(watch.Elapsed.TotalMilliseconds / 2);
            }
        }
        Console.WriteLine($"                        {"ours min",9} {"median",9} | {"floor min",9} {"median",9} | median ratio");
        Console.WriteLine($"(a) one schema edited   {Quantile(schema[0], 0),9:F2} {Quantile(schema[0], 0.5),9:F2} | {Quantile(schema[1], 0),9:F2} {Quantile(schema[1], 0.5),9:F2} | {Quantile(schema[0], 0.5) / Quantile(schema[1], 0.5),5:F2}");
        Console.WriteLine($"(b) unrelated C# edited {Quantile(csharp[0], 0),9:F2} {Quantile(csharp[0], 0.5),9:F2} | {Quantile(csharp[1], 0),9:F2} {Quantile(csharp[1], 0.5),9:F2} | {Quantile(csharp[0], 0.5) / Quantile(csharp[1], 0.5),5:F2}");
    }

    private static double Quantile(List<double> values, double q)
    {
        var ordered = values.OrderBy(v => v).ToList();
        return ordered[(int)(q * (ordered.Count - 1))];
    }

    private static void Report(string title, GeneratorDriver driver, double wallMs)
    {
        var result = driver.GetRunResult().Results.Single();
        var timing = driver.GetTimingInfo();
        var generatorMs = timing.GeneratorTimes.Sum(t => t.ElapsedTime.TotalMilliseconds);
        Console.WriteLine($"-- {title}: wall {wallMs:F2} ms, driver {timing.ElapsedTime.TotalMilliseconds:F2} ms, generator {generatorMs:F2} ms, {result.GeneratedSources.Length} sources");
        foreach (var (step, runs) in result.TrackedSteps.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var ms = runs.Sum(r => r.ElapsedTime.TotalMilliseconds);
            var reasons = runs.SelectMany(r => r.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Key}={g.Count()}");
            Console.WriteLine($"   {step,-18} {ms,9:F2} ms  runs={runs.Length,-5} {string.Join(" ", reasons)}");
        }
        foreach (var (step, runs) in result.TrackedOutputSteps)
        {
            var ms = runs.Sum(r => r.ElapsedTime.TotalMilliseconds);
            var reasons = runs.SelectMany(r => r.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Key}={g.Count()}");
            Console.WriteLine($"   [output] {step,-9} {ms,9:F2} ms  runs={runs.Length,-5} {string.Join(" ", reasons)}");
        }
    }

    // The built-in templates with the named ones replaced by empty templates (to split emit time by template).
    private static TemplateSet Overriding(params string[] names) =>
        new(names.Select(n => new TemplateOverride("/overrides/" + n, "")).ToEquatableArray());

    private static double Best<T>(Func<T> action, out T result)
    {
        var best = double.MaxValue;
        result = default!;
        for (var i = 0; i < Rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            result = action();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }
        return best;
    }
}
