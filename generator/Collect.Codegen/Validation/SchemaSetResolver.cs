using System;
using System.Collections.Generic;
using System.Linq;
using Collect.Codegen.Model;
using Collect.Codegen.Naming;
using Collect.Codegen.Parsing;

namespace Collect.Codegen.Validation;

/// <summary>
/// Checks schema files against each other (duplicate tables and types, references, form fields)
/// and resolves the names that span files. Deterministic: files are taken in path order, and the
/// first one keeps a contested name.
/// </summary>
/// <remarks>
/// Two stages, so that the incremental generator can cache between them: <see cref="ResolveNames"/>
/// works on the files' <see cref="SchemaShape"/>s alone (names and links), and
/// <see cref="TableOutputsOf"/> and <see cref="FormOutputsOf"/> join the files with that result.
/// <see cref="Resolve"/> runs both for callers that want the whole set at once.
/// </remarks>
public static class SchemaSetResolver
{
    /// <summary>Member names the entry point has besides its repositories.</summary>
    private static readonly string[] EntryPointMembers =
        { "Api", "Forms", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    /// <summary>Resolves the parsed files of one project into one output model per generated file group.</summary>
    public static SchemaSet Resolve(IEnumerable<SchemaFile> files, CodegenOptions options)
    {
        var list = files.ToList();
        var names = ResolveNames(list.Select(SchemaShape.Of).ToList(), options);
        return new SchemaSet(TableOutputsOf(list, names), FormOutputsOf(list, names), names.EntryPoint, names.Diagnostics);
    }

    /// <summary>
    /// Resolves the names and links of a set of files from their shapes. The result refers to files
    /// by their position in <paramref name="shapes"/>: join it with the parsed files in the same order.
    /// </summary>
    public static NameResolution ResolveNames(IReadOnlyList<SchemaShape> shapes, CodegenOptions options) =>
        Names.Invariant(() => ResolveNamesCore(shapes, options));

    /// <summary>The output models of the kept tables, in path order.</summary>
    /// <param name="files">The parsed files, in the order their shapes were resolved.</param>
    /// <param name="names">The resolution of their shapes.</param>
    public static EquatableArray<TableOutput> TableOutputsOf(IReadOnlyList<SchemaFile> files, NameResolution names)
    {
        var outputs = new TableOutput[names.Tables.Count];
        var count = 0;
        foreach (var resolved in names.Tables)
        {
            if (FileAt(files, resolved.Index, resolved.Path)?.Table is not { } table) continue;
            outputs[count++] = new TableOutput(
                resolved.TypeName == table.TypeName ? table : table with { TypeName = resolved.TypeName },
                resolved.Children, resolved.RecordFile, resolved.RepositoryFile);
        }
        if (count < outputs.Length) Array.Resize(ref outputs, count);
        return new EquatableArray<TableOutput>(outputs);
    }

    /// <summary>The output models of the kept forms, their fields taken from their tables' files.</summary>
    /// <param name="files">The parsed files, in the order their shapes were resolved.</param>
    /// <param name="names">The resolution of their shapes.</param>
    public static EquatableArray<FormOutput> FormOutputsOf(IReadOnlyList<SchemaFile> files, NameResolution names)
    {
        if (names.Forms.Count == 0) return EquatableArray<FormOutput>.Empty;
        var forms = new List<FormOutput>();
        foreach (var resolved in names.Forms)
        {
            if (FileAt(files, resolved.Index, resolved.Path)?.Form is not { } form) continue;
            form = form.ClassName == resolved.ClassName ? form : form with { ClassName = resolved.ClassName };
            if (resolved.TableIndex is not { } tableIndex)
            {
                forms.Add(new FormOutput(form, null, form.Fields.Select(f => f.Field!).ToEquatableArray()));
                continue;
            }
            if (tableIndex < 0 || tableIndex >= files.Count || files[tableIndex].Table is not { } table) continue;
            var columns = table.Fields.ToDictionary(f => f.Column, StringComparer.Ordinal);
            // A form's fields keep their table's type and documentation; coded values stay on the table's type.
            var fields = form.Fields.Select((reference, i) => columns[reference.Column] with
            {
                PropertyName = resolved.PropertyNames[i],
                Location = reference.Location,
                Values = EquatableArray<CodeValue>.Empty,
                ValuesClassName = "",
            });
            forms.Add(new FormOutput(form, resolved.TableTypeName, fields.ToEquatableArray()));
        }
        return forms.ToEquatableArray();
    }

    // The file at a position, if it is still the one resolution saw there.
    private static SchemaFile? FileAt(IReadOnlyList<SchemaFile> files, int index, string path) =>
        index >= 0 && index < files.Count && files[index].Path == path ? files[index] : null;

    private static NameResolution ResolveNamesCore(IReadOnlyList<SchemaShape> shapes, CodegenOptions options)
    {
        var ordered = Enumerable.Range(0, shapes.Count).Select(i => new IndexedShape(i, shapes[i])).OrderBy(f => f.Shape.Path, StringComparer.Ordinal).ToList();
        var diagnostics = new List<SchemaDiagnostic>();
        var tables = ResolveTables(ordered, options, diagnostics);
        var tablesByName = tables.ToDictionary(t => t.Shape.Table, StringComparer.Ordinal);
        var resolved = ResolveReferences(tables, tablesByName, diagnostics);
        var forms = ResolveForms(ordered, tablesByName, tables.Select(t => t.TypeName), options, diagnostics);
        var entryPoint = ResolveEntryPoint(tables, forms, options, diagnostics);
        return new NameResolution(resolved, forms.ToEquatableArray(), entryPoint, diagnostics.ToEquatableArray());
    }

    /// <summary>A file's shape and its position in the list being resolved.</summary>
    private readonly record struct IndexedShape(int Index, SchemaShape Shape);

    /// <summary>A kept table while resolving: its file, shape and (possibly renamed) type name.</summary>
    private sealed class KeptTable(int index, string path, TableShape shape)
    {
        public int Index { get; } = index;

        public string Path { get; } = path;

        public TableShape Shape { get; } = shape;

        public string TypeName { get; set; } = shape.TypeName;
    }

    private static List<KeptTable> ResolveTables(List<IndexedShape> files, CodegenOptions options, List<SchemaDiagnostic> diagnostics)
    {
        var byTable = new Dictionary<string, string>(StringComparer.Ordinal);
        // Type names compare like the files generated for them (Roslyn hint names ignore case).
        var byType = new Dictionary<string, string>(Names.GeneratedFileComparer);
        var tables = new List<KeptTable>();
        foreach (var (index, file) in files)
        {
            if (file.Table is not { } table) continue;
            if (byTable.TryGetValue(table.Table, out var firstTable))
            {
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.DuplicateTable, table.TableLocation, table.Table, firstTable));
                continue;
            }
            var kept = new KeptTable(index, file.Path, table);
            if (byType.TryGetValue(table.TypeName, out var firstType))
            {
                // A name the file gives is the user's choice: two alike are an error. A name implied
                // by the table's name (de_transaction and detransaction, notes and note) is renamed.
                if (table.TypeNameGiven)
                {
                    diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.DuplicateTypeName, table.TypeNameLocation, table.TypeName, firstType));
                    continue;
                }
                var taken = new HashSet<string>(byType.Keys, Names.GeneratedFileComparer);
                kept.TypeName = Names.Unique(table.TypeName, taken, new HashSet<string>(), "");
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.NameCollision, table.TypeNameLocation, table.TypeName, table.Table, "the type of " + firstType, kept.TypeName));
            }
            byTable[table.Table] = file.Path;
            byType[kept.TypeName] = file.Path;
            tables.Add(kept);
        }

        // A type may not take a name the generator gives something else: the entry point, a nested
        // class of every record, or another table's repository.
        var reserved = new HashSet<string>(Names.GeneratedFileComparer) { options.DbName, "Columns", "Filter", "Sort", "Buttons" };
        foreach (var table in tables) reserved.Add(table.TypeName + "Repository");
        var takenTypes = new HashSet<string>(tables.Select(t => t.TypeName), Names.GeneratedFileComparer);
        foreach (var table in tables)
        {
            if (!reserved.Contains(table.TypeName)) continue;
            takenTypes.Remove(table.TypeName);
            var renamed = Names.Unique(table.TypeName + "Record", takenTypes, reserved, "Record");
            var what = table.TypeName == options.DbName ? "the entry point" : "a generated type";
            diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.NameCollision, table.Shape.TypeNameLocation, table.TypeName, table.Shape.Table, what, renamed));
            table.TypeName = renamed;
        }
        return tables;
    }

    private static EquatableArray<ResolvedTable> ResolveReferences(List<KeptTable> tables, Dictionary<string, KeptTable> byName, List<SchemaDiagnostic> diagnostics)
    {
        var children = tables.ToDictionary(t => t.Shape.Table, _ => new List<(KeptTable Child, string Column)>(), StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var column in table.Shape.Columns)
            {
                if (column.References is null) continue;
                if (!byName.ContainsKey(column.References))
                {
                    diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.UnknownReference, column.ReferencesLocation!, column.Column, column.References));
                    continue;
                }
                children[column.References].Add((table, column.Column));
            }
        }
        // The file names are made here, once per resolution and side by side in memory, rather than
        // at each render: the compiler's driver compares every added file name with the names added
        // before it on every run, and names scattered among megabytes of rendered text make that
        // quadratic loop miss the cache on each of its million comparisons.
        return tables.Select(t =>
        {
            var (record, repository) = Emit.Emitter.TableHintNames(t.TypeName);
            return new ResolvedTable(t.Index, t.Path, t.TypeName, children[t.Shape.Table]
                .GroupBy(c => c.Child.Shape.Table, StringComparer.Ordinal)
                .Select(g => new ChildLink(g.Key, g.First().Child.TypeName, Names.Plural(g.First().Child.TypeName), string.Join(", ", g.Select(c => c.Column))))
                .ToEquatableArray(), record, repository);
        }).ToEquatableArray();
    }

    private static List<ResolvedForm> ResolveForms(
        List<IndexedShape> files,
        Dictionary<string, KeptTable> tables,
        IEnumerable<string> typeNames,
        CodegenOptions options,
        List<SchemaDiagnostic> diagnostics)
    {
        var byId = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var byClass = new Dictionary<string, string>(Names.GeneratedFileComparer);
        var takenTypes = new HashSet<string>(typeNames, Names.GeneratedFileComparer) { options.DbName };
        foreach (var name in typeNames) takenTypes.Add(name + "Repository");
        var forms = new List<ResolvedForm>();
        foreach (var (index, file) in files)
        {
            if (file.Form is not { } form) continue;
            if (byId.TryGetValue(form.FormId, out var firstId))
            {
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.DuplicateForm, form.FormIdLocation, "id", form.FormId, firstId));
                continue;
            }
            if (byClass.TryGetValue(form.ClassName, out var firstClass))
            {
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.DuplicateForm, form.NameLocation, "class", form.ClassName, firstClass));
                continue;
            }
            var resolved = ResolveFormFields(index, file.Path, form, tables, diagnostics);
            if (resolved is null) continue;
            byId[form.FormId] = file.Path;
            byClass[form.ClassName] = file.Path;

            if (takenTypes.Contains(form.ClassName))
            {
                var renamed = Names.Unique(form.ClassName, takenTypes, new HashSet<string>(), "");
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.NameCollision, form.NameLocation, form.ClassName, form.Name, "a generated type", renamed));
                resolved = resolved with { ClassName = renamed };
            }
            else
            {
                takenTypes.Add(form.ClassName);
            }
            forms.Add(resolved);
        }
        return forms;
    }

    private static ResolvedForm? ResolveFormFields(int index, string path, FormSchema form, Dictionary<string, KeptTable> tables, List<SchemaDiagnostic> diagnostics)
    {
        if (form.Table is null)
            return new ResolvedForm(index, path, form.ClassName, null, null, null, form.Fields.Select(f => f.Field!.PropertyName).ToEquatableArray());
        if (!tables.TryGetValue(form.Table, out var table))
        {
            diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.UnknownFormTable, form.TableLocation ?? form.NameLocation, form.Name, form.Table));
            return null;
        }

        var columns = table.Shape.Columns.ToDictionary(f => f.Column, StringComparer.Ordinal);
        var reserved = new HashSet<string>(SchemaParser.RecordMemberNames.Concat(SchemaParser.FormMemberNames), StringComparer.Ordinal) { form.ClassName };
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<string>();
        var ok = true;
        foreach (var reference in form.Fields)
        {
            if (!columns.TryGetValue(reference.Column, out var column))
            {
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.FormFieldNotInTable, reference.Location, reference.Column, form.Table));
                ok = false;
                continue;
            }
            var property = Names.Unique(column.PropertyName, taken, reserved, "Column");
            if (property != column.PropertyName)
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.NameCollision, reference.Location, column.PropertyName, column.Column, "a form member", property));
            properties.Add(property);
        }
        return ok ? new ResolvedForm(index, path, form.ClassName, form.Table, table.Index, table.TypeName, properties.ToEquatableArray()) : null;
    }

    private static EntryPointOutput ResolveEntryPoint(List<KeptTable> tables, List<ResolvedForm> forms, CodegenOptions options, List<SchemaDiagnostic> diagnostics)
    {
        var reserved = new HashSet<string>(EntryPointMembers, StringComparer.Ordinal) { options.DbName };
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var repositories = new List<RepositoryEntry>();
        foreach (var table in tables)
        {
            var wanted = Names.Plural(table.TypeName);
            var property = Names.Unique(wanted, taken, reserved, "Table");
            if (property != wanted)
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.NameCollision, table.Shape.TableLocation, wanted, table.Shape.Table, "another member of " + options.DbName, property));
            repositories.Add(new RepositoryEntry(table.TypeName, property, table.Shape.Table));
        }
        return new EntryPointOutput(repositories.ToEquatableArray(), forms.Select(f => f.ClassName).ToEquatableArray());
    }
}
