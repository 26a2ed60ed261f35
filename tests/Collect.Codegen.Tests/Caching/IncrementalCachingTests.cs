using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Collect.Codegen.Model;
using Collect.Codegen.SourceGenerator;
using Collect.Codegen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Collect.Codegen.Tests.Caching;

/// <summary>
/// The incremental pipeline does no more work than an edit needs: every step is looked at by its
/// tracking name (TrackingNames) after a second run over an edited input.
/// </summary>
public class IncrementalCachingTests
{
    private const int TableCount = 22;

    private static readonly IncrementalStepRunReason[] Reused = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    private static string TablePath(int i) => $"/schemas/t{i:00}_item.table.json";

    private static string TypeName(int i) => $"T{i:00}Item";

    /// <summary>A table file; <paramref name="parent"/> adds a row-id column that references that table.</summary>
    private static string Table(int i, string description = "The item's name.", int? parent = null)
    {
        var p = $"t{i:00}_";
        var link = parent is { } to
            ? $",\n    {{ \"name\": \"{p}rowid_parent\", \"type\": \"rowid\", \"references\": \"t{to:00}_item\" }}"
            : "";
        return $$"""
            {
              "table": "t{{i:00}}_item",
              "rowId": "{{p}}rowid",
              "description": "Table number {{i}}.",
              "fields": [
                { "name": "{{p}}rowid", "type": "rowid" },
                { "name": "{{p}}name", "type": "string", "maxLength": 40, "description": "{{description}}" },
                { "name": "{{p}}count", "type": "int" }{{link}}
              ]
            }
            """;
    }

    private const string FormPath = "/schemas/t00-name.form.json";

    private const string Form = """
        {
          "formId": "7d1c0a52-0000-4000-8000-0000000000aa",
          "name": "ItemName",
          "table": "t00_item",
          "fields": ["t00_name"],
          "buttons": [{ "name": "Ok", "value": 1 }]
        }
        """;

    /// <summary>22 tables (table 5 is a child of table 1) and one form.</summary>
    private static List<AdditionalText> Schemas()
    {
        var texts = Enumerable.Range(0, TableCount)
            .Select(i => (AdditionalText)new InMemoryAdditionalText(TablePath(i), Table(i, parent: i == 5 ? 1 : null)))
            .ToList();
        texts.Add(new InMemoryAdditionalText(FormPath, Form));
        return texts;
    }

    /// <summary>A driver that has run once over <paramref name="texts"/>, and the compilation it ran on.</summary>
    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(IReadOnlyList<AdditionalText> texts)
    {
        var compilation = GeneratorHarness.CreateCompilation("namespace Consumer { public static class Program { public static int Main() => 0; } }");
        var driver = GeneratorHarness.CreateDriver(texts).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        return (driver, compilation);
    }

