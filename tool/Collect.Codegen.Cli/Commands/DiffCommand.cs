using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Collect.Codegen.Cli.Diff;
using Collect.Codegen.Model;
using Collect.Codegen.Parsing;
using Collect.Codegen.Validation;

namespace Collect.Codegen.Cli.Commands;

/// <summary><c>diff &lt;old-dir&gt; &lt;new-dir&gt;</c>: what changes in the generated API, with breaking changes flagged.</summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var before = new Argument<string>("old-folder") { Description = "The schema folder before the change." };
        var after = new Argument<string>("new-folder") { Description = "The schema folder after the change." };
        var command = new Command("diff", "Show what changes in the generated API between two schema sets: records, forms, properties, constants, " +
            "buttons and sub-record calls added, removed, renamed or retyped. Breaking changes (removed or renamed types and members, changed types) " +
            "are flagged, and the exit code is 1 when there is any, for reviewing schema updates in CI.")
        {
            before, after,
        };
        command.SetAction(parse =>
        {
            var oldFolder = SchemaInputs.RequireFolder(parse.GetValue(before)!, "old schema folder");
            var newFolder = SchemaInputs.RequireFolder(parse.GetValue(after)!, "new schema folder");
            var changes = ApiDiff.Compare(Load(context, oldFolder), Load(context, newFolder));
            return Task.FromResult(Print(context, oldFolder, newFolder, changes));
        });
        return command;
    }

    /// <summary>The generated API of a folder's schema files.</summary>
    /// <exception cref="CliException">A file has errors (they are printed first): the API it would generate is incomplete.</exception>
    internal static ApiSurface Load(CliContext context, string folder)
    {
        var inputs = SchemaInputs.Read(folder, null);
        var files = inputs.Select(f => SchemaParser.Parse(f.Path, f.Text)).ToList();
        var set = SchemaSetResolver.Resolve(files, CodegenOptions.Default);
        var errors = files.SelectMany(f => f.Diagnostics).Concat(set.Diagnostics).Where(d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors) context.Error.WriteLine(error.ToString());
            throw new CliException($"The schema files in '{folder}' have {errors.Count} error(s); fix them before comparing (collect-codegen validate).");
        }
        return ApiSurface.Of(set);
    }

    private static int Print(CliContext context, string oldFolder, string newFolder, IReadOnlyList<ApiChange> changes)
    {
        var output = context.Output;
        output.WriteLine($"Generated API: {oldFolder} → {newFolder}");
        if (changes.Count == 0)
        {
            output.WriteLine("No changes.");
            return ExitCodes.Success;
        }
        output.WriteLine();
        foreach (var change in changes.Where(c => c.Owner is null)) output.WriteLine(Line(change, ""));
        foreach (var group in changes.Where(c => c.Owner is not null).GroupBy(c => c.Owner))
        {
            output.WriteLine(group.Key);
            foreach (var change in group) output.WriteLine(Line(change, "  "));
        }
        var breaking = changes.Count(c => c.Breaking is not null);
        output.WriteLine();
        output.WriteLine(breaking == 0
            ? $"{changes.Count} change(s), none breaking."
            : $"{changes.Count} change(s), {breaking} breaking: code compiled against the old API may not compile against the new one.");
        return breaking == 0 ? ExitCodes.Success : ExitCodes.ProblemsFound;
    }

    private static string Line(ApiChange change, string indent)
    {
        var sign = change.Kind switch { ChangeKind.Added => "+", ChangeKind.Removed => "-", _ => "~" };
        return $"{indent}{sign} {change.Text}{(change.Breaking is null ? "" : $"  [BREAKING: {change.Breaking}]")}";
    }
}
