using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Collect.DevServer.Schema;

using Collect.Runtime;

namespace Collect.DevServer.Plans;

/// <summary>A value with placeholders: <c>{today}</c>, <c>{time}</c>, <c>{operator}</c>, <c>{rowid}</c>, <c>{var:name}</c>.</summary>
internal sealed class Template
{
    private readonly List<(bool IsPlaceholder, string Text)> _parts;

    private Template(string source, List<(bool, string)> parts)
    {
        Source = source;
        _parts = parts;
    }

    public string Source { get; }

    public bool IsConstant => _parts.All(p => !p.IsPlaceholder);

    /// <summary>The variables (<c>{var:name}</c>) the template reads.</summary>
    public IEnumerable<string> Variables => _parts.Where(p => p.IsPlaceholder && p.Text.StartsWith("var:", StringComparison.Ordinal)).Select(p => p.Text[4..]);

    public static Template Parse(string source)
    {
        var parts = new List<(bool, string)>();
        var position = 0;
        while (position < source.Length)
        {
            var open = source.IndexOf('{', position);
            var close = source.IndexOf('}', position);
            if (open < 0)
            {
                if (close >= 0) throw new FormatException($"'}}' without '{{' in \"{source}\".");
                parts.Add((false, source[position..]));
                break;
            }
            if (close >= 0 && close < open) throw new FormatException($"'}}' without '{{' in \"{source}\".");
            if (open > position) parts.Add((false, source[position..open]));
            close = source.IndexOf('}', open);
            if (close < 0) throw new FormatException($"'{{' without '}}' in \"{source}\".");
            var name = source[(open + 1)..close];
            if (name is not ("today" or "time" or "operator" or "rowid") && !(name.StartsWith("var:", StringComparison.Ordinal) && name.Length > 4))
                throw new FormatException($"Unknown placeholder {{{name}}} in \"{source}\" (known: {{today}}, {{time}}, {{operator}}, {{rowid}}, {{var:name}}).");
            parts.Add((true, name));
            position = close + 1;
        }
        return new Template(source, parts);
    }

    public string Evaluate(PlanValues values)
    {
        var text = new StringBuilder();
        foreach (var (isPlaceholder, part) in _parts)
        {
            if (!isPlaceholder) { text.Append(part); continue; }
            text.Append(part switch
            {
                "today" => values.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "time" => values.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                "operator" => values.OperatorId,
                "rowid" => values.RowId.ToString(CultureInfo.InvariantCulture),
                _ => values.Variables.GetValueOrDefault(part[4..], ""),
            });
        }
        return text.ToString();
    }
}

/// <summary>What templates read while a job runs.</summary>
internal sealed record PlanValues(DateTimeOffset Now, string OperatorId, long RowId, IReadOnlyDictionary<string, string> Variables);

/// <summary>One step of a plan.</summary>
internal abstract record PlanStep(int Number);

/// <summary><c>button</c>: a question with buttons; an answer not in <c>proceed</c> ends the plan (rolled back).</summary>
internal sealed record ButtonStep(int Number, string Message, IReadOnlyList<string> Buttons, IReadOnlyList<int> Proceed) : PlanStep(Number);

/// <summary><c>string</c> or <c>date</c>: asks for a value (button 0 = OK, 1 = cancel) and keeps it as <c>{var:save}</c>.</summary>
internal sealed record ValueStep(int Number, bool IsDate, string Message, Template Default, string Save) : PlanStep(Number);

/// <summary><c>form</c>: a form prompt with default data; a button not in <c>proceed</c> ends the plan.</summary>
internal sealed record FormStep(int Number, ServerForm Form, IReadOnlyList<(ServerColumn Column, Template Value)> Data, IReadOnlyList<int> Proceed, string? Save) : PlanStep(Number);

/// <summary><c>create</c>: inserts a row from a saved form's answered data plus <c>set</c> values.</summary>
internal sealed record CreateStep(int Number, ServerTable Table, string? From, IReadOnlyList<(ServerColumn Column, Template Value)> Set, BusinessLogic Mode) : PlanStep(Number);

