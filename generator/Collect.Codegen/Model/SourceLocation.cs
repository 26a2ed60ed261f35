namespace Collect.Codegen.Model;

/// <summary>
/// Where something sits in a schema file: the character span and its 0-based line/column start
/// and end. Plain values only, so the incremental pipeline can cache it.
/// </summary>
/// <param name="Path">The file's path.</param>
/// <param name="Start">Offset of the first character.</param>
/// <param name="Length">Length in characters.</param>
/// <param name="StartLine">0-based line of the first character.</param>
/// <param name="StartColumn">0-based column of the first character.</param>
/// <param name="EndLine">0-based line just past the last character.</param>
/// <param name="EndColumn">0-based column just past the last character.</param>
public sealed record SourceLocation(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>No place in any file (a problem with a build property, say).</summary>
    public static SourceLocation None { get; } = new("", 0, 0, 0, 0, 0, 0);

    /// <summary>The start of a file.</summary>
    public static SourceLocation FileStart(string path) => new(path, 0, 0, 0, 0, 0, 0);

    /// <summary>The compiler's way of writing a location: <c>path(line,col)</c>, 1-based.</summary>
    public override string ToString() => Path.Length == 0 ? "CSC" : $"{Path}({StartLine + 1},{StartColumn + 1})";
}
