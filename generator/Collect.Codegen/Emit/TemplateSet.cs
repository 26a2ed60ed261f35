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
            Template template;
            try
            {
                template = Template.Parse(item.Text, item.Path);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.TemplateDoesNotParse, location, name, ex.Message));
                continue;
            }
            if (!template.HasErrors) continue;
            var first = template.Messages.First(m => m.Type == Scriban.Parsing.ParserMessageType.Error);
            var span = first.Span;
            // Scriban's span end is inclusive (the last character of the token); a location's end is not.
            var start = Math.Max(0, span.Start.Offset);
            var end = Math.Min(item.Text.Length, Math.Max(start, span.End.Offset + 1));
            var at = new SourceLocation(item.Path, start, end - start,
                Math.Max(0, span.Start.Line), Math.Max(0, span.Start.Column), Math.Max(0, span.End.Line), Math.Max(0, span.End.Column + 1));
            diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.TemplateDoesNotParse, at, name, first.Message));
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
            try
            {
                var template = Template.Parse(item.Text, item.Path);
                if (!template.HasErrors) result[builtIn] = (template, item.Path);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Reported by Validate (CCG014); the built-in template is used.
            }
        }
        return result;
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
