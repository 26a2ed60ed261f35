using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Collect.Benchmarks.Infrastructure;
using Collect.Codegen;
using Microsoft.CodeAnalysis;

namespace Collect.Benchmarks.Inputs;

/// <summary>A set of schema files, as pipeline inputs and as additional texts (same paths, same text).</summary>
public sealed class SchemaInputs
{
    private SchemaInputs(string name, IReadOnlyList<InputFile> files)
    {
        Name = name;
        Files = files;
        Texts = files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToList();
    }

    /// <summary>The set's name (a benchmark parameter value).</summary>
    public string Name { get; }

    /// <summary>The files, in path order.</summary>
    public IReadOnlyList<InputFile> Files { get; }

    /// <summary>The same files as additional texts.</summary>
    public IReadOnlyList<AdditionalText> Texts { get; }

    /// <summary>How many table files the set has.</summary>
    public int TableCount => Files.Count(f => f.Path.EndsWith(".table.json", StringComparison.Ordinal));

    /// <summary>How many form files the set has.</summary>
    public int FormCount => Files.Count(f => f.Path.EndsWith(".form.json", StringComparison.Ordinal));

    /// <summary>The schemas shipped in the repository's <c>schemas/</c> folder (copied next to the benchmarks).</summary>
    public static SchemaInputs Shipped()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "schemas");
        var files = Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".table.json", StringComparison.Ordinal) || p.EndsWith(".form.json", StringComparison.Ordinal))
            .Select(p => new InputFile("/schemas/" + Path.GetRelativePath(folder, p).Replace('\\', '/'), File.ReadAllText(p)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InvalidOperationException("No shipped schemas under " + folder);
        return new SchemaInputs("shipped", files);
    }

    /// <summary>The synthetic set: <paramref name="tables"/> tables of <paramref name="columns"/> columns and one form.</summary>
    public static SchemaInputs Synthetic(int tables = SyntheticSchemas.TableCount, int columns = SyntheticSchemas.ColumnCount) =>
        new("synthetic-" + tables, SyntheticSchemas.Create(tables, columns));

    /// <summary>The set named by a benchmark parameter.</summary>
    public static SchemaInputs ByName(string name) => name switch
    {
        "shipped" => Shipped(),
        "synthetic-1000" => Synthetic(),
        _ => throw new ArgumentException("Unknown schema set " + name, nameof(name)),
    };
}
