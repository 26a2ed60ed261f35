using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Collect.Codegen.Model;

namespace Collect.Codegen;

/// <summary>
/// The schema files of a folder, as a project's build hands them to the generator: every
/// <c>*.table.json</c> and <c>*.form.json</c> below it, skipping its <c>bin/</c> and <c>obj/</c>
/// (as the package's build props do). The tool and the dev server read folders through this, so
/// they see the same files as the compiler.
/// </summary>
public static class SchemaFolder
{
    /// <summary>The schema files below <paramref name="root"/>: full paths, in ordinal order.</summary>
    public static List<string> FindSchemaFiles(string root)
    {
        var full = Path.GetFullPath(root);
        return Directory.EnumerateFiles(full, "*.json", SearchOption.AllDirectories)
            .Where(SchemaFile.IsSchemaPath)
            .Select(Path.GetFullPath)
            .Where(p => !IsBuildOutput(full, p))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
    }

    // Whether the path lies in the root's own bin/ or obj/ folder.
    private static bool IsBuildOutput(string root, string path)
    {
        var relative = path.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var separator = relative.IndexOfAny(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar });
        var first = separator < 0 ? relative : relative.Substring(0, separator);
        return first is "bin" or "obj";
    }
}