    private static GeneratorRunResult Result(GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result;
    }

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason, object Value)> Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps.TryGetValue(step, out var steps)
            ? steps.SelectMany(s => s.Outputs.Select(o => (step, o.Reason, o.Value)))
            : throw new InvalidOperationException($"No tracked step {step}; tracked: {string.Join(", ", result.TrackedSteps.Keys)}");

    /// <summary>The names of the generator's own steps (Roslyn also tracks its input nodes, such as the compilation).</summary>
    private static readonly string[] StepNames = typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    /// <summary>The outputs of every step the generator names, and of every source output.</summary>
    private static IEnumerable<(string Step, IncrementalStepRunReason Reason, object Value)> AllOutputs(GeneratorRunResult result) =>
        result.TrackedSteps.Where(pair => StepNames.Contains(pair.Key)).Concat(result.TrackedOutputSteps)
            .SelectMany(pair => pair.Value.SelectMany(s => s.Outputs.Select(o => (pair.Key, o.Reason, o.Value))));

    private static void AssertReused(IEnumerable<(string Step, IncrementalStepRunReason Reason, object Value)> outputs)
    {
        var redone = outputs.Where(o => !Reused.Contains(o.Reason)).Select(o => $"{o.Step}: {o.Reason} {Describe(o.Value)}").ToList();
        Assert.True(redone.Count == 0, "steps that did work again:\n" + string.Join("\n", redone));
    }

    /// <summary>
    /// The tables' render jobs, by the table's type name, with their reasons. A source output renders
    /// only the jobs that are new or modified, so a reused job is a table not rendered again.
    /// </summary>
    private static Dictionary<string, IncrementalStepRunReason> RenderedTables(GeneratorRunResult result) =>
        Outputs(result, TrackingNames.Tables).ToDictionary(
            o => ((RenderJob<TableOutput>)o.Value).Output.Table.TypeName,
            o => o.Reason);

    private static string PathOf(object parsed) => ((GeneratorInput)parsed).Schema!.Path;

    private static string Describe(object value) => value switch
    {
        SchemaFile file => file.Path,
        GeneratorInput input => input.Schema?.Path ?? input.Template?.Path ?? "(ignored)",
        RenderJob<TableOutput> job => job.Output.Table.Table,
        RenderJob<FormOutput> job => job.Output.Form.Name,
        RenderResult render => string.Join(", ", render.Files.Select(f => f.HintName)),
        TableOutput table => table.Table.Table,
        _ => value.GetType().Name,
    };

    [Fact]
    public void EveryTrackingNameIsTracked()
    {
        var (driver, _) = FirstRun(Schemas());
        var result = Result(driver);

        Assert.NotEmpty(StepNames);
        Assert.All(StepNames, name => Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} is not tracked"));
        Assert.All(AllOutputs(result), o => Assert.Equal(IncrementalStepRunReason.New, o.Reason));
    }

    [Fact]
    public void UnrelatedCSharpEditLeavesEveryStepCached()
    {
        var (driver, compilation) = FirstRun(Schemas());

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Consumer { internal static class Unrelated { internal const int Answer = 42; } }",
            GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        driver = driver.RunGenerators(edited);

        AssertReused(AllOutputs(Result(driver)));
    }

    [Fact]
    public void ChangedCSharpSourceLeavesEveryStepCached()
    {
        var (driver, compilation) = FirstRun(Schemas());

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            "namespace Consumer { public static class Program { public static int Main() => 1; } }")));
        driver = driver.RunGenerators(edited);

        AssertReused(AllOutputs(Result(driver)));
    }

    [Fact]
    public void ColumnDescriptionEditRegeneratesOnlyThatTable()
    {
        var texts = Schemas();
        var (driver, compilation) = FirstRun(texts);

        const int changed = 7;
        driver = driver.ReplaceAdditionalText(texts[changed], new InMemoryAdditionalText(TablePath(changed), Table(changed, "The item's name, as printed.")));
        driver = driver.RunGenerators(compilation);
        var result = Result(driver);

        var parsed = Outputs(result, TrackingNames.ParseSchema).ToList();
        Assert.Equal(TableCount + 1, parsed.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, parsed.Single(o => PathOf(o.Value) == TablePath(changed)).Reason);
        AssertReused(parsed.Where(o => PathOf(o.Value) != TablePath(changed)));
        // A description is not part of a file's shape: names and links are not resolved again.
        AssertReused(Outputs(result, TrackingNames.Shapes));
        AssertReused(Outputs(result, TrackingNames.ResolveNames));

        var rendered = RenderedTables(result);
        Assert.Equal(TableCount, rendered.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, rendered[TypeName(changed)]);
        Assert.All(rendered.Where(r => r.Key != TypeName(changed)), r => Assert.Contains(r.Value, Reused));

        AssertReused(Outputs(result, TrackingNames.EntryPoint));
        AssertReused(Outputs(result, TrackingNames.Forms));
        AssertReused(Outputs(result, TrackingNames.Options));
        AssertReused(Outputs(result, TrackingNames.Templates));
        Assert.Contains("as printed", driver.GetRunResult().Results.Single().GeneratedSources
            .Single(s => s.HintName == TypeName(changed) + ".g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ChangedReferenceRegeneratesTheChildAndBothParentsOnly()
    {
        var texts = Schemas();
        var (driver, compilation) = FirstRun(texts);

        // Table 5 moves from parent 1 to parent 2: 5 changes, 1 loses a child, 2 gains one.
        driver = driver.ReplaceAdditionalText(texts[5], new InMemoryAdditionalText(TablePath(5), Table(5, parent: 2)));
        driver = driver.RunGenerators(compilation);
        var result = Result(driver);

        var expectedModified = new[] { TypeName(5), TypeName(1), TypeName(2) };
        var rendered = RenderedTables(result);
        Assert.Equal(TableCount, rendered.Count);
        Assert.All(expectedModified, name => Assert.Equal(IncrementalStepRunReason.Modified, rendered[name]));
        Assert.All(rendered.Where(r => !expectedModified.Contains(r.Key)), r => Assert.Contains(r.Value, Reused));
        AssertReused(Outputs(result, TrackingNames.EntryPoint));
        AssertReused(Outputs(result, TrackingNames.Forms));

        var sources = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Contains(TypeName(5), sources[TypeName(2) + "Repository.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain(TypeName(5), sources[TypeName(1) + "Repository.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void AddedReferenceRegeneratesTheParentRepositoryButNotUnrelatedTables()
    {
        var texts = Schemas();
        var (driver, compilation) = FirstRun(texts);

        driver = driver.ReplaceAdditionalText(texts[9], new InMemoryAdditionalText(TablePath(9), Table(9, parent: 3)));
        driver = driver.RunGenerators(compilation);
        var result = Result(driver);

        var rendered = RenderedTables(result);
        Assert.Equal(IncrementalStepRunReason.Modified, rendered[TypeName(9)]);
        Assert.Equal(IncrementalStepRunReason.Modified, rendered[TypeName(3)]);
        Assert.All(rendered.Where(r => r.Key != TypeName(9) && r.Key != TypeName(3)), r => Assert.Contains(r.Value, Reused));
        var sources = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Contains(TypeName(9), sources[TypeName(3) + "Repository.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void IdenticalTextLeavesEveryStepUnchangedOrCached()
    {
        var texts = Schemas();
        var (driver, compilation) = FirstRun(texts);

        driver = driver.ReplaceAdditionalText(texts[4], new InMemoryAdditionalText(TablePath(4), Table(4)));
        driver = driver.RunGenerators(compilation);
        var result = Result(driver);

        var parsed = Outputs(result, TrackingNames.ParseSchema).Single(o => PathOf(o.Value) == TablePath(4));
        Assert.Equal(IncrementalStepRunReason.Unchanged, parsed.Reason);
        AssertReused(AllOutputs(result));
    }

    [Fact]
    public void EditedFormRegeneratesOnlyTheFormAndNoTable()
    {
        var texts = Schemas();
        var (driver, compilation) = FirstRun(texts);

        var form = texts.Single(t => t.Path == FormPath);
        driver = driver.ReplaceAdditionalText(form, new InMemoryAdditionalText(FormPath, Form.Replace("\"value\": 1", "\"value\": 2", StringComparison.Ordinal)));
        driver = driver.RunGenerators(compilation);
        var result = Result(driver);

        var forms = Outputs(result, TrackingNames.Forms).ToList();
        Assert.NotEmpty(forms);
        Assert.All(forms, o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        AssertReused(Outputs(result, TrackingNames.Tables));
        AssertReused(Outputs(result, TrackingNames.EntryPoint));
    }

    [Fact]
    public void NoStepOutputHoldsASymbolASyntaxNodeOrACompilation()
    {
        var texts = Schemas();
        texts.Add(new InMemoryAdditionalText("/templates/Record.scriban", Collect.Codegen.Emit.TemplateSet.BuiltInText("Record.scriban")));
        texts.Add(new InMemoryAdditionalText("/schemas/broken.table.json", "{ \"table\": 5 }"));
        var (driver, compilation) = (GeneratorHarness.CreateDriver(texts), GeneratorHarness.CreateCompilation("class C { }"));
        driver = driver.RunGenerators(compilation);
        driver = driver.ReplaceAdditionalText(texts[3], new InMemoryAdditionalText(TablePath(3), Table(3, "Changed.")));
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D { }", GeneratorHarness.ParseOptions)));
        var result = Result(driver);

        var outputs = AllOutputs(result).ToList();
        Assert.NotEmpty(outputs);
        var walker = new RoslynObjectFinder();
        foreach (var (step, _, value) in outputs)
            walker.Visit(value, step);
        Assert.True(walker.Found.Count == 0, "Roslyn objects in step outputs:\n" + string.Join("\n", walker.Found));
        Assert.True(walker.Visited > outputs.Count, "the walk should look inside the models");
    }

    [Fact]
    public void TheWalkFindsARoslynObjectHiddenInAModel()
    {
        var compilation = GeneratorHarness.CreateCompilation("class C { }");
        var walker = new RoslynObjectFinder();

        walker.Visit((1, ImmutableArray.Create<object>("a", new { Inner = new KeyValuePair<string, object>("k", compilation) })), "probe");
        walker.Visit(new List<object> { compilation.GetTypeByMetadataName("C")! }, "symbol");

        Assert.Equal(2, walker.Found.Count);
    }

    /// <summary>Walks a value through tuples, collections, records' properties and fields, and notes any Roslyn object.</summary>
    private sealed class RoslynObjectFinder
    {
        private static readonly Type[] Forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };

        private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

        public List<string> Found { get; } = new();

        public int Visited { get; private set; }

        public void Visit(object? value, string path)
        {
            if (value is null) return;
            var type = value.GetType();
            if (IsForbidden(type))
            {
                Found.Add($"{path}: {type.FullName}");
                return;
            }
            if (type.IsPrimitive || type.IsEnum || value is string or decimal or DateTime or Type) return;
            // Templates parsed from an override are Scriban's own objects, cached beside the equatable key.
            if (type.Namespace?.StartsWith("Scriban", StringComparison.Ordinal) == true) return;
            if (!type.IsValueType && !_seen.Add(value)) return;
            Visited++;

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>) && (bool)type.GetProperty("IsDefault")!.GetValue(value)!)
                return;
            if (value is IEnumerable items)
            {
                var i = 0;
                foreach (var item in items)
                    Visit(item, $"{path}[{i++}]");
                return;
            }
            if (value is ITuple tuple)
            {
                for (var i = 0; i < tuple.Length; i++)
                    Visit(tuple[i], $"{path}.Item{i + 1}");
                return;
            }
            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (IsForbidden(field.FieldType))
                        Found.Add($"{path}.{field.Name}: declared {field.FieldType.FullName}");
                    Visit(field.GetValue(value), $"{path}.{field.Name}");
                }
            }
        }

        private static bool IsForbidden(Type type) => Forbidden.Any(f => f.IsAssignableFrom(type));
    }
}
