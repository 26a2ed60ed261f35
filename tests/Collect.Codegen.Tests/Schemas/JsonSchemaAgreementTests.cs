using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Collect.Codegen.Model;
using Collect.Codegen.Parsing;
using Collect.Codegen.Tests.Infrastructure;
using Json.Schema;
using Xunit;

namespace Collect.Codegen.Tests.Schemas;

/// <summary>
/// The JSON Schemas that editors use (schemas/*.schema.json) and the generator's own checks agree
/// (docs/schema-format.md): every shipped file is valid for both, and each file the generator
/// rejects with an error is invalid for the JSON Schema too, so an editor flags what the build will.
/// </summary>
public class JsonSchemaAgreementTests
{
    private static readonly Lazy<JsonSchema> TableSchema = new(() => Load("collect-table.schema.json"));
    private static readonly Lazy<JsonSchema> FormSchema = new(() => Load("collect-form.schema.json"));

    private static JsonSchema Load(string name) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(GeneratorHarness.ShippedSchemaFolder, name)));

    private static EvaluationResults Evaluate(string path, string text) =>
        (SchemaFile.IsFormPath(path) ? FormSchema : TableSchema).Value
            .Evaluate(System.Text.Json.Nodes.JsonNode.Parse(text), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults results) =>
        string.Join("; ", results.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    public static IEnumerable<object[]> ShippedFiles() =>
        Directory.EnumerateFiles(GeneratorHarness.ShippedSchemaFolder, "*.json", SearchOption.AllDirectories)
            .Where(SchemaFile.IsSchemaPath)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new object[] { Path.GetRelativePath(GeneratorHarness.ShippedSchemaFolder, p) });

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void EveryShippedFileIsValidForItsJsonSchemaAndTheGenerator(string relativePath)
    {
        var path = Path.Combine(GeneratorHarness.ShippedSchemaFolder, relativePath);
        var text = File.ReadAllText(path);

        var results = Evaluate(path, text);

        Assert.True(results.IsValid, Errors(results));
        Assert.Empty(SchemaParser.Parse(path, text).Diagnostics);
    }

    private const string GoodTable = """
        {
          "table": "contact",
          "rowId": "co_rowid",
          "fields": [
            { "name": "co_rowid", "type": "rowid" },
            { "name": "co_rowid_debtor", "type": "rowid", "references": "debtor" },
            { "name": "co_status", "type": "string", "maxLength": 3, "values": [{ "value": "A", "name": "Active" }] }
          ]
        }
        """;

    private const string GoodForm = """
        {
          "formId": "35d01ff2-775d-ccb4-8f53-25d36f517384",
          "name": "ScheduleNextContact",
          "table": "contact",
          "fields": ["co_status"],
          "buttons": [{ "name": "OK", "value": 4631 }]
        }
        """;

    [Theory]
    [InlineData("/s/good.table.json", GoodTable)]
    [InlineData("/s/good.form.json", GoodForm)]
    public void MinimalFilesAreValidForBoth(string path, string text)
    {
        Assert.True(Evaluate(path, text).IsValid, Errors(Evaluate(path, text)));
        Assert.DoesNotContain(SchemaParser.Parse(path, text).Diagnostics, d => d.IsError);
    }

    /// <summary>Files the generator rejects with an error, one per kind of mistake a JSON Schema can see.</summary>
    public static IEnumerable<object[]> BrokenFiles()
    {
        static object[] Table(string why, Func<string, string> edit) => new object[] { why, "/s/broken.table.json", edit(GoodTable) };
        static object[] Form(string why, Func<string, string> edit) => new object[] { why, "/s/broken.form.json", edit(GoodForm) };
        yield return Table("table missing", t => t.Replace("\"table\": \"contact\",", "", StringComparison.Ordinal));
        yield return Table("rowId missing", t => t.Replace("\"rowId\": \"co_rowid\",", "", StringComparison.Ordinal));
        yield return Table("fields missing", t => t[..t.IndexOf(",\n  \"fields\"", StringComparison.Ordinal)] + "\n}");
        yield return Table("table not a string", t => t.Replace("\"table\": \"contact\"", "\"table\": 5", StringComparison.Ordinal));
        yield return Table("table empty", t => t.Replace("\"table\": \"contact\"", "\"table\": \"\"", StringComparison.Ordinal));
        yield return Table("unknown column type", t => t.Replace("\"type\": \"string\"", "\"type\": \"text\"", StringComparison.Ordinal));
        yield return Table("field without a name", t => t.Replace("{ \"name\": \"co_rowid_debtor\", ", "{ ", StringComparison.Ordinal));
        yield return Table("field without a type", t => t.Replace(", \"type\": \"rowid\", \"references\"", ", \"references\"", StringComparison.Ordinal));
        yield return Table("fields not an array", t => t[..t.IndexOf("[", t.IndexOf("\"fields\"", StringComparison.Ordinal), StringComparison.Ordinal)] + "{}\n}");
        yield return Table("maxLength not a number", t => t.Replace("\"maxLength\": 3", "\"maxLength\": \"3\"", StringComparison.Ordinal));
        yield return Table("a code without its value", t => t.Replace("{ \"value\": \"A\", \"name\": \"Active\" }", "{ \"name\": \"Active\" }", StringComparison.Ordinal));
        yield return Form("formId missing", f => f.Replace("\"formId\": \"35d01ff2-775d-ccb4-8f53-25d36f517384\",", "", StringComparison.Ordinal));
        yield return Form("name missing", f => f.Replace("\"name\": \"ScheduleNextContact\",", "", StringComparison.Ordinal));
        yield return Form("buttons missing", f => f.Replace(",\n  \"buttons\": [{ \"name\": \"OK\", \"value\": 4631 }]", "", StringComparison.Ordinal));
        yield return Form("no buttons", f => f.Replace("[{ \"name\": \"OK\", \"value\": 4631 }]", "[]", StringComparison.Ordinal));
        yield return Form("button value not a number", f => f.Replace("\"value\": 4631", "\"value\": \"OK\"", StringComparison.Ordinal));
        yield return Form("button without a name", f => f.Replace("{ \"name\": \"OK\", \"value\": 4631 }", "{ \"value\": 4631 }", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void AFileTheGeneratorRejectsIsInvalidForTheJsonSchemaToo(string why, string path, string text)
    {
        var generator = SchemaParser.Parse(path, text).Diagnostics;
        Assert.True(generator.Any(d => d.IsError), $"{why}: the generator should reject it; it said: {string.Join("; ", generator)}");

        Assert.False(Evaluate(path, text).IsValid, $"{why}: the JSON Schema accepts a file the generator rejects");
    }
}
