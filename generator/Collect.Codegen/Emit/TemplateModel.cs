using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Collect.Codegen.Model;

namespace Collect.Codegen.Emit;

// The objects templates see. Every value a template prints is computed here, so templates only
// lay text out. Scriban exposes members in snake_case: TypeName is type_name in a template.

/// <summary>What every template gets: the generation settings.</summary>
public class TemplateModelBase
{
    internal TemplateModelBase(CodegenOptions options)
    {
        Namespace = options.Namespace;
        DbName = options.DbName;
    }

    /// <summary>The namespace of the generated types.</summary>
    public string Namespace { get; }

    /// <summary>The entry point's class name.</summary>
    public string DbName { get; }

    /// <summary>The generator's version, for <c>[GeneratedCode]</c>.</summary>
    public string Version => CodegenInfo.Version;
}

/// <summary>A column as templates see it.</summary>
public sealed class FieldModel
{
    internal FieldModel(FieldSchema field, int index)
    {
        Index = index;
        Property = field.PropertyName;
        Column = field.Column;
        ColumnXml = Emitter.Xml(field.Column);
        ColumnLiteral = Emitter.Literal(field.Column);
        Type = TypeName(field.Type);
        PropertyType = field.Required ? Type : Type + "?";
        ReadMethod = ReadMethodOf(field.Type);
        WriteMethod = "Write" + ReadMethod.Substring("Read".Length);
        ReadDefault = !field.Required ? "" : field.Type is ColumnType.String or ColumnType.File ? " ?? \"\"" : " ?? default";
        IsRequired = field.Required;
        IsReadOnly = field.ReadOnly;
        IsLink = field.References is not null;
        References = field.References;
        Summary = Emitter.Xml(field.Description ?? "The " + Describe(field) + " column.");
        Remarks = Emitter.Xml(Remark(field));
        ValuesClass = field.ValuesClassName;
        // Codes of integer columns are integer constants when every code is a number, so they
        // fit the column's filter helpers; otherwise they stay the strings the API sends.
        var numeric = field.Type is ColumnType.Int or ColumnType.Flags or ColumnType.Long
            && field.Values.All(v => long.TryParse(v.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                && (field.Type == ColumnType.Long || (n >= int.MinValue && n <= int.MaxValue)));
        ValuesType = numeric ? Type : "string";
        Values = field.Values.Select(v => new ValueModel(v, numeric)).ToList();
    }

    /// <summary>Position in the record's column list.</summary>
    public int Index { get; }
    /// <summary>The C# property name.</summary>
    public string Property { get; }
    /// <summary>The column name.</summary>
    public string Column { get; }
    /// <summary>The column name, XML-escaped.</summary>
    public string ColumnXml { get; }
    /// <summary>The column name as a C# string literal (quotes included).</summary>
    public string ColumnLiteral { get; }
    /// <summary>The value type without nullability, e.g. <c>int</c>.</summary>
    public string Type { get; }
    /// <summary>The property's type, e.g. <c>int?</c>.</summary>
    public string PropertyType { get; }
    /// <summary>The <c>CollectJson</c> method that reads the value.</summary>
    public string ReadMethod { get; }
    /// <summary>The <c>CollectJson</c> method that writes a record's value when it changed, e.g. <c>WriteInt32</c>.</summary>
    public string WriteMethod { get; }
    /// <summary>What follows the read for a required (non-nullable) property, e.g. <c> ?? default</c>.</summary>
    public string ReadDefault { get; }
    /// <summary>Whether the column is required (non-nullable, C# <c>required</c>).</summary>
    public bool IsRequired { get; }
    /// <summary>Whether the server maintains the column.</summary>
    public bool IsReadOnly { get; }
    /// <summary>Whether the column links to a parent table.</summary>
    public bool IsLink { get; }
    /// <summary>The parent table, for links.</summary>
    public string? References { get; }
    /// <summary>XML-escaped summary text.</summary>
    public string Summary { get; }
    /// <summary>XML-escaped facts about the column: type, length, link, flags.</summary>
    public string Remarks { get; }
    /// <summary>The constants class of a coded column, or empty.</summary>
    public string ValuesClass { get; }
    /// <summary>The codes of a coded column.</summary>
    public IReadOnlyList<ValueModel> Values { get; }
    /// <summary>The C# type of the codes: the column's integer type when all codes are numbers, else <c>string</c>.</summary>
    public string ValuesType { get; }

    private static string TypeName(ColumnType type) => type switch
    {
        ColumnType.String or ColumnType.File => "string",
        ColumnType.Int or ColumnType.Flags => "int",
        ColumnType.Long => "long",
        ColumnType.Decimal or ColumnType.Money => "decimal",
        ColumnType.Bool => "bool",
        ColumnType.Date => "global::System.DateOnly",
        ColumnType.Time => "global::System.TimeOnly",
        ColumnType.DateTime => "global::System.DateTime",
        _ => "global::Collect.Runtime.RowId",
    };

    private static string ReadMethodOf(ColumnType type) => type switch
    {
        ColumnType.String or ColumnType.File => "ReadString",
        ColumnType.Int or ColumnType.Flags => "ReadInt32",
        ColumnType.Long => "ReadInt64",
        ColumnType.Decimal or ColumnType.Money => "ReadDecimal",
        ColumnType.Bool => "ReadBoolean",
        ColumnType.Date => "ReadDate",
        ColumnType.Time => "ReadTime",
        ColumnType.DateTime => "ReadDateTime",
        _ => "ReadRowId",
    };

    private static string Describe(FieldSchema field) => field.Type switch
    {
        ColumnType.RowId when field.References is not null => field.References + " link",
        ColumnType.RowId => "row id",
        _ => field.Column,
    };

    private static string Remark(FieldSchema field)
    {
        var text = new StringBuilder(field.Type.ToString().ToLowerInvariant());
        if (field.MaxLength is { } max) text.Append(", up to ").Append(max.ToString(CultureInfo.InvariantCulture)).Append(" characters");
        if (field.References is not null) text.Append(", references ").Append(field.References);
        if (field.ReadOnly) text.Append(", read-only");
        if (field.Required) text.Append(", required");
        return text.ToString();
    }
}

/// <summary>One code of a coded column.</summary>
public sealed class ValueModel
{
    internal ValueModel(CodeValue value, bool numeric)
    {
        Name = value.Name;
        Literal = numeric ? long.Parse(value.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : Emitter.Literal(value.Value);
        Summary = Emitter.Xml(value.Description ?? value.Value);
    }

    /// <summary>The constant's name.</summary>
    public string Name { get; }
    /// <summary>The code as a C# literal (a number for integer columns, else a string literal).</summary>
    public string Literal { get; }
    /// <summary>XML-escaped documentation.</summary>
    public string Summary { get; }
}

/// <summary>A sub-record call of a repository.</summary>
public sealed class ChildModel
{
    internal ChildModel(ChildLink link)
    {
        TypeName = link.ChildTypeName;
        Plural = link.ChildPlural;
        TableXml = Emitter.Xml(link.ChildTable);
        LinkColumnsXml = Emitter.Xml(link.LinkColumns);
    }

