namespace Collect.Codegen.SourceGenerator;

/// <summary>The names of the pipeline's tracked steps (tests assert their caching by these names).</summary>
public static class TrackingNames
{
    /// <summary>One schema file parsed into its model.</summary>
    public const string ParseSchema = nameof(ParseSchema);
    /// <summary>The MSBuild properties read into options.</summary>
    public const string Options = nameof(Options);
    /// <summary>The template overrides collected.</summary>
    public const string Templates = nameof(Templates);
    /// <summary>All files resolved against each other.</summary>
    public const string ResolveSet = nameof(ResolveSet);
    /// <summary>The per-table output models.</summary>
    public const string Tables = nameof(Tables);
    /// <summary>The per-form output models.</summary>
    public const string Forms = nameof(Forms);
    /// <summary>The entry-point model.</summary>
    public const string EntryPoint = nameof(EntryPoint);
    /// <summary>A table's files rendered.</summary>
    public const string RenderTable = nameof(RenderTable);
    /// <summary>A form's file rendered.</summary>
    public const string RenderForm = nameof(RenderForm);
    /// <summary>The entry point's files rendered.</summary>
    public const string RenderEntryPoint = nameof(RenderEntryPoint);
    /// <summary>All diagnostics gathered.</summary>
    public const string Diagnostics = nameof(Diagnostics);
}
