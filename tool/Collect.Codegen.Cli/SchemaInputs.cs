using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Collect.Codegen.Model;

namespace Collect.Codegen.Cli;

/// <summary>Reads the inputs of a generation from folders, as a project's build would hand them to the generator.</summary>
internal static class SchemaInputs
{
    /// <summary>
    /// Every <c>*.table.json</c> and <c>*.form.json</c> under <paramref name="folder"/> (recursively,
    /// skipping <c>bin/</c> and <c>obj/</c> as the build props do), plus the <c>*.scriban</c> template
    /// overrides directly in <paramref name="templateFolder"/>, in a stable order with full paths.
    /// </summary>
    /// <exception cref="CliException">A folder is missing, or the schema folder holds no schema file.</exception>
    public static IReadOnlyList<InputFile> Read(string folder, string? templateFolder)
    {
        var root = RequireFolder(folder, "schema folder");
        var schemas = SchemaPaths(root);
        if (schemas.Count == 0)
            throw new CliException($"The schema folder '{root}' holds no *.table.json or *.form.json file.");
        var inputs = schemas.Select(p => new InputFile(p, File.ReadAllText(p))).ToList();
        if (templateFolder is not null)
        {
            var templates = RequireFolder(templateFolder, "template folder");
            inputs.AddRange(Directory.EnumerateFiles(templates, "*.scriban", SearchOption.TopDirectoryOnly)
                .Select(Path.GetFullPath)
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => new InputFile(p, File.ReadAllText(p))));
        }
        return inputs;
    }

    /// <summary>The schema files under a folder (full paths, ordinal order), skipping <c>bin/</c> and <c>obj/</c>.</summary>
    public static List<string> SchemaPaths(string root) => SchemaFolder.FindSchemaFiles(root);

    /// <summary>The full path of an existing folder.</summary>
    /// <exception cref="CliException">It does not exist (or is a file).</exception>
    public static string RequireFolder(string folder, string what)
    {
        if (string.IsNullOrWhiteSpace(folder)) throw new CliException($"The {what} is empty.");
        var full = Path.GetFullPath(folder);
        if (File.Exists(full)) throw new CliException($"The {what} '{full}' is a file, not a folder.");
        if (!Directory.Exists(full)) throw new CliException($"The {what} '{full}' does not exist.");
        return full;
    }
}
