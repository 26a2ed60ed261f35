using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Collect.Codegen.Model;
using Scriban;

namespace Collect.Codegen.Emit;

/// <summary>A template override as given: its file name and text.</summary>
/// <param name="Path">The file's path; its file name picks the template it replaces.</param>
/// <param name="Text">The Scriban text.</param>
public sealed record TemplateOverride(string Path, string Text);

/// <summary>
/// The templates in use: the built-in ones (parsed once per process) with any overrides a project
/// supplies. Equatable by the overrides' text, so an unchanged set is a cache hit.
/// </summary>
public sealed record TemplateSet(EquatableArray<TemplateOverride> Overrides)
{
    /// <summary>Names of the built-in templates (the file names an override must use).</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = new[]
    {
        "Record.scriban", "Repository.scriban", "Form.scriban", "FormRegistry.scriban", "EntryPoint.scriban",
    };

    // PublicationOnly: a failure (which would be our bug) is not remembered for the process's life.
    private static readonly Lazy<Dictionary<string, Template>> BuiltIn = new(LoadBuiltIn, System.Threading.LazyThreadSafetyMode.PublicationOnly);

    /// <summary>The built-in templates alone.</summary>
    public static TemplateSet Default { get; } = new(EquatableArray<TemplateOverride>.Empty);

    /// <summary>The set of the given overrides (nulls skipped), in path order.</summary>
    public static TemplateSet Of(IEnumerable<TemplateOverride?> overrides) =>
        new(overrides.Where(o => o is not null).Select(o => o!).OrderBy(o => o.Path, StringComparer.Ordinal).ToEquatableArray());

    private Dictionary<string, (Template Template, string? OverridePath)>? _parsed;

    /// <summary>The text of a built-in template (to start an override from).</summary>
    public static string BuiltInText(string name)
    {
        using var stream = typeof(TemplateSet).Assembly.GetManifestResourceStream("Collect.Codegen.Templates." + name)
            ?? throw new ArgumentException("No built-in template " + name, nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Checks the overrides: each must name a built-in template and parse.</summary>
    public IReadOnlyList<SchemaDiagnostic> Validate()
    {
        var diagnostics = new List<SchemaDiagnostic>();
        foreach (var item in Overrides)
        {
            var name = Path.GetFileName(item.Path);
            var location = SourceLocation.FileStart(item.Path);
            if (!BuiltInNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.UnknownTemplate, location, name, string.Join(", ", BuiltInNames)));
                continue;
            }
            var (template, failure) = Parse(item);
            if (failure is not null)
            {
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.TemplateDoesNotParse, location, name, failure.Message));
                continue;
            }
            if (!template!.HasErrors) continue;
            var first = template.Messages.First(m => m.Type == Scriban.Parsing.ParserMessageType.Error);
            diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.TemplateDoesNotParse, Locate(item.Path, first.Span, item.Text.Length), name, first.Message));
        }
        return diagnostics;
    }

    /// <summary>The parsed template of a name: the valid override (and its path) if there is one, else the built-in.</summary>
    internal (Template Template, string? OverridePath) Get(string name)
    {
        _parsed ??= ParseOverrides();
        return _parsed.TryGetValue(name, out var custom) ? custom : (BuiltIn.Value[name], null);
    }

    private Dictionary<string, (Template, string?)> ParseOverrides()
    {
        var result = new Dictionary<string, (Template, string?)>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in Overrides.OrderBy(o => o.Path, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(item.Path);
            var builtIn = BuiltInNames.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            if (builtIn is null) continue;
            // One that does not parse is reported by Validate (CCG014); the built-in template is used.
            if (Parse(item).Template is { HasErrors: false } template) result[builtIn] = (template, item.Path);
        }
        return result;
    }

    // Scriban's parser reports its errors as messages, but a pathological text can still make it throw.
    private static (Template? Template, Exception? Failure) Parse(TemplateOverride item)
    {
        try
        {
            return (Template.Parse(item.Text, item.Path), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, ex);
        }
    }

    /// <summary>
    /// Where a Scriban span (0-based lines and columns, an inclusive end) sits in a template file, as a
    /// location (an exclusive end); a span without a position is the file's start.
    /// </summary>
    internal static SourceLocation Locate(string path, Scriban.Parsing.SourceSpan span, int textLength = int.MaxValue)
    {
        if (span.Start.Line < 0) return SourceLocation.FileStart(path);
        var start = Math.Max(0, span.Start.Offset);
        var end = Math.Min(textLength, Math.Max(start, span.End.Offset + 1));
        return new SourceLocation(path, start, end - start,
            span.Start.Line, Math.Max(0, span.Start.Column), Math.Max(0, span.End.Line), Math.Max(0, span.End.Column + 1));
    }

    private static Dictionary<string, Template> LoadBuiltIn() =>
        BuiltInNames.ToDictionary(n => n, n =>
        {
            var template = Template.Parse(BuiltInText(n), n);
            if (template.HasErrors)
                throw new InvalidOperationException("Built-in template " + n + " does not parse: " + string.Join("; ", template.Messages));
            return template;
        }, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public bool Equals(TemplateSet? other) => other is not null && Overrides.Equals(other.Overrides);

    /// <inheritdoc />
    public override int GetHashCode() => Overrides.GetHashCode();
}
