using System;
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
/// an equatable model → resolve the set → render one group of files per table, per form and for
/// the entry point. Source and diagnostics are separate outputs, so a moved diagnostic never
/// regenerates code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SchemaGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static text => SchemaFile.IsSchemaPath(text.Path))
            .Select(static (text, ct) => SchemaParser.Parse(text.Path, ReadText(text, ct)))
            .WithTrackingName(TrackingNames.ParseSchema);

        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);

        var templates = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".scriban", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, ct) => new TemplateOverride(text.Path, ReadText(text, ct)))
            .Collect()
            .Select(static (items, _) => new TemplateSet(items.OrderBy(t => t.Path, StringComparer.Ordinal).ToEquatableArray()))
            .WithTrackingName(TrackingNames.Templates);

        var set = files.Collect()
            .Combine(options)
            .Select(static (pair, _) => SchemaSetResolver.Resolve(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ResolveSet);

        var tables = set.SelectMany(static (s, _) => s.Tables).WithTrackingName(TrackingNames.Tables);
        var forms = set.SelectMany(static (s, _) => s.Forms).WithTrackingName(TrackingNames.Forms);
        var entryPoint = set.Select(static (s, _) => s.EntryPoint).WithTrackingName(TrackingNames.EntryPoint);
        var settings = options.Combine(templates);

        var tableFiles = tables.Combine(settings)
            .Select(static (input, _) => Emitter.EmitTable(input.Left, input.Right.Left, input.Right.Right))
            .WithTrackingName(TrackingNames.RenderTable);
        var formFiles = forms.Combine(settings)
            .Select(static (input, _) => Emitter.EmitForm(input.Left, input.Right.Left, input.Right.Right))
            .WithTrackingName(TrackingNames.RenderForm);
        var entryPointFiles = entryPoint.Combine(settings)
            .Select(static (input, _) => Emitter.EmitEntryPoint(input.Left, input.Right.Left, input.Right.Right))
            .WithTrackingName(TrackingNames.RenderEntryPoint);

        context.RegisterSourceOutput(tableFiles, AddSources);
        context.RegisterSourceOutput(formFiles, AddSources);
        context.RegisterSourceOutput(entryPointFiles, AddSources);

        var diagnostics = files.Select(static (file, _) => file.Diagnostics).Collect()
            .Combine(set.Select(static (s, _) => s.Diagnostics))
            .Combine(templates.Select(static (t, _) => t.Validate().ToEquatableArray()))
            .Combine(options.Select(static (o, _) => o.Problems))
            .Select(static (input, _) => input.Left.Left.Left.SelectMany(d => d)
                .Concat(input.Left.Left.Right).Concat(input.Left.Right).Concat(input.Right).ToEquatableArray())
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
