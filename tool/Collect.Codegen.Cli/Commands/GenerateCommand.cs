using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace Collect.Codegen.Cli.Commands;

/// <summary><c>generate &lt;dir&gt; -o &lt;dir&gt;</c>: the files the source generator produces, byte for byte.</summary>
internal static class GenerateCommand
{
    // The source generator adds its sources as UTF-8 with a byte order mark; the compiler writes
    // them so (EmitCompilerGeneratedFiles), and so does this command.
    private static readonly Encoding FileEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static Command Create(CliContext context)
    {
        var options = new GenerationOptions();
        var output = new Option<string>("--output", "-o")
        {
            Description = "The folder to write the generated *.g.cs files to (created when missing). " +
                "*.g.cs files already there that this run does not produce are deleted.",
            HelpName = "folder",
            Required = true,
        };
        var command = new Command("generate", "Generate exactly the C# files the source generator produces from the schema files, " +
            "for reading, diffing or builds without Roslyn. Diagnostics are printed as in 'validate'; files with errors generate nothing and the exit code is 1.");
        options.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var result = options.Generate(parse);
            var folder = PrepareOutput(parse.GetValue(output)!);
            var written = result.Files.Select(f => f.HintName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var stale in Directory.EnumerateFiles(folder, "*.g.cs", SearchOption.TopDirectoryOnly))
                if (!written.Contains(Path.GetFileName(stale))) File.Delete(stale);
            foreach (var file in result.Files)
                File.WriteAllText(Path.Combine(folder, file.HintName), file.Text, FileEncoding);
            return Task.FromResult(ValidateCommand.Report(context, result, $"Generated {result.Files.Count} file(s) in {folder}"));
        });
        return command;
    }

    private static string PrepareOutput(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder)) throw new CliException("The output folder is empty.");
        var full = Path.GetFullPath(folder);
        if (File.Exists(full)) throw new CliException($"The output folder '{full}' is a file, not a folder.");
        Directory.CreateDirectory(full);
        return full;
    }
}
