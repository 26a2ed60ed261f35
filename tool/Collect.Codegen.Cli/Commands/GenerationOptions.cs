using System.CommandLine;
using Collect.Codegen.Model;

namespace Collect.Codegen.Cli.Commands;

/// <summary>The options <c>validate</c> and <c>generate</c> share: the MSBuild properties of a build, and template overrides.</summary>
internal sealed class GenerationOptions
{
    public Argument<string> Folder { get; } = new("schema-folder")
    {
        Description = "The folder of *.table.json and *.form.json files (searched recursively; bin/ and obj/ are skipped).",
    };

    public Option<string?> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "Namespace of the generated types, as the CollectNamespace property sets it in a build.",
        HelpName = "namespace",
        DefaultValueFactory = _ => CodegenOptions.Default.Namespace,
    };

    public Option<string?> DbName { get; } = new("--db-name")
    {
        Description = "Class name of the entry point, as the CollectDbName property sets it in a build.",
        HelpName = "name",
        DefaultValueFactory = _ => CodegenOptions.Default.DbName,
    };

    public Option<string?> Templates { get; } = new("--templates")
    {
        Description = "A folder of template overrides (Record.scriban, Repository.scriban, Form.scriban, EntryPoint.scriban, FormRegistry.scriban).",
        HelpName = "folder",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Folder);
        command.Options.Add(Namespace);
        command.Options.Add(DbName);
        command.Options.Add(Templates);
    }

    /// <summary>Runs the generator over the folder, exactly as the source generator would over the same files.</summary>
    public GenerationResult Generate(ParseResult parse)
    {
        var inputs = SchemaInputs.Read(parse.GetValue(Folder)!, parse.GetValue(Templates));
        var options = CodegenOptions.From(parse.GetValue(Namespace), parse.GetValue(DbName));
        return CodegenPipeline.Generate(inputs, options);
    }
}
