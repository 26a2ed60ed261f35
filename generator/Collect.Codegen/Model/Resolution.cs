using System;
using System.Linq;

namespace Collect.Codegen.Model;

/// <summary>A column as cross-file resolution sees it: its names and what it links to.</summary>
/// <param name="Column">The column's name.</param>
/// <param name="PropertyName">The property the table's record gives it.</param>
/// <param name="References">The table it links to, if any.</param>
/// <param name="ReferencesLocation">Where the link is written (only for a column with a link).</param>
public sealed record ColumnShape(string Column, string PropertyName, string? References, SourceLocation? ReferencesLocation);

/// <summary>A table as cross-file resolution sees it: names, columns and links, without descriptions or types.</summary>
/// <param name="Table">The table's name.</param>
/// <param name="TypeName">The type name the file gives or implies.</param>
/// <param name="TypeNameGiven">Whether the file sets <c>typeName</c> (an implied name that collides is renamed; a given one is an error).</param>
/// <param name="TableLocation">Where the table's name is written.</param>
/// <param name="TypeNameLocation">Where the type name is written (the table's name when implied).</param>
/// <param name="Columns">The columns.</param>
public sealed record TableShape(
    string Table,
    string TypeName,
    bool TypeNameGiven,
    SourceLocation TableLocation,
    SourceLocation TypeNameLocation,
    EquatableArray<ColumnShape> Columns);

/// <summary>
/// What one schema file contributes to resolving the set: names, links and form fields, and nothing
/// that an edit of a description, a type or a length changes. The incremental generator resolves the
/// set from these alone, so such an edit re-renders only its own table.
/// </summary>
/// <param name="Path">The file's path.</param>
/// <param name="Table">The table's shape, for a table file that parsed.</param>
/// <param name="Form">The form, for a form file that parsed (forms are small and resolved whole).</param>
public sealed record SchemaShape(string Path, TableShape? Table, FormSchema? Form)
{
    /// <summary>The shape of a parsed file.</summary>
    public static SchemaShape Of(SchemaFile file) => new(
        file.Path,
        file.Table is { } table
            ? new TableShape(table.Table, table.TypeName, table.TypeNameGiven, table.TableLocation, table.TypeNameLocation, table.Fields
                .Select(f => new ColumnShape(f.Column, f.PropertyName, f.References, f.References is null ? null : f.ReferencesLocation ?? f.Location))
                .ToEquatableArray())
            : null,
        file.Form);
}

/// <summary>A table that resolution kept: its final type name and its children.</summary>
/// <param name="Index">The table's file's position in the list that was resolved.</param>
/// <param name="Path">The table's file.</param>
/// <param name="TypeName">The final type name (a contested one is renamed).</param>
/// <param name="Children">The tables that link to it.</param>
/// <param name="RecordFile">The name of the record's file (<c>Contact.g.cs</c>).</param>
/// <param name="RepositoryFile">The name of the repository's file (<c>ContactRepository.g.cs</c>).</param>
public sealed record ResolvedTable(int Index, string Path, string TypeName, EquatableArray<ChildLink> Children, string RecordFile, string RepositoryFile);

/// <summary>A form that resolution kept: its final class name and its fields' property names.</summary>
/// <param name="Index">The form's file's position in the list that was resolved.</param>
/// <param name="Path">The form's file.</param>
/// <param name="ClassName">The final class name.</param>
/// <param name="Table">The form's table, if it has one.</param>
/// <param name="TableIndex">That table's file's position in the list that was resolved.</param>
/// <param name="TableTypeName">That table's final type name.</param>
/// <param name="PropertyNames">The property name of each listed field, in order.</param>
public sealed record ResolvedForm(int Index, string Path, string ClassName, string? Table, int? TableIndex, string? TableTypeName, EquatableArray<string> PropertyNames);

/// <summary>
/// The names of a schema set resolved across files: which tables and forms generate and under
/// what names, the links between tables, the entry point, and every cross-file diagnostic.
/// </summary>
/// <param name="Tables">The kept tables, in path order.</param>
/// <param name="Forms">The kept forms, in path order.</param>
/// <param name="EntryPoint">The entry point's repositories and forms.</param>
/// <param name="Diagnostics">Cross-file problems (duplicates, unknown links and form fields, renames).</param>
public sealed record NameResolution(
    EquatableArray<ResolvedTable> Tables,
    EquatableArray<ResolvedForm> Forms,
    EntryPointOutput EntryPoint,
    EquatableArray<SchemaDiagnostic> Diagnostics);

/// <summary>
/// One additional file as the source generator reads it: a parsed schema file with its shape, a
/// template override, or neither (any other file). One step reads every additional file, so the
/// pipeline walks the project's files once.
/// </summary>
/// <param name="Schema">The parsed schema file (<c>*.table.json</c>, <c>*.form.json</c>).</param>
/// <param name="Shape">The schema file's shape (what cross-file resolution reads of it).</param>
/// <param name="Template">The template override (<c>*.scriban</c>).</param>
public sealed record GeneratorInput(SchemaFile? Schema, SchemaShape? Shape, Emit.TemplateOverride? Template)
{
    /// <summary>A file the generator does not read.</summary>
    public static GeneratorInput Ignored { get; } = new(null, null, null);

    /// <summary>Whether the path names a template override.</summary>
    public static bool IsTemplatePath(string path) => path.EndsWith(".scriban", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads one file: parses a schema file, keeps a template's text, ignores the rest (without reading them).</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="readText">Reads the file's text; called only for files the generator reads.</param>
    public static GeneratorInput Read(string path, Func<string> readText)
    {
        if (SchemaFile.IsSchemaPath(path))
        {
            var file = Parsing.SchemaParser.Parse(path, readText());
            return new GeneratorInput(file, SchemaShape.Of(file), null);
        }
        return IsTemplatePath(path) ? new GeneratorInput(null, null, new Emit.TemplateOverride(path, readText())) : Ignored;
    }
}
