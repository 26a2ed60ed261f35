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
    public static IReadOnlyList<GeneratedFile> EmitTable(TableOutput table, CodegenOptions options, TemplateSet templates)
    {
        var model = new TableModel(table, options);
        return new[]
        {
            new GeneratedFile(table.Table.TypeName + ".g.cs", Render(templates, "Record.scriban", model)),
            new GeneratedFile(table.Table.TypeName + "Repository.g.cs", Render(templates, "Repository.scriban", model)),
        };
    }

    /// <summary>The file of one form.</summary>
    public static GeneratedFile EmitForm(FormOutput form, CodegenOptions options, TemplateSet templates) =>
        new(form.Form.ClassName + ".g.cs", Render(templates, "Form.scriban", new FormModel(form, options)));

    /// <summary>The entry point and the form registry.</summary>
    public static IReadOnlyList<GeneratedFile> EmitEntryPoint(EntryPointOutput entryPoint, CodegenOptions options, TemplateSet templates)
    {
        var model = new EntryPointModel(entryPoint, options);
        return new[]
        {
            new GeneratedFile(options.DbName + ".g.cs", Render(templates, "EntryPoint.scriban", model)),
            new GeneratedFile(options.DbName + ".Forms.g.cs", Render(templates, "FormRegistry.scriban", model)),
        };
    }

    /// <summary>Every file of a resolved schema set, in a stable order.</summary>
    public static IReadOnlyList<GeneratedFile> EmitAll(SchemaSet set, CodegenOptions options, TemplateSet templates)
    {
        var files = new List<GeneratedFile>();
        foreach (var table in set.Tables) files.AddRange(EmitTable(table, options, templates));
        foreach (var form in set.Forms) files.Add(EmitForm(form, options, templates));
        files.AddRange(EmitEntryPoint(set.EntryPoint, options, templates));
        return files;
    }

    private static string Render(TemplateSet templates, string name, object model)
    {
        var template = templates.Get(name);
        var globals = new ScriptObject();
        globals.Import(model);
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            LoopLimit = 0,
            RecursiveLimit = 0,
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
