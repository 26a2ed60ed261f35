using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Collect.Codegen.Model;

namespace Collect.Codegen.Cli.Diff;

/// <summary>A property of a generated record or form: the column it maps and its C# type.</summary>
internal sealed record ApiProperty(string Column, string Name, string Type);

/// <summary>A constant of a coded column's constants class, or a form button.</summary>
internal sealed record ApiConstant(string Name, string Type, string Value);

/// <summary>A constants class of a coded column.</summary>
internal sealed record ApiValues(string Column, string ClassName, IReadOnlyList<ApiConstant> Constants);

/// <summary>A generated record (with its repository) or a form class: what user code can name.</summary>
/// <param name="Key">What identifies it across schema versions: the table, or the form id.</param>
/// <param name="Name">The C# class name.</param>
/// <param name="Repository">The entry point's repository property (records only).</param>
/// <param name="Properties">The properties, by column.</param>
/// <param name="Values">The constants classes of coded columns.</param>
/// <param name="SubRecordCalls">The repository's sub-record methods (records only).</param>
/// <param name="Buttons">The form's button constants (forms only).</param>
internal sealed record ApiType(
    string Key,
    string Name,
    string? Repository,
    IReadOnlyList<ApiProperty> Properties,
    IReadOnlyList<ApiValues> Values,
    IReadOnlyList<string> SubRecordCalls,
    IReadOnlyList<ApiConstant> Buttons);

/// <summary>The generated API of a schema set, as far as user code sees it: records and forms, by their schema identity.</summary>
internal sealed record ApiSurface(IReadOnlyList<ApiType> Records, IReadOnlyList<ApiType> Forms)
{
    /// <summary>The surface of a resolved schema set.</summary>
    public static ApiSurface Of(SchemaSet set)
    {
        var repositories = set.EntryPoint.Repositories.ToDictionary(r => r.Table, r => r.PropertyName, StringComparer.Ordinal);
        var records = set.Tables.Select(t => new ApiType(
            t.Table.Table,
            t.Table.TypeName,
            repositories.GetValueOrDefault(t.Table.Table),
            t.Table.Fields.Select(Property).ToList(),
            t.Table.Fields.Where(f => f.Values.Count > 0).Select(Values).ToList(),
            t.Children.SelectMany(c => new[] { $"List{c.ChildPlural}Async", $"ListAll{c.ChildPlural}Async" }).ToList(),
            [])).ToList();
        var forms = set.Forms.Select(f => new ApiType(
            f.Form.FormId.ToLowerInvariant(),
            f.Form.ClassName,
            null,
            f.Fields.Select(Property).ToList(),
            [],
            [],
            f.Form.Buttons.Select(b => new ApiConstant(b.Name, "int", b.Value.ToString(CultureInfo.InvariantCulture))).ToList())).ToList();
        return new ApiSurface(records, forms);
    }

    private static ApiProperty Property(FieldSchema field) => new(field.Column, field.PropertyName, TypeOf(field.Type) + (field.Required ? "" : "?"));

    private static ApiValues Values(FieldSchema field)
    {
        // As the record template does: integer constants when every code of an integer column is a number.
        var numeric = field.Type is ColumnType.Int or ColumnType.Flags or ColumnType.Long
            && field.Values.All(v => long.TryParse(v.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                && (field.Type == ColumnType.Long || n is >= int.MinValue and <= int.MaxValue));
        var type = numeric ? TypeOf(field.Type) : "string";
        return new ApiValues(field.Column, field.ValuesClassName, field.Values.Select(v => new ApiConstant(v.Name, type, v.Value)).ToList());
    }

    /// <summary>The C# type of a column type, as the generated property declares it (without nullability).</summary>
    public static string TypeOf(ColumnType type) => type switch
    {
        ColumnType.String or ColumnType.File => "string",
        ColumnType.Int or ColumnType.Flags => "int",
        ColumnType.Long => "long",
        ColumnType.Decimal or ColumnType.Money => "decimal",
        ColumnType.Bool => "bool",
        ColumnType.Date => "DateOnly",
        ColumnType.Time => "TimeOnly",
        ColumnType.DateTime => "DateTime",
        _ => "RowId",
    };
}
