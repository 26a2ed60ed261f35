using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Collect.Codegen;
using Collect.Codegen.Model;
using Collect.Codegen.Parsing;
using Collect.Codegen.Validation;

namespace Collect.DevServer.Schema;

/// <summary>How a column's values compare in filters and sorts.</summary>
internal enum ValueKind
{
    /// <summary>Text: compared and sorted as strings (binary, case-sensitive).</summary>
    Text,
    /// <summary>Numbers (int, long, decimal, money, bool, rowid, flags): compared by value.</summary>
    Number,
    /// <summary>Dates and times, stored in their canonical form so that text order is time order.</summary>
    Temporal,
}

/// <summary>A column of a table as the server uses it.</summary>
internal sealed class ServerColumn
{
    public ServerColumn(string name, ColumnType type, int? maxLength, bool readOnly, string? references, bool isRowId, string? description, string propertyName)
    {
        Name = name;
        Type = type;
        MaxLength = maxLength;
        ReadOnly = readOnly;
        References = references;
        IsRowId = isRowId;
        Description = description;
        PropertyName = propertyName;
        Quoted = Sql.Quote(name);
    }

    public string Name { get; }
    public ColumnType Type { get; }
    public int? MaxLength { get; }
    public bool ReadOnly { get; }
    public string? References { get; }
    public string? Description { get; }
    public string PropertyName { get; }

    /// <summary>Whether this is the table's row-id column (the SQLite INTEGER PRIMARY KEY).</summary>
    public bool IsRowId { get; }

    /// <summary>The column name quoted for SQL.</summary>
    public string Quoted { get; }

    public ValueKind Kind => Type switch
    {
        ColumnType.Int or ColumnType.Long or ColumnType.Decimal or ColumnType.Money or ColumnType.Bool
            or ColumnType.RowId or ColumnType.Flags => ValueKind.Number,
        ColumnType.Date or ColumnType.Time or ColumnType.DateTime => ValueKind.Temporal,
        _ => ValueKind.Text,
    };

    /// <summary>The schema's name of the column type (<c>string</c>, <c>int</c>, ...).</summary>
    public string TypeName => Type switch
    {
        ColumnType.DateTime => "datetime",
        ColumnType.RowId => "rowid",
        _ => Type.ToString().ToLowerInvariant(),
    };
}

/// <summary>A child table: its rows link to a parent row through one or more link columns.</summary>
internal sealed record ChildTable(ServerTable Table, IReadOnlyList<ServerColumn> LinkColumns);

/// <summary>A table of the schema set, with its columns and the tables that link to it.</summary>
internal sealed class ServerTable
{
    private readonly Dictionary<string, ServerColumn> _byName;
    private readonly List<ChildTable> _children = new();

    public ServerTable(string name, string rowIdColumn, string? description, IReadOnlyList<ServerColumn> columns, bool apiReadOnly)
    {
        Name = name;
        RowIdColumnName = rowIdColumn;
        Description = description;
        Columns = columns;
        _byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        RowId = _byName[rowIdColumn];
        ApiReadOnly = apiReadOnly;
        Quoted = Sql.Quote(name);
        var index = rowIdColumn.LastIndexOf("rowid", StringComparison.Ordinal);
        Prefix = index > 0 ? rowIdColumn[..index] : "";
    }

    public string Name { get; }
    public string RowIdColumnName { get; }
    public string? Description { get; }
    public IReadOnlyList<ServerColumn> Columns { get; }
    public ServerColumn RowId { get; }

    /// <summary>Whether the API refuses writes to this table (405), like <c>nx_operator</c>.</summary>
    public bool ApiReadOnly { get; }

    /// <summary>The table name quoted for SQL.</summary>
    public string Quoted { get; }

    /// <summary>The column prefix: the row-id column's name before <c>rowid</c> (<c>de_</c>).</summary>
    public string Prefix { get; }

    public IReadOnlyList<ChildTable> Children => _children;

    public IEnumerable<ServerColumn> FileColumns => Columns.Where(c => c.Type == ColumnType.File);

    public bool TryGetColumn(string name, out ServerColumn column) => _byName.TryGetValue(name, out column!);

    public ServerColumn? Column(string name) => _byName.TryGetValue(name, out var column) ? column : null;

    public ChildTable? Child(string table) => _children.FirstOrDefault(c => c.Table.Name == table);

    internal void AddChild(ChildTable child) => _children.Add(child);
}

/// <summary>A form field as the forms endpoint describes it.</summary>
internal sealed record ServerFormField(ServerColumn Column, string Label);

/// <summary>A form button.</summary>
internal sealed record ServerFormButton(string Caption, int Value);

/// <summary>A UI form of the schema set.</summary>
internal sealed record ServerForm(string FormId, string Name, string? Description, ServerTable? Table, IReadOnlyList<ServerFormField> Fields, IReadOnlyList<ServerFormButton> Buttons)
{
    public ServerFormField? Field(string column) => Fields.FirstOrDefault(f => f.Column.Name == column);
}

