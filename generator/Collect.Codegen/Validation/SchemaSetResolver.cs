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
public static class SchemaSetResolver
{
    /// <summary>Member names the entry point has besides its repositories.</summary>
    private static readonly string[] EntryPointMembers =
        { "Api", "Forms", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    /// <summary>Resolves the parsed files of one project.</summary>
    public static SchemaSet Resolve(IEnumerable<SchemaFile> files, CodegenOptions options) =>
        Names.Invariant(() => ResolveCore(files, options));

    private static SchemaSet ResolveCore(IEnumerable<SchemaFile> files, CodegenOptions options)
    {
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var diagnostics = new List<SchemaDiagnostic>();
        var tables = ResolveTables(ordered, options, diagnostics);
        var tablesByName = tables.ToDictionary(t => t.Table, StringComparer.Ordinal);
        var outputs = ResolveReferences(tables, tablesByName, diagnostics);
        var forms = ResolveForms(ordered, tablesByName, tables.Select(t => t.TypeName), options, diagnostics);
        var entryPoint = ResolveEntryPoint(tables, forms, options, diagnostics);
        return new SchemaSet(outputs.ToEquatableArray(), forms.ToEquatableArray(), entryPoint, diagnostics.ToEquatableArray());
    }

    private static List<TableSchema> ResolveTables(List<SchemaFile> files, CodegenOptions options, List<SchemaDiagnostic> diagnostics)
    {
        var byTable = new Dictionary<string, string>(StringComparer.Ordinal);
        // Type names compare like the files generated for them (Roslyn hint names ignore case).
        var byType = new Dictionary<string, string>(Names.GeneratedFileComparer);
        var tables = new List<TableSchema>();
        foreach (var file in files)
        {
            if (file.Table is not { } table) continue;
            if (byTable.TryGetValue(table.Table, out var firstTable))
            {
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.DuplicateTable, table.TableLocation, table.Table, firstTable));
                continue;
            }
            if (byType.TryGetValue(table.TypeName, out var firstType))
            {
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.DuplicateTypeName, table.TypeNameLocation, table.TypeName, firstType));
                continue;
            }
            byTable[table.Table] = file.Path;
            byType[table.TypeName] = file.Path;
            tables.Add(table);
        }

        // A type may not take a name the generator gives something else: the entry point, a nested
        // class of every record, or another table's repository.
        var reserved = new HashSet<string>(Names.GeneratedFileComparer) { options.DbName, "Columns", "Filter", "Sort", "Buttons" };
        foreach (var table in tables) reserved.Add(table.TypeName + "Repository");
        var taken = new HashSet<string>(tables.Select(t => t.TypeName), Names.GeneratedFileComparer);
        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            if (!reserved.Contains(table.TypeName)) continue;
            taken.Remove(table.TypeName);
            var renamed = Names.Unique(table.TypeName + "Record", taken, reserved, "Record");
            var what = table.TypeName == options.DbName ? "the entry point" : "a generated type";
            diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.NameCollision, table.TypeNameLocation, table.TypeName, table.Table, what, renamed));
            tables[i] = table with { TypeName = renamed };
        }
        return tables;
    }

    private static List<TableOutput> ResolveReferences(List<TableSchema> tables, Dictionary<string, TableSchema> byName, List<SchemaDiagnostic> diagnostics)
    {
        var children = tables.ToDictionary(t => t.Table, _ => new List<(TableSchema Child, string Column)>(), StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var field in table.Fields)
            {
                if (field.References is null) continue;
                if (!byName.ContainsKey(field.References))
                {
                    diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.UnknownReference, field.ReferencesLocation ?? field.Location, field.Column, field.References));
                    continue;
                }
                children[field.References].Add((table, field.Column));
            }
        }
        return tables.Select(t => new TableOutput(t, children[t.Table]
            .GroupBy(c => c.Child.Table, StringComparer.Ordinal)
            .Select(g => new ChildLink(g.Key, g.First().Child.TypeName, Names.Plural(g.First().Child.TypeName), string.Join(", ", g.Select(c => c.Column))))
            .ToEquatableArray())).ToList();
    }

    private static List<FormOutput> ResolveForms(
        List<SchemaFile> files,
        Dictionary<string, TableSchema> tables,
        IEnumerable<string> typeNames,
        CodegenOptions options,
        List<SchemaDiagnostic> diagnostics)
    {
        var byId = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var byClass = new Dictionary<string, string>(Names.GeneratedFileComparer);
        var takenTypes = new HashSet<string>(typeNames, Names.GeneratedFileComparer) { options.DbName };
        foreach (var name in typeNames) takenTypes.Add(name + "Repository");
        var forms = new List<FormOutput>();
        foreach (var file in files)
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
            var resolved = ResolveFormFields(form, tables, diagnostics);
            if (resolved is null) continue;
            byId[form.FormId] = file.Path;
            byClass[form.ClassName] = file.Path;

            if (takenTypes.Contains(form.ClassName))
            {
                var renamed = Names.Unique(form.ClassName, takenTypes, new HashSet<string>(), "");
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.NameCollision, form.NameLocation, form.ClassName, form.Name, "a generated type", renamed));
                resolved = resolved with { Form = form with { ClassName = renamed } };
            }
            else
            {
                takenTypes.Add(form.ClassName);
            }
            forms.Add(resolved);
        }
        return forms;
    }

    private static FormOutput? ResolveFormFields(FormSchema form, Dictionary<string, TableSchema> tables, List<SchemaDiagnostic> diagnostics)
    {
        if (form.Table is null)
            return new FormOutput(form, null, form.Fields.Select(f => f.Field!).ToEquatableArray());
        if (!tables.TryGetValue(form.Table, out var table))
        {
            diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.UnknownFormTable, form.TableLocation ?? form.NameLocation, form.Name, form.Table));
            return null;
        }

        var columns = table.Fields.ToDictionary(f => f.Column, StringComparer.Ordinal);
        var reserved = new HashSet<string>(SchemaParser.RecordMemberNames.Concat(SchemaParser.FormMemberNames), StringComparer.Ordinal) { form.ClassName };
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<FieldSchema>();
        var ok = true;
        foreach (var reference in form.Fields)
        {
            if (!columns.TryGetValue(reference.Column, out var field))
            {
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.FormFieldNotInTable, reference.Location, reference.Column, form.Table));
                ok = false;
                continue;
            }
            var property = Names.Unique(field.PropertyName, taken, reserved, "Column");
            if (property != field.PropertyName)
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.NameCollision, reference.Location, field.PropertyName, field.Column, "a form member", property));
            // A form's fields keep their table's type and documentation; coded values stay on the table's type.
            fields.Add(field with { PropertyName = property, Location = reference.Location, Values = EquatableArray<CodeValue>.Empty, ValuesClassName = "" });
        }
        return ok ? new FormOutput(form, table.TypeName, fields.ToEquatableArray()) : null;
    }

    private static EntryPointOutput ResolveEntryPoint(List<TableSchema> tables, List<FormOutput> forms, CodegenOptions options, List<SchemaDiagnostic> diagnostics)
    {
        var reserved = new HashSet<string>(EntryPointMembers, StringComparer.Ordinal) { options.DbName };
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var repositories = new List<RepositoryEntry>();
        foreach (var table in tables)
        {
            var wanted = Names.Plural(table.TypeName);
            var property = Names.Unique(wanted, taken, reserved, "Table");
            if (property != wanted)
                diagnostics.Add(SchemaDiagnostic.Create(DiagnosticCatalog.NameCollision, table.TableLocation, wanted, table.Table, "another member of " + options.DbName, property));
            repositories.Add(new RepositoryEntry(table.TypeName, property, table.Table));
        }
        return new EntryPointOutput(repositories.ToEquatableArray(), forms.Select(f => f.Form.ClassName).ToEquatableArray());
    }
}
