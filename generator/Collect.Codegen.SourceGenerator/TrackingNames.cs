namespace Collect.Codegen.SourceGenerator;

/// <summary>The names of the pipeline's tracked steps (tests assert their caching by these names).</summary>
public static class TrackingNames
{
    /// <summary>One additional file read: a schema file parsed (with its shape), a template kept, anything else ignored.</summary>
    public const string ParseSchema = nameof(ParseSchema);
    /// <summary>The files' shapes: the names and links that cross-file resolution reads.</summary>
    public const string Shapes = nameof(Shapes);
    /// <summary>The MSBuild properties read into options.</summary>
    public const string Options = nameof(Options);
    /// <summary>The template overrides collected.</summary>
    public const string Templates = nameof(Templates);
    /// <summary>Names and links resolved across all files' shapes.</summary>
    public const string ResolveNames = nameof(ResolveNames);
    /// <summary>One table's render job (its output model and the settings); rendered when new or changed.</summary>
    public const string Tables = nameof(Tables);
    /// <summary>One form's render job; rendered when new or changed.</summary>
    public const string Forms = nameof(Forms);
    /// <summary>The entry point's render job; rendered when new or changed.</summary>
    public const string EntryPoint = nameof(EntryPoint);
    /// <summary>All diagnostics gathered.</summary>
    public const string Diagnostics = nameof(Diagnostics);
}