/// <summary><c>update</c>: sets columns of the plan's target row.</summary>
internal sealed record UpdateStep(int Number, IReadOnlyList<(ServerColumn Column, Template Value)> Set) : PlanStep(Number);

/// <summary>A contact plan: its code (<c>cp_code</c>), the record type it runs on, and its steps.</summary>
internal sealed record PlanDefinition(string Code, string Description, ServerTable Record, IReadOnlyList<PlanStep> Steps, string Path);

/// <summary>
/// The contact plans, read from <c>*.plan.json</c> files (format in docs/devserver.md) and checked
/// against the schema when the server starts.
/// </summary>
internal sealed class PlanCatalog
{
    private readonly Dictionary<string, PlanDefinition> _plans;

    private PlanCatalog(Dictionary<string, PlanDefinition> plans) => _plans = plans;

    public IEnumerable<PlanDefinition> All => _plans.Values.OrderBy(p => p.Code, StringComparer.Ordinal);

    public PlanDefinition? Find(string code) => _plans.GetValueOrDefault(code);

    /// <summary>Reads the plan files of a folder (none when the folder does not exist).</summary>
    /// <exception cref="DevServerConfigurationException">A file is not a valid plan.</exception>
    public static PlanCatalog Load(string folder, ServerSchema schema)
    {
        var plans = new Dictionary<string, PlanDefinition>(StringComparer.Ordinal);
        if (!Directory.Exists(folder)) return new PlanCatalog(plans);
        foreach (var path in Directory.EnumerateFiles(folder, "*.plan.json", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            PlanDefinition plan;
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                plan = Parse(document.RootElement, schema, path);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new DevServerConfigurationException($"The plan file '{path}' is invalid: {e.Message}", e);
            }
            if (!plans.TryAdd(plan.Code, plan))
                throw new DevServerConfigurationException($"The plan file '{path}' repeats plan code {plan.Code} of '{plans[plan.Code].Path}'.");
        }
        return new PlanCatalog(plans);
    }

