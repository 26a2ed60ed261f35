using System;
using System.Collections.Generic;
using System.Linq;

namespace Collect.Codegen.Model;

/// <summary>Severity of a catalogue entry.</summary>
public enum DiagnosticSeverityLevel
{
    /// <summary>A warning: the file still generates, with the stated fix.</summary>
    Warning,
    /// <summary>An error: the file generates nothing.</summary>
    Error,
}

/// <summary>One entry of the diagnostic catalogue.</summary>
public sealed record DiagnosticInfo(string Id, string Title, string MessageFormat, DiagnosticSeverityLevel Severity)
{
    /// <summary>The category every entry shares.</summary>
    public const string Category = "CollectCodegen";
}

/// <summary>
/// The one catalogue of <c>CCG</c> diagnostics, shared by the source generator and the
/// command-line tool. Keep <c>AnalyzerReleases.Unshipped.md</c> in step (a test checks it).
/// </summary>
public static class DiagnosticCatalog
{
    private static DiagnosticInfo Error(string id, string title, string format) => new(id, title, format, DiagnosticSeverityLevel.Error);
    private static DiagnosticInfo Warning(string id, string title, string format) => new(id, title, format, DiagnosticSeverityLevel.Warning);

    /// <summary>CCG001: the file is not valid JSON.</summary>
    public static readonly DiagnosticInfo MalformedJson = Error("CCG001", "Malformed schema file", "The schema file is not valid JSON: {0}");
    /// <summary>CCG002: a required property is missing.</summary>
    public static readonly DiagnosticInfo MissingProperty = Error("CCG002", "Missing required property", "Required property '{0}' is missing from {1}");
    /// <summary>CCG003: a property has the wrong JSON type or an invalid value.</summary>
    public static readonly DiagnosticInfo WrongPropertyType = Error("CCG003", "Property has the wrong type", "Property '{0}' must be {1}");
    /// <summary>CCG004: unknown column type.</summary>
    public static readonly DiagnosticInfo UnknownColumnType = Error("CCG004", "Unknown column type", "Column '{0}' has unknown type '{1}'; expected one of: {2}");
    /// <summary>CCG005: the row id is not among the fields.</summary>
    public static readonly DiagnosticInfo RowIdNotAField = Error("CCG005", "Row id is not a field", "Row id column '{0}' is not among the fields of table '{1}'");
    /// <summary>CCG006: two files define the same table.</summary>
    public static readonly DiagnosticInfo DuplicateTable = Error("CCG006", "Duplicate table", "Table '{0}' is also defined in '{1}'; this file is skipped");
    /// <summary>CCG007: two files give the same C# type name.</summary>
    public static readonly DiagnosticInfo DuplicateTypeName = Error("CCG007", "Duplicate type name", "Type name '{0}' is also generated from '{1}'; this file is skipped");
    /// <summary>CCG008: a column appears twice in one file.</summary>
    public static readonly DiagnosticInfo DuplicateColumn = Error("CCG008", "Duplicate column", "Column '{0}' appears more than once");
    /// <summary>CCG009: <c>references</c> names a table no schema defines.</summary>
    public static readonly DiagnosticInfo UnknownReference = Error("CCG009", "Reference to an unknown table", "Column '{0}' references table '{1}', which no valid schema file defines");
    /// <summary>CCG010: a form lists a field its table lacks (or names an unknown table).</summary>
    public static readonly DiagnosticInfo FormFieldNotInTable = Error("CCG010", "Form field not in its table", "Form field '{0}' is not a column of table '{1}'");
    /// <summary>CCG011: a form has no buttons.</summary>
    public static readonly DiagnosticInfo FormWithoutButtons = Error("CCG011", "Form without buttons", "Form '{0}' has no buttons; prompts are answered with a button value");
    /// <summary>CCG012: a name is not a valid C# identifier and was replaced.</summary>
    public static readonly DiagnosticInfo InvalidName = Warning("CCG012", "Name is not a valid C# identifier", "'{0}' is not a valid C# name ({1}); using '{2}'");
    /// <summary>CCG013: a name collides with another and was replaced.</summary>
    public static readonly DiagnosticInfo NameCollision = Warning("CCG013", "Name collision", "Name '{0}' for '{1}' collides with {2}; using '{3}'");
    /// <summary>CCG014: a template override does not parse.</summary>
    public static readonly DiagnosticInfo TemplateDoesNotParse = Error("CCG014", "Template override does not parse", "Template override '{0}' does not parse: {1}");
    /// <summary>CCG015: an unknown property is ignored.</summary>
    public static readonly DiagnosticInfo UnknownProperty = Warning("CCG015", "Unknown property", "Unknown property '{0}' is ignored");
    /// <summary>CCG016: a template override has no built-in template of that name.</summary>
    public static readonly DiagnosticInfo UnknownTemplate = Warning("CCG016", "Unknown template override", "Template '{0}' overrides nothing; built-in templates are: {1}");
    /// <summary>CCG017: two forms share an id or a class name.</summary>
    public static readonly DiagnosticInfo DuplicateForm = Error("CCG017", "Duplicate form", "Form {0} '{1}' is also defined in '{2}'; this file is skipped");
    /// <summary>CCG018: <c>references</c> on a column that is not a row id.</summary>
    public static readonly DiagnosticInfo ReferenceOnNonRowId = Warning("CCG018", "Reference on a column that is not a row id", "Column '{0}' has type '{1}'; only 'rowid' columns can reference a table, so 'references' is ignored");
    /// <summary>CCG019: a template failed while rendering.</summary>
    public static readonly DiagnosticInfo TemplateRenderFailed = Error("CCG019", "Template failed", "Template '{0}' failed for '{1}': {2}");

    /// <summary>CCG020: a form names a table no schema defines.</summary>
    public static readonly DiagnosticInfo UnknownFormTable = Error("CCG020", "Form for an unknown table", "Form '{0}' is for table '{1}', which no valid schema file defines");

    /// <summary>CCG021: an MSBuild property of the generator is not valid C#.</summary>
    public static readonly DiagnosticInfo InvalidOption = Warning("CCG021", "Invalid generator property", "Property {0} '{1}' is not a valid C# name; using '{2}'");

    /// <summary>Every entry, by id.</summary>
    public static IReadOnlyList<DiagnosticInfo> All { get; } = new[]
    {
        MalformedJson, MissingProperty, WrongPropertyType, UnknownColumnType, RowIdNotAField, DuplicateTable,
        DuplicateTypeName, DuplicateColumn, UnknownReference, FormFieldNotInTable, FormWithoutButtons, InvalidName,
        NameCollision, TemplateDoesNotParse, UnknownProperty, UnknownTemplate, DuplicateForm, ReferenceOnNonRowId,
        TemplateRenderFailed, UnknownFormTable, InvalidOption,
    };

    private static readonly Dictionary<string, DiagnosticInfo> ById = All.ToDictionary(d => d.Id, StringComparer.Ordinal);

    /// <summary>The entry of an id.</summary>
    public static DiagnosticInfo Get(string id) => ById[id];
}
