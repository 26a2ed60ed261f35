using System;
using System.Collections.Generic;
using System.Linq;
using Collect.Codegen.Model;
using Collect.Codegen.Naming;

namespace Collect.Codegen.Parsing;

/// <summary>
/// Turns one schema file into its model and its own diagnostics. Pure and total: any text gives
/// a <see cref="SchemaFile"/>, never an exception, and every problem sits at its line and column.
/// </summary>
public static class SchemaParser
{
    private static readonly Dictionary<string, ColumnType> TypesByName = new(StringComparer.Ordinal)
    {
        ["string"] = ColumnType.String, ["int"] = ColumnType.Int, ["long"] = ColumnType.Long,
        ["decimal"] = ColumnType.Decimal, ["money"] = ColumnType.Money, ["bool"] = ColumnType.Bool,
        ["date"] = ColumnType.Date, ["time"] = ColumnType.Time, ["datetime"] = ColumnType.DateTime,
        ["rowid"] = ColumnType.RowId, ["flags"] = ColumnType.Flags, ["file"] = ColumnType.File,
    };

    private static readonly string TypeList = string.Join(", ", TypesByName.Keys);

    /// <summary>
    /// C# member names a generated record already uses: its nested classes, the members every
    /// record has, and (for forms) the form members.
    /// </summary>
    internal static readonly string[] RecordMemberNames =
    {
        "Columns", "Filter", "Sort", "Equals", "GetHashCode", "ToString", "GetType", "EqualityContract",
        "Deconstruct", "PrintMembers", "MemberwiseClone", "Finalize", "ReferenceEquals",
        "__columnIndex", // the generated column index field
    };

    internal static readonly string[] FormMemberNames = { "FormId", "Buttons", "OtherValues", "WriteData", "__buttons" };

    /// <summary>Parses a table (<c>*.table.json</c>) or form (<c>*.form.json</c>) file.</summary>
    public static SchemaFile Parse(string path, string text)
    {
        try
        {
            return Names.Invariant(() => ParseCore(path, text));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The parser is meant to be total; if it is not, report rather than break the build.
            var diagnostic = SchemaDiagnostic.Create(DiagnosticCatalog.MalformedJson, SourceLocation.FileStart(path), "unexpected parser failure: " + ex.Message);
            return new SchemaFile(path, null, null, new EquatableArray<SchemaDiagnostic>(new[] { diagnostic }));
        }
    }

    private static SchemaFile ParseCore(string path, string text)
    {
        var (tree, root, error) = JsonTree.Parse(path, text);
        if (error is not null)
            return new SchemaFile(path, null, null, new EquatableArray<SchemaDiagnostic>(new[] { error }));
        var context = new FileContext(tree, path);
        if (root is not JsonObjectNode obj)
        {
            context.Report(DiagnosticCatalog.WrongPropertyType, root!, "(root)", "a JSON object");
            return context.Result(null, null);
        }
        return SchemaFile.IsFormPath(path)
            ? context.Result(null, ParseForm(context, obj))
            : context.Result(ParseTable(context, obj), null);
    }

    private static TableSchema? ParseTable(FileContext context, JsonObjectNode root)
    {
        var props = context.Properties(root, "$schema", "table", "rowId", "typeName", "description", "fields");
        var table = context.RequiredString(props, root, "table", "the table file");
        var rowId = context.RequiredString(props, root, "rowId", "the table file");
        var typeNameNode = context.OptionalString(props, "typeName");
        var description = context.OptionalString(props, "description")?.Value;
        var fieldsNode = context.RequiredArray(props, root, "fields", "the table file");
        if (table is null || rowId is null || fieldsNode is null) return null;

        var prefix = Names.PrefixOf(rowId.Value);
        var typeName = typeNameNode?.Value ?? Names.TypeNameOf(table.Value);
        var typeNameLocation = context.Tree.Locate(typeNameNode ?? (JsonNode)table);
        typeName = context.ValidName(typeName, "Table", typeNameLocation);

        if (fieldsNode.Items.Count == 0)
            context.Report(DiagnosticCatalog.WrongPropertyType, fieldsNode, "fields", "a non-empty array (at least the row id)");
        var fields = ParseFields(context, fieldsNode, prefix, RecordMemberNames.Concat(new[] { typeName }));
        if (fields is not null && !fields.Any(f => f.Column == rowId.Value))
            context.Report(DiagnosticCatalog.RowIdNotAField, rowId, rowId.Value, table.Value);
        if (fields is null || context.HasErrors) return null;

        return new TableSchema(
            table.Value, rowId.Value, typeName, description, fields.ToEquatableArray(),
            context.Tree.Locate(table), typeNameLocation)
        {
            TypeNameGiven = typeNameNode is not null,
        };
    }

