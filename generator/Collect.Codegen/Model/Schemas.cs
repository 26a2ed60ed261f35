namespace Collect.Codegen.Model;

/// <summary>The column types a schema may name (SCHEMA-FORMAT.md).</summary>
public enum ColumnType
{
    /// <summary><c>string</c>: text.</summary>
    String,
    /// <summary><c>int</c>: a 32-bit integer.</summary>
    Int,
    /// <summary><c>long</c>: a 64-bit integer.</summary>
    Long,
    /// <summary><c>decimal</c>: a decimal number.</summary>
    Decimal,
    /// <summary><c>money</c>: an amount.</summary>
    Money,
    /// <summary><c>bool</c>: a switch.</summary>
    Bool,
    /// <summary><c>date</c>: <c>yyyy-MM-dd</c>.</summary>
    Date,
    /// <summary><c>time</c>: <c>HH:mm:ss</c>.</summary>
    Time,
    /// <summary><c>datetime</c>: <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    DateTime,
    /// <summary><c>rowid</c>: a row id (a link when it has <c>references</c>).</summary>
    RowId,
    /// <summary><c>flags</c>: an integer bit set.</summary>
    Flags,
    /// <summary><c>file</c>: an attachment's file name.</summary>
    File,
}

/// <summary>One code of a coded column (<c>values</c>).</summary>
/// <param name="Value">The code as the API sends it.</param>
/// <param name="Name">The constant's C# name (validated).</param>
/// <param name="Description">Optional documentation.</param>
public sealed record CodeValue(string Value, string Name, string? Description);

/// <summary>A column of a table or a form, with its resolved C# property name.</summary>
public sealed record FieldSchema(
    string Column,
    ColumnType Type,
    string PropertyName,
    string? References,
    string? Description,
    int? MaxLength,
    bool ReadOnly,
    bool Required,
    EquatableArray<CodeValue> Values,
    string ValuesClassName,
    SourceLocation Location,
    SourceLocation? ReferencesLocation);

/// <summary>A table file, validated on its own.</summary>
public sealed record TableSchema(
    string Table,
    string RowIdColumn,
    string TypeName,
    string? Description,
    EquatableArray<FieldSchema> Fields,
    SourceLocation TableLocation,
    SourceLocation TypeNameLocation)
{
    /// <summary>Whether the file sets <c>typeName</c> (else the name comes from the table's name).</summary>
    public bool TypeNameGiven { get; init; }
}

/// <summary>A form button.</summary>
/// <param name="Name">The button's C# constant name (validated).</param>
/// <param name="Caption">The button's name as written in the schema.</param>
/// <param name="Value">The button's value.</param>
public sealed record FormButtonSchema(string Name, string Caption, int Value);

/// <summary>A form field as listed: a column name of the form's table, or a full field when the form has no table.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Field">The field, when the form defines it itself (no <c>table</c>).</param>
/// <param name="Location">Where the field is listed.</param>
public sealed record FormFieldRef(string Column, FieldSchema? Field, SourceLocation Location);

/// <summary>A form file, validated on its own.</summary>
public sealed record FormSchema(
    string FormId,
    string Name,
    string ClassName,
    string? Table,
    string? Description,
    EquatableArray<FormFieldRef> Fields,
    EquatableArray<FormButtonSchema> Buttons,
    SourceLocation FormIdLocation,
    SourceLocation NameLocation,
    SourceLocation? TableLocation);

/// <summary>
/// What one schema file parses into: a table or a form (or neither, when it is broken) and the
/// file's own diagnostics. Equatable, so an unchanged file is a cache hit.
/// </summary>
public sealed record SchemaFile(string Path, TableSchema? Table, FormSchema? Form, EquatableArray<SchemaDiagnostic> Diagnostics)
{
    /// <summary>Whether the file is a form file (<c>*.form.json</c>).</summary>
    public static bool IsFormPath(string path) => path.EndsWith(".form.json", System.StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the file is a table file (<c>*.table.json</c>).</summary>
    public static bool IsTablePath(string path) => path.EndsWith(".table.json", System.StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the path names a schema file.</summary>
    public static bool IsSchemaPath(string path) => IsTablePath(path) || IsFormPath(path);
}
