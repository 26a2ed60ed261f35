using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Collect.Codegen.Model;
using Collect.Codegen.Naming;
using Scriban;
using Scriban.Runtime;

namespace Collect.Codegen.Emit;

/// <summary>Renders output models through the templates into C# files.</summary>
public static class Emitter
{
    /// <summary>The record and repository files of one table.</summary>
    public static RenderResult EmitTable(TableOutput table, CodegenOptions options, TemplateSet templates)
    {
        var model = new TableModel(table, options);
        var location = table.Table.TableLocation;
        return RenderResult.Combine(
            Render(templates, "Record.scriban", table.RecordFile, model, location),
            Render(templates, "Repository.scriban", table.RepositoryFile, model, location));
    }

    /// <summary>The file of one form.</summary>
    public static RenderResult EmitForm(FormOutput form, CodegenOptions options, TemplateSet templates) =>
        Render(templates, "Form.scriban", FormHintName(form), new FormModel(form, options), form.Form.NameLocation);

    /// <summary>The entry point and the form registry.</summary>
    public static RenderResult EmitEntryPoint(EntryPointOutput entryPoint, CodegenOptions options, TemplateSet templates)
    {
        var model = new EntryPointModel(entryPoint, options);
        var location = SourceLocation.FileStart(options.DbName);
        var (main, forms) = EntryPointHintNames(options);
        return RenderResult.Combine(
            Render(templates, "EntryPoint.scriban", main, model, location),
            Render(templates, "FormRegistry.scriban", forms, model, location));
    }

    /// <summary>The names of a table's two files: the record (<c>Contact.g.cs</c>) and the repository (<c>ContactRepository.g.cs</c>).</summary>
    public static (string Record, string Repository) TableHintNames(string typeName) =>
        (HintStem(typeName) + ".g.cs", HintStem(typeName) + "Repository.g.cs");

    /// <summary>The name of a form's file (<c>ScheduleNextContactForm.g.cs</c>).</summary>
    public static string FormHintName(FormOutput form) => HintStem(form.Form.ClassName) + ".g.cs";

    /// <summary>The names of the entry point's two files (<c>CollectDb.g.cs</c>, <c>CollectDb.Forms.g.cs</c>).</summary>
    public static (string EntryPoint, string FormRegistry) EntryPointHintNames(CodegenOptions options) =>
        (options.DbName + ".g.cs", options.DbName + ".Forms.g.cs");

    // A verbatim name (@int) is fine in C# but not in a hint name: Roslyn rejects '@' there.
    private static string HintStem(string typeName) => typeName.TrimStart('@');

    /// <summary>Every file of a resolved schema set, in a stable order.</summary>
    public static RenderResult EmitAll(SchemaSet set, CodegenOptions options, TemplateSet templates)
    {
        var results = new List<RenderResult>();
        foreach (var table in set.Tables) results.Add(EmitTable(table, options, templates));
        foreach (var form in set.Forms) results.Add(EmitForm(form, options, templates));
        results.Add(EmitEntryPoint(set.EntryPoint, options, templates));
        return RenderResult.Combine(results.ToArray());
    }

    // An override that fails while rendering falls back to the built-in template, with a CCG019
    // at the override, so a bad template never costs the user their types.
    private static RenderResult Render(TemplateSet templates, string name, string hintName, object model, SourceLocation subject)
    {
        var (template, overridePath) = templates.Get(name);
        try
        {
            return RenderResult.Of(new GeneratedFile(hintName, RenderWith(template, model)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Scriban's runtime errors carry the span of the failing expression; anything else sits at the file's start.
            var at = overridePath is null ? subject
                : ex is Scriban.Syntax.ScriptRuntimeException { Span: var span } ? TemplateSet.Locate(overridePath, span)
                : SourceLocation.FileStart(overridePath);
            var diagnostic = SchemaDiagnostic.Create(DiagnosticCatalog.TemplateRenderFailed, at, name, hintName, ex.Message);
            var problems = new EquatableArray<SchemaDiagnostic>(new[] { diagnostic });
            if (overridePath is null)
                return new RenderResult(EquatableArray<GeneratedFile>.Empty, problems);
            try
            {
                var fallback = RenderWith(TemplateSet.Default.Get(name).Template, model);
                return new RenderResult(new EquatableArray<GeneratedFile>(new[] { new GeneratedFile(hintName, fallback) }), problems);
            }
            catch (Exception fallbackFailure) when (fallbackFailure is not OutOfMemoryException)
            {
                // The built-in template failing too is our bug; report it rather than crash the compiler.
                var builtIn = SchemaDiagnostic.Create(DiagnosticCatalog.TemplateRenderFailed, subject, name, hintName, fallbackFailure.Message);
                return new RenderResult(EquatableArray<GeneratedFile>.Empty, new EquatableArray<SchemaDiagnostic>(new[] { diagnostic, builtIn }));
            }
        }
    }

    /// <summary>
    /// Iterations a render may make across one nested loop tree: far beyond any schema (a 10,000-column
    /// table loops a few hundred thousand times), low enough that an override's endless loop fails
    /// in about a second instead of hanging the build.
    /// </summary>
    internal const int LoopLimit = 5_000_000;

    /// <summary>Nested function calls a render may make (an override's runaway recursion fails, not the process).</summary>
    internal const int RecursiveLimit = 64;

    // Scriban's builtin functions, made once: a new TemplateContext would build them again for every
    // file. Read-only, so that renders on several threads share them safely.
    private static readonly ScriptObject Builtins = CreateBuiltins();

    private static ScriptObject CreateBuiltins()
    {
        var builtins = TemplateContext.GetDefaultBuiltinObject();
        builtins.IsReadOnly = true;
        return builtins;
    }

    private static string RenderWith(Template template, object model)
    {
        var globals = new ScriptObject();
        globals.Import(model);
        var context = new TemplateContext(Builtins)
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            LoopLimit = LoopLimit,
            RecursiveLimit = RecursiveLimit,
            // No output or string limit: Scriban would otherwise cut a large file (over 1 MiB) short
            // with "..." and the consumer would get compiler errors in generated code.
            LimitToString = 0,
            OutputLimit = 0,
            NewLine = "\n",
        };
        context.PushGlobal(globals);
        return Names.Invariant(() => template.Render(context));
    }

    /// <summary>A C# string literal of <paramref name="value"/>, quotes included.</summary>
    public static string Literal(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        text.Append(c);
                    break;
            }
        }
        return text.Append('"').ToString();
    }

    /// <summary>Text made safe for an XML doc comment on one line.</summary>
    public static string Xml(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': result.Append("&amp;"); break;
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '\r': break;
                case '\n': result.Append(' '); break;
                default:
                    if (!char.IsControl(c) && c != '\u2028' && c != '\u2029' && c != '\u0085') result.Append(c);
                    break;
            }
        }
        return result.ToString();
    }
}