    private static PlanDefinition Parse(JsonElement root, ServerSchema schema, string path)
    {
        var code = RequiredString(root, "code");
        if (code.Length == 0) throw new FormatException("\"code\" is empty.");
        var description = OptionalString(root, "description") ?? code;
        var recordName = RequiredString(root, "record");
        var record = schema.Table(recordName) ?? throw new FormatException($"\"record\" names the unknown table {recordName}.");
        if (!root.TryGetProperty("steps", out var stepsElement) || stepsElement.ValueKind != JsonValueKind.Array)
            throw new FormatException("\"steps\" must be an array.");
        var steps = new List<PlanStep>();
        var forms = new Dictionary<string, ServerForm>(StringComparer.Ordinal);
        var variables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in stepsElement.EnumerateArray())
        {
            var number = steps.Count + 1;
            try
            {
                steps.Add(ParseStep(element, number, schema, record, forms, variables));
            }
            catch (FormatException e)
            {
                throw new FormatException($"step {number}: {e.Message}", e);
            }
        }
        return new PlanDefinition(code, description, record, steps, path);
    }

    private static PlanStep ParseStep(JsonElement step, int number, ServerSchema schema, ServerTable record,
        Dictionary<string, ServerForm> forms, HashSet<string> variables)
    {
        if (step.ValueKind != JsonValueKind.Object) throw new FormatException("a step must be an object.");
        var kind = RequiredString(step, "step");
        switch (kind)
        {
            case "button":
            {
                var buttons = StringArray(step, "buttons");
                if (buttons.Count == 0) throw new FormatException("\"buttons\" is empty.");
                var proceed = IntArray(step, "proceed") ?? [0];
                if (proceed.Any(p => p < 0 || p >= buttons.Count)) throw new FormatException("\"proceed\" holds a position that is not a button.");
                return new ButtonStep(number, RequiredString(step, "message"), buttons, proceed);
            }
            case "string":
            case "date":
            {
                var save = RequiredString(step, "save");
                variables.Add(save);
                var defaultValue = Template.Parse(OptionalString(step, "default") ?? "");
                CheckVariables(defaultValue, variables);
                return new ValueStep(number, kind == "date", RequiredString(step, "message"), defaultValue, save);
            }
            case "form":
            {
                var formId = RequiredString(step, "form");
                var form = schema.Forms.GetValueOrDefault(formId) ?? throw new FormatException($"unknown form {formId}.");
                if (form.Table is null) throw new FormatException($"form {formId} has no table; plans use forms of a table.");
                var data = Values(step, "data", form.Table, variables);
                var proceed = IntArray(step, "proceed") ?? (form.Buttons.Count > 0 ? [form.Buttons[0].Value] : []);
                if (proceed.Any(p => form.Buttons.All(b => b.Value != p))) throw new FormatException("\"proceed\" holds a value that is not a button of the form.");
                var save = OptionalString(step, "save");
                if (save is not null) forms[save] = form;
                return new FormStep(number, form, data, proceed, save);
            }
            case "create":
            {
                var tableName = RequiredString(step, "table");
                var table = schema.Table(tableName) ?? throw new FormatException($"unknown table {tableName}.");
                var from = OptionalString(step, "from");
                if (from is not null && (!forms.TryGetValue(from, out var form) || form.Table != table))
                    throw new FormatException($"\"from\": no earlier form step saves \"{from}\" for table {tableName}.");
                var mode = step.TryGetProperty("business-logic", out var m) ? m.GetInt32() : 0;
                if (mode is < 0 or > 4 or 1) throw new FormatException("\"business-logic\" must be 0, 2, 3 or 4.");
                return new CreateStep(number, table, from, Values(step, "set", table, variables), (BusinessLogic)mode);
            }
            case "update":
                if (step.TryGetProperty("table", out var t) && t.GetString() != record.Name)
                    throw new FormatException($"\"update\" changes the plan's own {record.Name} row; leave out \"table\".");
                return new UpdateStep(number, Values(step, "set", record, variables));
            default:
                throw new FormatException($"unknown step \"{kind}\" (button, string, date, form, create, update).");
        }
    }

    private static List<(ServerColumn, Template)> Values(JsonElement step, string name, ServerTable table, HashSet<string> variables)
    {
        var values = new List<(ServerColumn, Template)>();
        if (!step.TryGetProperty(name, out var element)) return values;
        if (element.ValueKind != JsonValueKind.Object) throw new FormatException($"\"{name}\" must be an object of column values.");
        foreach (var property in element.EnumerateObject())
        {
            var column = table.Column(property.Name) ?? throw new FormatException($"\"{name}\": {table.Name} has no column {property.Name}.");
            if (column.IsRowId) throw new FormatException($"\"{name}\": the row-id column {column.Name} cannot be set.");
            var text = ColumnValues.FromJson(property.Value) ?? throw new FormatException($"\"{name}\": {property.Name} must be a string or a number.");
            var template = Template.Parse(text);
            CheckVariables(template, variables);
            if (template.IsConstant && !ColumnValues.TryNormalize(column, text, out _, out var error))
                throw new FormatException($"\"{name}\": {error}");
            values.Add((column, template));
        }
        return values;
    }

    private static void CheckVariables(Template template, HashSet<string> variables)
    {
        foreach (var variable in template.Variables)
            if (!variables.Contains(variable)) throw new FormatException($"{{var:{variable}}} is not saved by an earlier string or date step.");
    }

    private static string RequiredString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"\"{name}\" must be a string.");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> StringArray(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"\"{name}\" must hold strings.")).ToList()
            : throw new FormatException($"\"{name}\" must be an array of strings.");

    private static List<int>? IntArray(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetInt32() : throw new FormatException($"\"{name}\" must hold numbers.")).ToList()
                : throw new FormatException($"\"{name}\" must be an array of numbers.")
            : null;
}
