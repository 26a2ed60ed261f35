using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Collect.Codegen.Cli.Tests.Infrastructure;
using Xunit;

namespace Collect.Codegen.Cli.Tests;

public sealed partial class ValidateTests
{
    [GeneratedRegex(@"^(?<path>.+)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning) (?<id>CCG\d{3}): (?<message>.+)$")]
    internal static partial Regex CompilerFormat();

    [Fact]
    public async Task TheShippedSchemasAreValidAndExitZero()
    {
        var run = await Tool.RunAsync("validate", Tool.ShippedSchemas);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("11 schema file(s): 0 error(s), 0 warning(s).", Assert.Single(run.OutputLines));
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task ErrorsArePrintedInTheCompilersFormatAtTheirFileAndLineAndExitOne()
    {
        using var temp = new TempFolder();
        var schemas = temp.CopyShippedSchemas();
        var broken = temp.Write("schemas/tables/invoice.table.json", """
            {
              "table": "invoice",
              "rowId": "in_rowid",
              "fields": [
                { "name": "in_rowid", "type": "rowid" },
                { "name": "in_total", "type": "integer" }
              ]
            }
            """);
        var malformed = temp.Write("schemas/tables/broken.table.json", "{\n  \"table\": \"broken\",\n  \"rowId\": \n}");

        var run = await Tool.RunAsync("validate", schemas);

        Assert.Equal(1, run.ExitCode);
        var diagnostics = run.OutputLines.Select(l => CompilerFormat().Match(l)).Where(m => m.Success).ToList();
        Assert.Equal(2, diagnostics.Count);
        var unknownType = Assert.Single(diagnostics, d => d.Groups["id"].Value == "CCG004");
        Assert.Equal(Path.GetFullPath(broken), unknownType.Groups["path"].Value);
        Assert.Equal("6", unknownType.Groups["line"].Value);
        Assert.Equal("error", unknownType.Groups["severity"].Value);
        Assert.Contains("'integer'", unknownType.Groups["message"].Value, System.StringComparison.Ordinal);
        var json = Assert.Single(diagnostics, d => d.Groups["id"].Value == "CCG001");
        Assert.Equal(Path.GetFullPath(malformed), json.Groups["path"].Value);
        Assert.Equal("4", json.Groups["line"].Value);
        Assert.EndsWith("2 error(s), 0 warning(s).", run.OutputLines[^1], System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarningsArePrintedButExitZero()
    {
        using var temp = new TempFolder();
        var schemas = temp.CopyShippedSchemas();
        temp.Write("schemas/tables/note.table.json", """
            {
              "table": "note",
              "rowId": "no_rowid",
              "colour": "blue",
              "fields": [ { "name": "no_rowid", "type": "rowid" }, { "name": "no_class", "type": "string" } ]
            }
            """);

        var run = await Tool.RunAsync("validate", schemas);

        Assert.Equal(0, run.ExitCode);
        var warnings = run.OutputLines.Select(l => CompilerFormat().Match(l)).Where(m => m.Success).ToList();
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Equal("warning", w.Groups["severity"].Value));
        Assert.Contains(warnings, w => w.Groups["id"].Value == "CCG015" && w.Groups["line"].Value == "4");
    }

    [Fact]
    public async Task AnInvalidNamespaceIsTheGeneratorsWarning()
    {
        var run = await Tool.RunAsync("validate", Tool.ShippedSchemas, "--namespace", "1st.Bad");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.OutputLines, l => l.StartsWith("CSC: warning CCG021:", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFolderWithoutSchemaFilesIsAnError()
    {
        using var temp = new TempFolder();

        var run = await Tool.RunAsync("validate", temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("holds no *.table.json or *.form.json file", run.ErrorMessages(), System.StringComparison.Ordinal);
    }
}
