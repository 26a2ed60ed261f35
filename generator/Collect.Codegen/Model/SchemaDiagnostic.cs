using System;
using System.Globalization;
using System.Linq;

namespace Collect.Codegen.Model;

/// <summary>A problem found in a schema file: a catalogue entry, its message arguments and where it is.</summary>
/// <param name="Id">The catalogue id, e.g. <c>CCG001</c>.</param>
/// <param name="Location">Where the problem is.</param>
/// <param name="Arguments">The message's arguments, already formatted.</param>
public sealed record SchemaDiagnostic(string Id, SourceLocation Location, EquatableArray<string> Arguments)
{
    /// <summary>The catalogue entry of this diagnostic.</summary>
    public DiagnosticInfo Info => DiagnosticCatalog.Get(Id);

    /// <summary>Whether it is an error (the file then generates nothing).</summary>
    public bool IsError => Info.Severity == DiagnosticSeverityLevel.Error;

    /// <summary>The formatted message.</summary>
    public string Message => string.Format(CultureInfo.InvariantCulture, Info.MessageFormat, Arguments.Cast<object>().ToArray());

    /// <summary>The compiler's format: <c>path(line,col): error CCG001: message</c>.</summary>
    public override string ToString() =>
        $"{Location}: {(IsError ? "error" : "warning")} {Id}: {Message}";

    /// <summary>Creates a diagnostic.</summary>
    public static SchemaDiagnostic Create(DiagnosticInfo info, SourceLocation location, params object[] arguments) =>
        new(info.Id, location, arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToEquatableArray());
}