    private static FormSchema? ParseForm(FileContext context, JsonObjectNode root)
    {
        var props = context.Properties(root, "$schema", "formId", "name", "table", "description", "fields", "buttons");
        var formId = context.RequiredString(props, root, "formId", "the form file");
        var name = context.RequiredString(props, root, "name", "the form file");
        var table = context.OptionalString(props, "table");
        var description = context.OptionalString(props, "description")?.Value;
        var fieldsNode = context.OptionalArray(props, "fields");
        var buttonsNode = context.OptionalArray(props, "buttons");
        if (formId is null || name is null) return null;

        var className = context.ValidName(Names.Pascal(name.Value) + "Form", "Form", context.Tree.Locate(name));
        var buttons = ParseButtons(context, buttonsNode, name.Value, root);

        var fields = new List<FormFieldRef>();
        if (fieldsNode is not null)
        {
            if (table is not null)
            {
                foreach (var item in fieldsNode.Items)
                {
                    if (item is JsonStringNode column)
                        fields.Add(new FormFieldRef(column.Value, null, context.Tree.Locate(column)));
                    else
                        context.Report(DiagnosticCatalog.WrongPropertyType, item, "fields[]", "a column name (a string) when the form has a table");
                }
                var duplicates = fields.GroupBy(f => f.Column, StringComparer.Ordinal).Where(g => g.Count() > 1);
                foreach (var duplicate in duplicates.SelectMany(g => g.Skip(1)))
                    context.Report(DiagnosticCatalog.DuplicateColumn, duplicate.Location, duplicate.Column);
            }
            else
            {
                var prefix = CommonPrefix(fieldsNode);
                var parsed = ParseFields(context, fieldsNode, prefix, RecordMemberNames.Concat(FormMemberNames).Concat(new[] { className }));
                if (parsed is not null)
                    fields.AddRange(parsed.Select(f => new FormFieldRef(f.Column, f, f.Location)));
            }
        }
        if (context.HasErrors) return null;

        return new FormSchema(
            formId.Value, name.Value, className, table?.Value, description, fields.ToEquatableArray(), buttons.ToEquatableArray(),
            context.Tree.Locate(formId), context.Tree.Locate(name), table is null ? null : context.Tree.Locate(table));
    }

    private static List<FormButtonSchema> ParseButtons(FileContext context, JsonArrayNode? node, string formName, JsonObjectNode root)
    {
        var buttons = new List<FormButtonSchema>();
        if (node is null || node.Items.Count == 0)
        {
            // Like a missing property: on the empty list, or on the form's opening brace when there is none.
            var at = node is null ? context.Tree.Locate(root.Start, root.Start + 1) : context.Tree.Locate(node);
            context.Report(DiagnosticCatalog.FormWithoutButtons, at, formName);
            return buttons;
        }
        var taken = new HashSet<string>(StringComparer.Ordinal);
        // A constant may not be named like its class (CS0542).
        var reserved = new HashSet<string>(StringComparer.Ordinal) { "Buttons" };
        foreach (var item in node.Items)
        {
            if (item is not JsonObjectNode button)
            {
                context.Report(DiagnosticCatalog.WrongPropertyType, item, "buttons[]", "an object with 'name' and 'value'");
                continue;
            }
            var props = context.Properties(button, "name", "value", "description");
            var name = context.RequiredString(props, button, "name", "the button");
            var value = context.RequiredInteger(props, button, "value", "the button");
            if (name is null || value is null) continue;
            var location = context.Tree.Locate(name);
            var identifier = context.ValidName(Names.Pascal(name.Value), "Button", location);
            var unique = Names.Unique(identifier, taken, reserved, "");
            if (unique != identifier)
                context.Report(DiagnosticCatalog.NameCollision, location, identifier, name.Value, reserved.Contains(identifier) ? "the Buttons class" : "another button", unique);
            buttons.Add(new FormButtonSchema(unique, name.Value, value.Value));
        }
        return buttons;
    }

