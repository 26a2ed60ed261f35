using System.CommandLine;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Collect.DevServer;

namespace Collect.Codegen.Cli.Commands;

/// <summary><c>openapi &lt;dir&gt; -o &lt;file&gt;</c>: the dev server's OpenAPI 3 document for a schema set.</summary>
internal static class OpenApiCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("schema-folder") { Description = "The folder of *.table.json and *.form.json files (searched recursively)." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The file to write the OpenAPI 3 JSON document to (its folder is created when missing).",
            HelpName = "file",
            Required = true,
        };
        var plans = new Option<string?>("--plans")
        {
            Description = "A folder of *.plan.json contact plans to name in the document's description (default: none).",
            HelpName = "folder",
        };
        var command = new Command("openapi", "Write an OpenAPI 3 document of the Collect! REST API over the schema files: sign-in, the Bearer scheme, " +
            "the x-collect-database header and every data, sub-record, form and application endpoint (the same document the dev server serves at /openapi.json).")
        {
            folder, output, plans,
        };
        command.SetAction(parse =>
        {
            var schemaFolder = SchemaInputs.RequireFolder(parse.GetValue(folder)!, "schema folder");
            var planFolder = parse.GetValue(plans) is { } p ? SchemaInputs.RequireFolder(p, "plan folder") : null;
            var target = Path.GetFullPath(parse.GetValue(output)!);
            if (Directory.Exists(target)) throw new CliException($"The output '{target}' is a folder; name a file, e.g. {Path.Combine(target, "openapi.json")}.");
            var json = CollectOpenApi.Build(schemaFolder, planFolder);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            context.Output.WriteLine($"Wrote the OpenAPI 3 document to {target}.");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
