using System.Collections.Generic;
using System.Linq;
using Collect.Codegen.Emit;
using Collect.Codegen.Model;
using Collect.Codegen.Validation;

namespace Collect.Codegen;

/// <summary>A schema or template file given to the pipeline: its path and text.</summary>
/// <param name="Path">The file's path (it decides the kind: <c>*.table.json</c>, <c>*.form.json</c>, <c>*.scriban</c>).</param>
/// <param name="Text">The file's text.</param>
public sealed record InputFile(string Path, string Text);

/// <summary>What a whole generation produced: the files and every diagnostic, in a stable order.</summary>
/// <param name="Files">The generated files.</param>
/// <param name="Diagnostics">Every diagnostic: per file, across files, and of template overrides.</param>
public sealed record GenerationResult(IReadOnlyList<GeneratedFile> Files, IReadOnlyList<SchemaDiagnostic> Diagnostics)
{
    /// <summary>Whether any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// The generator in one call, for everything outside the compiler (the command-line tool,
/// benchmarks): the same parser, resolver and emitter, in the same order, as the source generator.
/// </summary>
public static class CodegenPipeline
{
    /// <summary>Generates the files of a set of schema files and template overrides.</summary>
    public static GenerationResult Generate(IEnumerable<InputFile> inputs, CodegenOptions options)
    {
        var read = inputs.Select(f => GeneratorInput.Read(f.Path, () => f.Text)).ToList();
        var files = read.Where(i => i.Schema is not null).Select(i => i.Schema!).ToList();
        var templates = TemplateSet.Of(read.Select(i => i.Template));
        var set = SchemaSetResolver.Resolve(files, options);
        var rendered = Emitter.EmitAll(set, options, templates);
        var diagnostics = files.SelectMany(f => f.Diagnostics).Concat(set.Diagnostics).Concat(options.Problems).Concat(templates.Validate()).Concat(rendered.Diagnostics).ToList();
        return new GenerationResult(rendered.Files, diagnostics);
    }
}