    private static List<FieldSchema>? ParseFields(FileContext context, JsonArrayNode node, string prefix, IEnumerable<string> reservedNames)
    {
        var fields = new List<FieldSchema>();
        var seenColumns = new HashSet<string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var reserved = new HashSet<string>(reservedNames, StringComparer.Ordinal);
        var ok = true;
        var index = 0;
        foreach (var item in node.Items)
        {
            index++;
            if (item is not JsonObjectNode field)
            {
                context.Report(DiagnosticCatalog.WrongPropertyType, item, "fields[]", "an object with 'name' and 'type'");
                ok = false;
                continue;
            }
            var props = context.Properties(field, "name", "type", "references", "property", "description", "maxLength", "readOnly", "required", "values");
            var name = context.RequiredString(props, field, "name", "the field");
            var typeNode = context.RequiredString(props, field, "type", "the field");
            var references = context.OptionalString(props, "references");
            var property = context.OptionalString(props, "property");
            var description = context.OptionalString(props, "description")?.Value;
            var maxLength = context.OptionalInteger(props, "maxLength", minimum: 1);
            var readOnly = context.OptionalBool(props, "readOnly") ?? false;
            var required = context.OptionalBool(props, "required") ?? false;
            var valuesNode = context.OptionalArray(props, "values");
            if (name is null || typeNode is null)
            {
                ok = false;
                continue;
            }
            var location = context.Tree.Locate(name);
            if (!seenColumns.Add(name.Value))
            {
                context.Report(DiagnosticCatalog.DuplicateColumn, name, name.Value);
                ok = false;
                continue;
            }
            if (!TypesByName.TryGetValue(typeNode.Value, out var type))
            {
                context.Report(DiagnosticCatalog.UnknownColumnType, typeNode, name.Value, typeNode.Value, TypeList);
                ok = false;
                continue;
            }
            if (references is not null && type != ColumnType.RowId)
            {
                context.Report(DiagnosticCatalog.ReferenceOnNonRowId, references, name.Value, typeNode.Value);
                references = null;
            }

            var propertyLocation = property is null ? location : context.Tree.Locate(property);
            var wanted = context.ValidName(property?.Value ?? Names.PropertyNameOf(name.Value, prefix), "Column" + index, propertyLocation);
            var propertyName = Names.Unique(wanted, taken, reserved, "Column");
            if (propertyName != wanted)
            {
                var with = reserved.Contains(wanted) ? "a generated member" : "another column's property";
                context.Report(DiagnosticCatalog.NameCollision, propertyLocation, wanted, name.Value, with, propertyName);
            }

            fields.Add(new FieldSchema(
                name.Value, type, propertyName, references?.Value, description, maxLength, readOnly, required,
                ParseValues(context, valuesNode).ToEquatableArray(), "", location,
                references is null ? null : context.Tree.Locate(references)));
        }
        if (!ok) return null;

        // Constants classes of coded columns come after all properties, so a property never loses its name to one.
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Values.Count == 0) continue;
            var wanted = fields[i].PropertyName.TrimStart('@') + "Values";
            // Nor may the class take the name of one of its constants (CS0542).
            var className = Names.Unique(wanted, taken, new HashSet<string>(reserved.Concat(fields[i].Values.Select(v => v.Name)), StringComparer.Ordinal), "Codes");
            if (className != wanted)
                context.Report(DiagnosticCatalog.NameCollision, fields[i].Location, wanted, fields[i].Column, "another member", className);
            fields[i] = fields[i] with { ValuesClassName = className };
        }
        return fields;
    }

    private static List<CodeValue> ParseValues(FileContext context, JsonArrayNode? node)
    {
        var values = new List<CodeValue>();
        if (node is null) return values;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var reserved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in node.Items)
        {
            if (item is not JsonObjectNode entry)
            {
                context.Report(DiagnosticCatalog.WrongPropertyType, item, "values[]", "an object with 'value' and 'name'");
                continue;
            }
            var props = context.Properties(entry, "value", "name", "description");
            var value = context.RequiredScalar(props, entry, "value", "the value");
            var name = context.RequiredString(props, entry, "name", "the value");
            var description = context.OptionalString(props, "description")?.Value;
            if (value is null || name is null) continue;
            var location = context.Tree.Locate(name);
            var wanted = context.ValidName(Names.Pascal(name.Value), "Value", location);
            var unique = Names.Unique(wanted, taken, reserved, "");
            if (unique != wanted)
                context.Report(DiagnosticCatalog.NameCollision, location, wanted, name.Value, "another value's name", unique);
            values.Add(new CodeValue(value, unique, description));
        }
        return values;
    }

    // A form without a table strips the prefix its fields share (co_type, co_date → co_).
    private static string CommonPrefix(JsonArrayNode fields)
    {
        var names = fields.Items.OfType<JsonObjectNode>()
            .Select(f => f.Properties.FirstOrDefault(p => p.Name == "name")?.Value)
            .OfType<JsonStringNode>().Select(s => s.Value).ToList();
        if (names.Count == 0) return "";
        var first = names[0];
        var underscore = first.IndexOf('_');
        if (underscore <= 0) return "";
        var prefix = first.Substring(0, underscore + 1);
        return names.All(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.Length > prefix.Length) ? prefix : "";
    }

    /// <summary>Per-file state: the tree for locations and the diagnostics found so far.</summary>
    private sealed class FileContext
    {
        private readonly List<SchemaDiagnostic> _diagnostics = new();
        private readonly string _path;

        public FileContext(JsonTree tree, string path)
        {
            Tree = tree;
            _path = path;
        }

        public JsonTree Tree { get; }

        public bool HasErrors => _diagnostics.Any(d => d.IsError);

        public SchemaFile Result(TableSchema? table, FormSchema? form) =>
            new(_path, HasErrors ? null : table, HasErrors ? null : form, _diagnostics.ToEquatableArray());

        public void Report(DiagnosticInfo info, JsonNode node, params object[] args) => Report(info, Tree.Locate(node), args);

        public void Report(DiagnosticInfo info, SourceLocation location, params object[] args) =>
            _diagnostics.Add(SchemaDiagnostic.Create(info, location, args));

        /// <summary>The object's properties by name; unknown names are warned about, repeats are errors.</summary>
        public Dictionary<string, JsonProperty> Properties(JsonObjectNode node, params string[] known)
        {
            var result = new Dictionary<string, JsonProperty>(StringComparer.Ordinal);
            foreach (var property in node.Properties)
            {
                if (Array.IndexOf(known, property.Name) < 0)
                {
                    Report(DiagnosticCatalog.UnknownProperty, Tree.LocateName(property), property.Name);
                    continue;
                }
                if (result.ContainsKey(property.Name))
                {
                    Report(DiagnosticCatalog.WrongPropertyType, Tree.LocateName(property), property.Name, "given once");
                    continue;
                }
                result[property.Name] = property;
            }
            return result;
        }

        public JsonStringNode? RequiredString(Dictionary<string, JsonProperty> props, JsonNode owner, string name, string ownerName)
        {
            if (!props.TryGetValue(name, out var property))
            {
                Report(DiagnosticCatalog.MissingProperty, OpeningBrace(owner), name, ownerName);
                return null;
            }
            if (property.Value is JsonStringNode { Value.Length: > 0 } text) return text;
            Report(DiagnosticCatalog.WrongPropertyType, property.Value, name, "a non-empty string");
            return null;
        }

        public JsonStringNode? OptionalString(Dictionary<string, JsonProperty> props, string name)
        {
            if (!props.TryGetValue(name, out var property) || property.Value is JsonNullNode) return null;
            if (property.Value is JsonStringNode { Value.Length: > 0 } text) return text;
            Report(DiagnosticCatalog.WrongPropertyType, property.Value, name, "a non-empty string");
            return null;
        }

        // A code value may be written as a string or a number; it is kept as the API's text.
        public string? RequiredScalar(Dictionary<string, JsonProperty> props, JsonNode owner, string name, string ownerName)
        {
            if (!props.TryGetValue(name, out var property))
            {
                Report(DiagnosticCatalog.MissingProperty, OpeningBrace(owner), name, ownerName);
                return null;
            }
            switch (property.Value)
            {
                case JsonStringNode text: return text.Value;
                case JsonNumberNode number: return number.Text;
                default:
                    Report(DiagnosticCatalog.WrongPropertyType, property.Value, name, "a string or a number");
                    return null;
            }
        }

        public int? RequiredInteger(Dictionary<string, JsonProperty> props, JsonNode owner, string name, string ownerName)
        {
            if (!props.TryGetValue(name, out var property))
            {
                Report(DiagnosticCatalog.MissingProperty, OpeningBrace(owner), name, ownerName);
                return null;
            }
            if (property.Value is JsonNumberNode { Integer: { } value } && value >= int.MinValue && value <= int.MaxValue)
                return (int)value;
            Report(DiagnosticCatalog.WrongPropertyType, property.Value, name, "an integer");
            return null;
        }

        public int? OptionalInteger(Dictionary<string, JsonProperty> props, string name, int minimum)
        {
            if (!props.TryGetValue(name, out var property) || property.Value is JsonNullNode) return null;
            if (property.Value is JsonNumberNode { Integer: { } value } && value >= minimum && value <= int.MaxValue)
                return (int)value;
            Report(DiagnosticCatalog.WrongPropertyType, property.Value, name, $"an integer of at least {minimum}");
            return null;
        }

        public bool? OptionalBool(Dictionary<string, JsonProperty> props, string name)
        {
            if (!props.TryGetValue(name, out var property) || property.Value is JsonNullNode) return null;
            if (property.Value is JsonBoolNode flag) return flag.Value;
            Report(DiagnosticCatalog.WrongPropertyType, property.Value, name, "true or false");
            return null;
        }

        public JsonArrayNode? RequiredArray(Dictionary<string, JsonProperty> props, JsonNode owner, string name, string ownerName)
        {
            if (!props.TryGetValue(name, out var property))
            {
                Report(DiagnosticCatalog.MissingProperty, OpeningBrace(owner), name, ownerName);
                return null;
            }
            if (property.Value is JsonArrayNode array) return array;
            Report(DiagnosticCatalog.WrongPropertyType, property.Value, name, "an array");
            return null;
        }

        public JsonArrayNode? OptionalArray(Dictionary<string, JsonProperty> props, string name)
        {
            if (!props.TryGetValue(name, out var property) || property.Value is JsonNullNode) return null;
            if (property.Value is JsonArrayNode array) return array;
            Report(DiagnosticCatalog.WrongPropertyType, property.Value, name, "an array");
            return null;
        }

        /// <summary>Checks a C# name; an invalid one is replaced, with a warning at <paramref name="location"/>.</summary>
        public string ValidName(string name, string fallback, SourceLocation location)
        {
            var (valid, reason) = Names.MakeValid(name, fallback);
            if (reason is not null)
                Report(DiagnosticCatalog.InvalidName, location, name, reason, valid);
            return valid;
        }

        // A missing property is reported on the object's opening brace: one character, easy to see.
        private SourceLocation OpeningBrace(JsonNode owner) => Tree.Locate(owner.Start, owner.Start + 1);
    }
}
