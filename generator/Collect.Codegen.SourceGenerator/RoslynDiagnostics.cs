using System.Collections.Generic;
using System.Linq;
using Collect.Codegen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Collect.Codegen.SourceGenerator;

/// <summary>
/// The Roslyn side of the core's diagnostic catalogue. Ids are written out here so that release
/// tracking (AnalyzerReleases.*.md) sees every rule; titles and messages come from the catalogue,
/// and a test checks the two lists agree.
/// </summary>
internal static class RoslynDiagnostics
{
    private const string HelpLink = "https://github.com/collect-codegen/collect-codegen/blob/main/docs/diagnostics.md#";

    private static readonly DiagnosticDescriptor MalformedJson = new("CCG001", DiagnosticCatalog.MalformedJson.Title, DiagnosticCatalog.MalformedJson.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg001");
    private static readonly DiagnosticDescriptor MissingProperty = new("CCG002", DiagnosticCatalog.MissingProperty.Title, DiagnosticCatalog.MissingProperty.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg002");
    private static readonly DiagnosticDescriptor WrongPropertyType = new("CCG003", DiagnosticCatalog.WrongPropertyType.Title, DiagnosticCatalog.WrongPropertyType.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg003");
    private static readonly DiagnosticDescriptor UnknownColumnType = new("CCG004", DiagnosticCatalog.UnknownColumnType.Title, DiagnosticCatalog.UnknownColumnType.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg004");
    private static readonly DiagnosticDescriptor RowIdNotAField = new("CCG005", DiagnosticCatalog.RowIdNotAField.Title, DiagnosticCatalog.RowIdNotAField.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg005");
    private static readonly DiagnosticDescriptor DuplicateTable = new("CCG006", DiagnosticCatalog.DuplicateTable.Title, DiagnosticCatalog.DuplicateTable.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg006");
    private static readonly DiagnosticDescriptor DuplicateTypeName = new("CCG007", DiagnosticCatalog.DuplicateTypeName.Title, DiagnosticCatalog.DuplicateTypeName.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg007");
    private static readonly DiagnosticDescriptor DuplicateColumn = new("CCG008", DiagnosticCatalog.DuplicateColumn.Title, DiagnosticCatalog.DuplicateColumn.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg008");
    private static readonly DiagnosticDescriptor UnknownReference = new("CCG009", DiagnosticCatalog.UnknownReference.Title, DiagnosticCatalog.UnknownReference.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg009");
    private static readonly DiagnosticDescriptor FormFieldNotInTable = new("CCG010", DiagnosticCatalog.FormFieldNotInTable.Title, DiagnosticCatalog.FormFieldNotInTable.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg010");
    private static readonly DiagnosticDescriptor FormWithoutButtons = new("CCG011", DiagnosticCatalog.FormWithoutButtons.Title, DiagnosticCatalog.FormWithoutButtons.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg011");
    private static readonly DiagnosticDescriptor InvalidName = new("CCG012", DiagnosticCatalog.InvalidName.Title, DiagnosticCatalog.InvalidName.MessageFormat, "CollectCodegen", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg012");
    private static readonly DiagnosticDescriptor NameCollision = new("CCG013", DiagnosticCatalog.NameCollision.Title, DiagnosticCatalog.NameCollision.MessageFormat, "CollectCodegen", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg013");
    private static readonly DiagnosticDescriptor TemplateDoesNotParse = new("CCG014", DiagnosticCatalog.TemplateDoesNotParse.Title, DiagnosticCatalog.TemplateDoesNotParse.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg014");
    private static readonly DiagnosticDescriptor UnknownProperty = new("CCG015", DiagnosticCatalog.UnknownProperty.Title, DiagnosticCatalog.UnknownProperty.MessageFormat, "CollectCodegen", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg015");
    private static readonly DiagnosticDescriptor UnknownTemplate = new("CCG016", DiagnosticCatalog.UnknownTemplate.Title, DiagnosticCatalog.UnknownTemplate.MessageFormat, "CollectCodegen", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg016");
    private static readonly DiagnosticDescriptor DuplicateForm = new("CCG017", DiagnosticCatalog.DuplicateForm.Title, DiagnosticCatalog.DuplicateForm.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg017");
    private static readonly DiagnosticDescriptor ReferenceOnNonRowId = new("CCG018", DiagnosticCatalog.ReferenceOnNonRowId.Title, DiagnosticCatalog.ReferenceOnNonRowId.MessageFormat, "CollectCodegen", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg018");
    private static readonly DiagnosticDescriptor TemplateRenderFailed = new("CCG019", DiagnosticCatalog.TemplateRenderFailed.Title, DiagnosticCatalog.TemplateRenderFailed.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg019");
    private static readonly DiagnosticDescriptor UnknownFormTable = new("CCG020", DiagnosticCatalog.UnknownFormTable.Title, DiagnosticCatalog.UnknownFormTable.MessageFormat, "CollectCodegen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg020");
    private static readonly DiagnosticDescriptor InvalidOption = new("CCG021", DiagnosticCatalog.InvalidOption.Title, DiagnosticCatalog.InvalidOption.MessageFormat, "CollectCodegen", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink + "ccg021");

    /// <summary>One Roslyn descriptor per catalogue entry, by id.</summary>
    public static IReadOnlyDictionary<string, DiagnosticDescriptor> Descriptors { get; } = new[]
    {
        MalformedJson, MissingProperty, WrongPropertyType, UnknownColumnType, RowIdNotAField, DuplicateTable, DuplicateTypeName, DuplicateColumn, UnknownReference, FormFieldNotInTable, FormWithoutButtons, InvalidName, NameCollision, TemplateDoesNotParse, UnknownProperty, UnknownTemplate, DuplicateForm, ReferenceOnNonRowId, TemplateRenderFailed, UnknownFormTable, InvalidOption,
    }.ToDictionary(d => d.Id);

    /// <summary>A core diagnostic as a Roslyn diagnostic at its file, line and column.</summary>
    public static Diagnostic ToDiagnostic(SchemaDiagnostic diagnostic)
    {
        var at = diagnostic.Location;
        if (at.Path.Length == 0)
            return Diagnostic.Create(Descriptors[diagnostic.Id], Location.None, diagnostic.Arguments.Cast<object>().ToArray());
        var location = Location.Create(
            at.Path,
            new TextSpan(at.Start, at.Length),
            new LinePositionSpan(new LinePosition(at.StartLine, at.StartColumn), new LinePosition(at.EndLine, at.EndColumn)));
        return Diagnostic.Create(Descriptors[diagnostic.Id], location, diagnostic.Arguments.Cast<object>().ToArray());
    }
}