    /// <summary>The child's record type.</summary>
    public string TypeName { get; }
    /// <summary>The child's plural (method stem).</summary>
    public string Plural { get; }
    /// <summary>The child table, XML-escaped.</summary>
    public string TableXml { get; }
    /// <summary>The child's link columns, XML-escaped.</summary>
    public string LinkColumnsXml { get; }
}

/// <summary>The model of the record and repository templates.</summary>
public sealed class TableModel : TemplateModelBase
{
    internal TableModel(TableOutput output, CodegenOptions options) : base(options)
    {
        var table = output.Table;
        TypeName = table.TypeName;
        TableXml = Emitter.Xml(table.Table);
        TableLiteral = Emitter.Literal(table.Table);
        Fields = table.Fields.Select((f, i) => new FieldModel(f, i)).ToList();
        RowId = Fields.First(f => f.Column == table.RowIdColumn);
        Summary = Emitter.Xml(table.Description ?? "A row of the Collect! table " + table.Table + ".");
        Children = output.Children.Select(c => new ChildModel(c)).ToList();
    }

    /// <summary>The record type's name.</summary>
    public string TypeName { get; }
    /// <summary>The table name, XML-escaped.</summary>
    public string TableXml { get; }
    /// <summary>The table name as a C# string literal.</summary>
    public string TableLiteral { get; }
    /// <summary>XML-escaped summary.</summary>
    public string Summary { get; }
    /// <summary>The columns.</summary>
    public IReadOnlyList<FieldModel> Fields { get; }
    /// <summary>The row-id column.</summary>
    public FieldModel RowId { get; }
    /// <summary>The child tables that link to this one.</summary>
    public IReadOnlyList<ChildModel> Children { get; }
}

/// <summary>A form button as templates see it.</summary>
public sealed class ButtonModel
{
    internal ButtonModel(FormButtonSchema button)
    {
        Name = button.Name;
        Caption = Emitter.Literal(button.Caption);
        Value = button.Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The constant's name.</summary>
    public string Name { get; }
    /// <summary>The button's name as a C# string literal.</summary>
    public string Caption { get; }
    /// <summary>The button's value.</summary>
    public string Value { get; }
}

/// <summary>The model of the form template.</summary>
public sealed class FormModel : TemplateModelBase
{
    internal FormModel(FormOutput output, CodegenOptions options) : base(options)
    {
        ClassName = output.Form.ClassName;
        FormIdLiteral = Emitter.Literal(output.Form.FormId);
        FormId = Emitter.Xml(output.Form.FormId);
        TableXml = output.Form.Table is null ? null : Emitter.Xml(output.Form.Table);
        TableTypeName = output.TableTypeName;
        Summary = Emitter.Xml(output.Form.Description ?? "The " + output.Form.Name + " form.");
        Fields = output.Fields.Select((f, i) => new FieldModel(f, i)).ToList();
        Buttons = output.Form.Buttons.Select(b => new ButtonModel(b)).ToList();
    }