/// <summary>
/// The tables and forms the server serves, read from schema files with the generator's own parser
/// and resolver, so that the server and the generated code always agree.
/// </summary>
internal sealed class ServerSchema
{
    /// <summary>Table names the server keeps for itself: the password hashes.</summary>
    public const string AuthTableName = "__devserver_auth";

    /// <summary>The last number pre-logic gave out per numbered column (so that a number is never given twice).</summary>
    public const string CounterTableName = "__devserver_counter";

    private ServerSchema(IReadOnlyDictionary<string, ServerTable> tables, IReadOnlyDictionary<string, ServerForm> forms)
    {
        Tables = tables;
        Forms = forms;
    }

    /// <summary>The tables by name (ordinal).</summary>
    public IReadOnlyDictionary<string, ServerTable> Tables { get; }

    /// <summary>The forms by id (case-insensitive).</summary>
    public IReadOnlyDictionary<string, ServerForm> Forms { get; }

    public ServerTable? Table(string name) => Tables.TryGetValue(name, out var table) ? table : null;

    /// <summary>Reads every <c>*.table.json</c> and <c>*.form.json</c> under a folder (as the build does, not those in its <c>bin/</c> and <c>obj/</c>).</summary>
    /// <exception cref="DevServerConfigurationException">The folder is missing, holds no table, or a file has errors (the CCG messages).</exception>
    public static ServerSchema Load(string folder, IEnumerable<string> readOnlyTables)
    {
        if (!Directory.Exists(folder))
            throw new DevServerConfigurationException($"The schema folder '{folder}' does not exist.");
        var paths = SchemaFolder.FindSchemaFiles(folder);
        var files = paths.Select(p => SchemaParser.Parse(p, File.ReadAllText(p))).ToList();
        var set = SchemaSetResolver.Resolve(files, CodegenOptions.Default);
        var errors = files.SelectMany(f => f.Diagnostics).Concat(set.Diagnostics).Where(d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            var text = new StringBuilder($"The schema files in '{folder}' have errors:");
            foreach (var error in errors) text.AppendLine().Append("  ").Append(error);
            throw new DevServerConfigurationException(text.ToString());
        }
        if (set.Tables.Count == 0)
            throw new DevServerConfigurationException($"The schema folder '{folder}' holds no *.table.json file.");
        return Build(set, new HashSet<string>(readOnlyTables, StringComparer.Ordinal));
    }

    private static ServerSchema Build(SchemaSet set, HashSet<string> readOnlyTables)
    {
        var tables = new Dictionary<string, ServerTable>(StringComparer.Ordinal);
        foreach (var output in set.Tables)
        {
            var schema = output.Table;
            if (schema.Table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase) || schema.Table.StartsWith("__devserver", StringComparison.OrdinalIgnoreCase))
                throw new DevServerConfigurationException($"The table name '{schema.Table}' is reserved by SQLite or the dev server.");
            var columns = schema.Fields.Select(f => new ServerColumn(
                f.Column, f.Type, f.MaxLength, f.ReadOnly, f.References, f.Column == schema.RowIdColumn, f.Description, f.PropertyName)).ToList();
            tables.Add(schema.Table, new ServerTable(schema.Table, schema.RowIdColumn, schema.Description, columns, readOnlyTables.Contains(schema.Table)));
        }
        foreach (var table in tables.Values)
        {
            foreach (var group in table.Columns.Where(c => c.References is not null && !c.IsRowId).GroupBy(c => c.References!, StringComparer.Ordinal))
            {
                if (tables.TryGetValue(group.Key, out var parent))
                    parent.AddChild(new ChildTable(table, group.ToList()));
            }
        }

        var forms = new Dictionary<string, ServerForm>(StringComparer.OrdinalIgnoreCase);
        foreach (var output in set.Forms)
        {
            var form = output.Form;
            var table = form.Table is null ? null : tables[form.Table];
            var fields = output.Fields.Select(f =>
            {
                var column = table?.Column(f.Column)
                    ?? new ServerColumn(f.Column, f.Type, f.MaxLength, f.ReadOnly, f.References, false, f.Description, f.PropertyName);
                return new ServerFormField(column, Label(f.PropertyName));
            }).ToList();
            var buttons = form.Buttons.Select(b => new ServerFormButton(b.Caption, b.Value)).ToList();
            forms[form.FormId] = new ServerForm(form.FormId, form.Name, form.Description, table, fields, buttons);
        }
        return new ServerSchema(tables, forms);
    }

    // "CreationDate" -> "Creation Date", "RowId" -> "Row Id".
    private static string Label(string propertyName)
    {
        var text = new StringBuilder(propertyName.Length + 8);
        for (var i = 0; i < propertyName.Length; i++)
        {
            var c = propertyName[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(propertyName[i - 1])) text.Append(' ');
            else if (i > 0 && char.IsDigit(c) && !char.IsDigit(propertyName[i - 1])) text.Append(' ');
            text.Append(c);
        }
        return text.ToString();
    }
}
