using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Collect.Codegen.Cli.Tests.Infrastructure;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Xunit;

namespace Collect.Codegen.Cli.Tests;

/// <summary>'openapi' writes the dev server's document; an independent reader (Microsoft.OpenApi) accepts it.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task TheDocumentReadsWithZeroErrorsAndDescribesTheApi()
    {
        using var temp = new TempFolder();
        var file = temp["out/api/openapi.json"];

        var run = await Tool.RunAsync("openapi", Tool.ShippedSchemas, "-o", file);

        Assert.Equal(0, run.ExitCode);
        var result = OpenApiDocument.Parse(File.ReadAllText(file), "json");
        Assert.Empty(result.Diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, result.Diagnostic.SpecificationVersion);
        var document = result.Document!;
        Assert.Contains("Bearer", document.Components!.SecuritySchemes!.Keys);
        foreach (var table in new[] { "debtor", "contact", "nx_operator" })
        {
            Assert.Contains($"/api/v1/collect/data/{table}", document.Paths.Keys);
            Assert.Contains($"/api/v1/collect/data/{table}/{{rowid}}", document.Paths.Keys);
        }
        Assert.Contains("/api/v1/auth/login", document.Paths.Keys);
        var operations = document.Paths.Values.SelectMany(p => p.Operations!.Values).ToList();
        Assert.True(operations.Count > 70);
        Assert.All(operations, o => Assert.Contains(o.Parameters!, p => p.Name == "x-collect-database" && p.In == ParameterLocation.Header));
    }

    [Fact]
    public async Task ASchemaFolderWithErrorsExitsOneWithTheDiagnostics()
    {
        using var temp = new TempFolder();
        temp.Write("schemas/t.table.json", "{ \"table\": \"t\", \"rowId\": \"t_rowid\", \"fields\": [ { \"name\": \"t_rowid\", \"type\": \"nope\" } ] }");

        var run = await Tool.RunAsync("openapi", temp["schemas"], "-o", temp["openapi.json"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CCG004", run.Error, System.StringComparison.Ordinal);
        Assert.False(File.Exists(temp["openapi.json"]));
    }

    [Fact]
    public async Task AMissingFolderAndAFolderAsOutputAreClearErrors()
    {
        using var temp = new TempFolder();

        var missing = await Tool.RunAsync("openapi", temp["nothing"], "-o", temp["openapi.json"]);
        var folder = await Tool.RunAsync("openapi", Tool.ShippedSchemas, "-o", temp.Path);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.ErrorMessages(), System.StringComparison.Ordinal);
        Assert.Equal(2, folder.ExitCode);
        Assert.Contains("is a folder", folder.ErrorMessages(), System.StringComparison.Ordinal);
    }
}
