using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Collect.Codegen.Emit;
using Collect.Codegen.Model;
using Collect.Codegen.Parsing;
using Collect.Codegen.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Collect.Codegen.SourceGenerator;

/// <summary>
/// Generates typed records, repositories, form DTOs and the entry point from the project's
/// <c>*.table.json</c> and <c>*.form.json</c> additional files. The pipeline: parse each file into
/// an equatable model → resolve names and links across files from the files' shapes → join each
/// file with that resolution → render one group of files per table, per form and for the entry
/// point. Source and diagnostics are separate outputs, so a moved diagnostic never regenerates code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SchemaGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var inputs = context.AdditionalTextsProvider
            .Select(static (text, ct) => GeneratorInput.Read(text.Path, () => ReadText(text, ct)))
            .WithTrackingName(TrackingNames.ParseSchema);
        var allInputs = inputs.Collect();

        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);
        var templates = allInputs
            .Select(static (items, _) => TemplateSet.Of(items.Select(i => i.Template)))
            .WithTrackingName(TrackingNames.Templates);
        var settings = options.Combine(templates)
            .Select(static (pair, _) => new RenderSettings(pair.Left, pair.Right));

        // Names and links are resolved from the files' shapes alone: an edit that changes no name or
        // link (a description, a type, a length) leaves the shapes equal and the resolution cached,
        // so only the edited table's job changes and only its files are rendered again.
        var names = allInputs
            .Select(static (items, _) => Select(items, static i => i.Shape))
            .WithTrackingName(TrackingNames.Shapes)
            .Combine(options)
            .Select(static (pair, _) => SchemaSetResolver.ResolveNames(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ResolveNames);
        var resolved = names.Combine(settings);
        // The parsed files in the same order as their shapes: the resolution refers to them by position.
        var schemaFiles = allInputs.Select(static (items, _) => Select(items, static i => i.Schema));

        // One job per table and per form, compared with the last run's jobs; the source outputs
        // render only the jobs that are new or changed.
        var tables = schemaFiles.Combine(resolved)
            .SelectMany(static (input, _) => SchemaSetResolver.TableOutputsOf(input.Left, input.Right.Left)
                .Select(table => new RenderJob<TableOutput>(table, input.Right.Right)))
            .WithTrackingName(TrackingNames.Tables);
        var forms = schemaFiles.Combine(resolved)
            .SelectMany(static (input, _) => SchemaSetResolver.FormOutputsOf(input.Left, input.Right.Left)
                .Select(form => new RenderJob<FormOutput>(form, input.Right.Right)))
            .WithTrackingName(TrackingNames.Forms);
        var entryPoint = resolved
            .Select(static (input, _) => new RenderJob<EntryPointOutput>(input.Left.EntryPoint, input.Right))
            .WithTrackingName(TrackingNames.EntryPoint);

        context.RegisterSourceOutput(tables, static (spc, job) => AddSources(spc, Emitter.EmitTable(job.Output, job.Settings.Options, job.Settings.Templates)));
        context.RegisterSourceOutput(forms, static (spc, job) => AddSources(spc, Emitter.EmitForm(job.Output, job.Settings.Options, job.Settings.Templates)));
        context.RegisterSourceOutput(entryPoint, static (spc, job) => AddSources(spc, Emitter.EmitEntryPoint(job.Output, job.Settings.Options, job.Settings.Templates)));

        var diagnostics = schemaFiles
            .Combine(names)
            .Combine(templates)
            .Combine(options)
            .Select(static (input, _) => input.Left.Left.Left.SelectMany(file => file.Diagnostics)
                .Concat(input.Left.Left.Right.Diagnostics)
                .Concat(input.Left.Right.Validate())
                .Concat(input.Right.Problems)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, items) =>
        {
            foreach (var item in items) spc.ReportDiagnostic(RoslynDiagnostics.ToDiagnostic(item));
        });
    }

    private static void AddSources(SourceProductionContext context, RenderResult result)
    {
        foreach (var file in result.Files)
            context.AddSource(file.HintName, SourceText.From(file.Text, System.Text.Encoding.UTF8));
        foreach (var diagnostic in result.Diagnostics)
            context.ReportDiagnostic(RoslynDiagnostics.ToDiagnostic(diagnostic));
    }

    // The non-null values of one member of the inputs, in input order.
    private static EquatableArray<T> Select<T>(ImmutableArray<GeneratorInput> inputs, Func<GeneratorInput, T?> member) where T : class, IEquatable<T>
    {
        var values = new List<T>(inputs.Length);
        foreach (var input in inputs)
            if (member(input) is { } value) values.Add(value);
        return new EquatableArray<T>(values.ToArray());
    }

    private static string ReadText(AdditionalText text, CancellationToken cancellationToken) =>
        text.GetText(cancellationToken)?.ToString() ?? "";

    private static CodegenOptions ReadOptions(AnalyzerConfigOptions options)
    {
        var ns = Read(options, "build_property.CollectNamespace") ?? Read(options, "build_property.RootNamespace");
        return CodegenOptions.From(ns, Read(options, "build_property.CollectDbName"));
    }

    private static string? Read(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
