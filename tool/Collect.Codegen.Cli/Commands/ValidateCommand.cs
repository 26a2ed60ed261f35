using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;

namespace Collect.Codegen.Cli.Commands;

/// <summary><c>validate &lt;dir&gt;</c>: the generator's own diagnostics, in the compiler's format.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var options = new GenerationOptions();
        var command = new Command("validate", "Check schema files with the generator's own diagnostics, printed as the compiler prints them " +
            "(path(line,col): error CCG001: ...). Exit code 1 when any is an error; warnings alone exit 0.");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var result = options.Generate(parse);
            var schemaFiles = SchemaInputs.SchemaPaths(System.IO.Path.GetFullPath(parse.GetValue(options.Folder)!)).Count;
            return Task.FromResult(Report(context, result, $"{schemaFiles} schema file(s)"));
        });
        return command;
    }

    /// <summary>Prints every diagnostic and a summary line; 1 when any is an error.</summary>
    public static int Report(CliContext context, GenerationResult result, string what)
    {
        foreach (var diagnostic in result.Diagnostics) context.Output.WriteLine(diagnostic.ToString());
        var errors = result.Diagnostics.Count(d => d.IsError);
        var warnings = result.Diagnostics.Count - errors;
        context.Output.WriteLine($"{what}: {errors} error(s), {warnings} warning(s).");
        return errors > 0 ? ExitCodes.ProblemsFound : ExitCodes.Success;
    }
}
