using System.Linq;

namespace Collect.Codegen.Model;

/// <summary>Settings of one generation: where the code goes and what the entry point is called.</summary>
/// <param name="Namespace">The namespace of the generated types.</param>
/// <param name="DbName">The entry point's class name (default <c>CollectDb</c>).</param>
public sealed record CodegenOptions(string Namespace, string DbName)
{
    /// <summary>The defaults: namespace <c>Collect.Generated</c>, entry point <c>CollectDb</c>.</summary>
    public static CodegenOptions Default { get; } = new("Collect.Generated", "CollectDb");

    /// <summary>Problems with the values these options were made from (CCG021), already replaced by defaults.</summary>
    public EquatableArray<SchemaDiagnostic> Problems { get; init; } = EquatableArray<SchemaDiagnostic>.Empty;

    /// <summary>
    /// Options from MSBuild property values: a namespace or entry-point name that is not valid C#
    /// falls back to the default, with a CCG021 warning, instead of generating code that cannot compile.
    /// </summary>
    /// <param name="ns">The namespace (<c>CollectNamespace</c>, else the root namespace), or null.</param>
    /// <param name="dbName">The entry point's name (<c>CollectDbName</c>), or null.</param>
    public static CodegenOptions From(string? ns, string? dbName)
    {
        var problems = new System.Collections.Generic.List<SchemaDiagnostic>();
        var validNs = Check(ns, "CollectNamespace", IsNamespace, Default.Namespace, problems);
        var validDb = Check(dbName, "CollectDbName", Naming.Names.IsValidIdentifier, Default.DbName, problems);
        return new CodegenOptions(validNs, validDb) { Problems = problems.ToEquatableArray() };
    }

    private static string Check(string? value, string property, System.Func<string, bool> isValid, string fallback, System.Collections.Generic.List<SchemaDiagnostic> problems)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        var trimmed = value!.Trim();
        if (isValid(trimmed)) return trimmed;
        problems.Add(SchemaDiagnostic.Create(DiagnosticCatalog.InvalidOption, SourceLocation.None, property, trimmed, fallback));
        return fallback;
    }

    private static bool IsNamespace(string value) => value.Split('.').All(Naming.Names.IsValidIdentifier);
}

/// <summary>A child table whose rows link to a parent; it gives the parent's repository its sub-record calls.</summary>
/// <param name="ChildTable">The child table's name.</param>
/// <param name="ChildTypeName">The child's C# type.</param>
/// <param name="ChildPlural">The child's plural name (method stem).</param>
/// <param name="LinkColumns">The child's columns that reference the parent, comma-separated.</param>
public sealed record ChildLink(string ChildTable, string ChildTypeName, string ChildPlural, string LinkColumns);

/// <summary>Everything one table's generated files depend on: its schema, final type name, its children and its files' names.</summary>
/// <param name="Table">The table's schema, with its final type name.</param>
/// <param name="Children">The tables that link to it.</param>
/// <param name="RecordFile">The name of the record's file (<c>Contact.g.cs</c>).</param>
/// <param name="RepositoryFile">The name of the repository's file (<c>ContactRepository.g.cs</c>).</param>
public sealed record TableOutput(TableSchema Table, EquatableArray<ChildLink> Children, string RecordFile, string RepositoryFile);

/// <summary>Everything one form's generated file depends on: the form and its resolved fields.</summary>
public sealed record FormOutput(FormSchema Form, string? TableTypeName, EquatableArray<FieldSchema> Fields);

/// <summary>A repository property of the entry point.</summary>
/// <param name="TypeName">The record type.</param>
/// <param name="PropertyName">The property (the plural of the type name).</param>
/// <param name="Table">The table's name.</param>
public sealed record RepositoryEntry(string TypeName, string PropertyName, string Table);

/// <summary>What the entry point and the form registry depend on: names only, so most schema edits leave them cached.</summary>
public sealed record EntryPointOutput(EquatableArray<RepositoryEntry> Repositories, EquatableArray<string> FormClassNames);

/// <summary>All schema files resolved against each other: one output model per generated file group, and the cross-file diagnostics.</summary>
public sealed record SchemaSet(
    EquatableArray<TableOutput> Tables,
    EquatableArray<FormOutput> Forms,
    EntryPointOutput EntryPoint,
    EquatableArray<SchemaDiagnostic> Diagnostics);

/// <summary>One generated source file.</summary>
/// <param name="HintName">The file's name, e.g. <c>Contact.g.cs</c>.</param>
/// <param name="Text">The C# text.</param>
public sealed record GeneratedFile(string HintName, string Text);

/// <summary>Rendered files with any problem the templates had; equatable, so unchanged output is a cache hit.</summary>
/// <param name="Files">The files.</param>
/// <param name="Diagnostics">Template failures (CCG019).</param>
public sealed record RenderResult(EquatableArray<GeneratedFile> Files, EquatableArray<SchemaDiagnostic> Diagnostics)
{
    /// <summary>One file, no problems.</summary>
    public static RenderResult Of(GeneratedFile file) => new(new EquatableArray<GeneratedFile>(new[] { file }), EquatableArray<SchemaDiagnostic>.Empty);

    /// <summary>The files and problems of several results, in order.</summary>
    public static RenderResult Combine(params RenderResult[] results) => new(
        results.SelectMany(r => r.Files).ToEquatableArray(),
        results.SelectMany(r => r.Diagnostics).ToEquatableArray());
}

/// <summary>The settings every render shares: where the code goes and the templates in use.</summary>
/// <param name="Options">The generation settings.</param>
/// <param name="Templates">The templates (built-in, with the project's overrides).</param>
public sealed record RenderSettings(CodegenOptions Options, Emit.TemplateSet Templates);

/// <summary>One output model to render with its settings; equatable, so an unchanged job renders nothing again.</summary>
/// <typeparam name="T">The output model (<see cref="TableOutput"/>, <see cref="FormOutput"/>, <see cref="EntryPointOutput"/>).</typeparam>
/// <param name="Output">The model.</param>
/// <param name="Settings">The settings.</param>
public sealed record RenderJob<T>(T Output, RenderSettings Settings);