    /// <summary>The form class's name.</summary>
    public string ClassName { get; }
    /// <summary>The form id as a C# string literal.</summary>
    public string FormIdLiteral { get; }
    /// <summary>The form id, XML-escaped.</summary>
    public string FormId { get; }
    /// <summary>The table the form edits (XML-escaped), if any.</summary>
    public string? TableXml { get; }
    /// <summary>That table's record type, if any.</summary>
    public string? TableTypeName { get; }
    /// <summary>XML-escaped summary.</summary>
    public string Summary { get; }
    /// <summary>The form's fields.</summary>
    public IReadOnlyList<FieldModel> Fields { get; }
    /// <summary>The form's buttons.</summary>
    public IReadOnlyList<ButtonModel> Buttons { get; }
}

/// <summary>The model of the entry-point and form-registry templates.</summary>
public sealed class EntryPointModel : TemplateModelBase
{
    internal EntryPointModel(EntryPointOutput output, CodegenOptions options) : base(options)
    {
        Repositories = output.Repositories.Select(r => new RepositoryModel(r)).ToList();
        Forms = output.FormClassNames.ToList();
    }

    /// <summary>One repository per table.</summary>
    public IReadOnlyList<RepositoryModel> Repositories { get; }
    /// <summary>The form class names.</summary>
    public IReadOnlyList<string> Forms { get; }
}

/// <summary>A repository property of the entry point.</summary>
public sealed class RepositoryModel
{
    internal RepositoryModel(RepositoryEntry entry)
    {
        TypeName = entry.TypeName;
        Property = entry.PropertyName;
        Field = "_" + Naming.Names.Camel(entry.PropertyName.TrimStart('@'));
        TableXml = Emitter.Xml(entry.Table);
    }

    /// <summary>The record type.</summary>
    public string TypeName { get; }
    /// <summary>The property name.</summary>
    public string Property { get; }
    /// <summary>The backing field's name.</summary>
    public string Field { get; }
    /// <summary>The table name, XML-escaped.</summary>
    public string TableXml { get; }
}
