using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Collect.Packaging.Tests.Infrastructure;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Xunit;

namespace Collect.Packaging.Tests;

/// <summary>collect-codegen installed from its package with `dotnet tool install --tool-path`.</summary>
[Collection(PackagingCollection.Name)]
[Trait("Category", "Packaging")]
public sealed partial class ToolTests(PackagedFixture fixture)
{
    [GeneratedRegex(@"listening on (?<url>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Listening();

    [Fact]
    public async Task ValidateExitsZeroOnGoodSchemasAndOneWithCompilerFormatErrorsOnBadOnes()
    {
        var good = Path.Combine(fixture.Root, "validate-good");
        var bad = Path.Combine(fixture.Root, "validate-bad");
        Directory.CreateDirectory(good);
        Directory.CreateDirectory(bad);
        File.WriteAllText(Path.Combine(good, "operator.table.json"), Consumer.GoodSchema);
        var broken = Path.Combine(bad, "operator.table.json");
        File.WriteAllText(broken, Consumer.GoodSchema.Replace("\"rowid\" }", "\"rowid\" ", StringComparison.Ordinal));

        var ok = await fixture.RunToolAsync("tool validate (good)", "validate", good);
        var failed = await fixture.RunToolAsync("tool validate (bad)", "validate", bad);

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("1 schema file(s): 0 error(s), 0 warning(s).", ok.Output, StringComparison.Ordinal);
        Assert.True(failed.ExitCode == 1, failed.ToString());
        var error = Assert.Single(PackagedFixture.Diagnostics(failed));
        Assert.Equal(broken, error.Groups["path"].Value);
        Assert.Equal("error", error.Groups["severity"].Value);
        Assert.Equal("CCG001", error.Groups["id"].Value);
    }

    [Fact]
    public async Task GenerateWritesExactlyTheFilesTheBuildGenerated()
    {
        Consumer.Write(fixture, Consumer.GoodSchema, Consumer.GoodProgram);
        fixture.ClearEmittedGeneratedFiles();
        var build = await fixture.BuildAsync("build (for generate)");
        Assert.True(build.ExitCode == 0, build.ToString());
        var output = Path.Combine(fixture.Root, "generated");

        var run = await fixture.RunToolAsync("tool generate", "generate", Path.Combine(fixture.ConsumerDirectory, "Schemas"), "-o", output, "--namespace", PackagedFixture.ConsumerName);

        Assert.True(run.ExitCode == 0, run.ToString());
        var built = fixture.EmittedGeneratedFiles();
        var generated = Directory.EnumerateFiles(output).ToDictionary(p => Path.GetFileName(p), File.ReadAllBytes);
        Assert.Equal(built.Keys.Order(), generated.Keys.Order());
        Assert.Contains("Operator.g.cs", built.Keys);
        Assert.Contains("OperatorCheckForm.g.cs", built.Keys);
        foreach (var (name, bytes) in built)
            Assert.True(bytes.AsSpan().SequenceEqual(generated[name]), $"{name} differs between the build and the tool");
        Assert.Contains($"[global::System.CodeDom.Compiler.GeneratedCode(\"Collect.Codegen\", \"{fixture.Version}\")]",
            File.ReadAllText(Path.Combine(output, "Operator.g.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpAndBadArgumentsWorkFromTheInstalledTool()
    {
        var help = await fixture.RunToolAsync("tool --help", "--help");
        var bad = await fixture.RunToolAsync("tool bad argument", "validate", Path.Combine(fixture.Root, "missing"));

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("collect-codegen [command] [options]", help.Output, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("error: The schema folder", bad.Output.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bad.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiWritesADocumentThatAnIndependentReaderAccepts()
    {
        var file = Path.Combine(fixture.Root, "openapi", "openapi.json");

        var run = await fixture.RunToolAsync("tool openapi", "openapi", Path.Combine(fixture.RepositoryRoot, "schemas"), "-o", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        var result = OpenApiDocument.Parse(File.ReadAllText(file), "json");
        Assert.Empty(result.Diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, result.Diagnostic.SpecificationVersion);
        var document = result.Document!;
        Assert.Contains("Bearer", document.Components!.SecuritySchemes!.Keys);
        Assert.Contains("/api/v1/auth/login", document.Paths.Keys);
        foreach (var table in new[] { "debtor", "contact", "nx_operator" })
        {
            Assert.Contains($"/api/v1/collect/data/{table}", document.Paths.Keys);
            Assert.Contains($"/api/v1/collect/data/{table}/{{rowid}}", document.Paths.Keys);
        }
        var operations = document.Paths.Values.SelectMany(p => p.Operations!.Values).ToList();
        Assert.All(operations, o => Assert.Contains(o.Parameters!, p => p.Name == "x-collect-database" && p.In == ParameterLocation.Header));
    }

    [Fact]
    public async Task DiffExitsOneAndNamesABreakingChange()
    {
        var before = Path.Combine(fixture.Root, "diff-old");
        var after = Path.Combine(fixture.Root, "diff-new");
        Directory.CreateDirectory(before);
        Directory.CreateDirectory(after);
        File.WriteAllText(Path.Combine(before, "operator.table.json"), Consumer.GoodSchema);
        File.WriteAllText(Path.Combine(after, "operator.table.json"), Consumer.GoodSchema.Replace(
            """{ "name": "op_name", "type": "string" }""", """{ "name": "op_level", "type": "int" }""", StringComparison.Ordinal));

        var same = await fixture.RunToolAsync("tool diff (same)", "diff", before, before);
        var breaking = await fixture.RunToolAsync("tool diff (breaking)", "diff", before, after);

        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains("No changes.", same.Lines);
        Assert.True(breaking.ExitCode == 1, breaking.ToString());
        Assert.Contains("record Operator (table nx_operator)", breaking.Lines);
        Assert.Contains("  - property Name: string? (column op_name)  [BREAKING: property removed]", breaking.Lines);
        Assert.Contains("  + property Level: int? (column op_level)", breaking.Lines);
        Assert.Contains("2 change(s), 1 breaking: code compiled against the old API may not compile against the new one.", breaking.Lines);
    }

    [Fact]
    public async Task ImportWritesNewColumnsIntoAnExistingSchemaAndKeepsItsEdits()
    {
        var folder = Path.Combine(fixture.Root, "import");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "operator.table.json");
        var edited = Consumer.GoodSchema.Replace("\"typeName\": \"Operator\",", "\"typeName\": \"Operator\",\n  \"description\": \"Hand-written.\",", StringComparison.Ordinal);
        File.WriteAllText(path, edited);

        var run = await fixture.RunToolAsync("tool import", new Dictionary<string, string?> { ["COLLECT_PASSWORD"] = "own" },
            "import", "--url", fixture.Server.BaseAddress.ToString(), "--user", "OWN", "--table", "nx_operator", "-o", folder);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.Lines, l => l.StartsWith($"nx_operator: added ", StringComparison.Ordinal) && l.Contains(path, StringComparison.Ordinal) && l.Contains("op_level (int)", StringComparison.Ordinal));
        Assert.Single(Directory.EnumerateFiles(folder));
        var merged = File.ReadAllText(path);
        // The hand edits survive: the description, the type name, the trimmed column's length.
        Assert.Contains("\"description\": \"Hand-written.\",", merged, StringComparison.Ordinal);
        Assert.Contains("\"typeName\": \"Operator\",", merged, StringComparison.Ordinal);
        Assert.Contains("""{ "name": "op_id", "type": "string", "maxLength": 7 },""", merged, StringComparison.Ordinal);
        using (var schema = JsonDocument.Parse(merged))
        {
            var fields = schema.RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("type").GetString());
            Assert.Equal("int", fields["op_level"]);
            Assert.Equal("string", fields["op_name"]);
        }
        var validate = await fixture.RunToolAsync("tool validate (imported)", "validate", folder);
        Assert.True(validate.ExitCode == 0, validate.ToString());
    }

    [Fact]
    public async Task ServeHostsTheDevServerWithItsShippedSchemasPlansAndSqliteUntilCtrlC()
    {
        var data = Path.Combine(fixture.Root, "tool-serve-data");
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var serve = fixture.StartTool("serve", "--port", "0", "--data", data);
        var text = await serve.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromMinutes(1));
        fixture.RecordStep("tool serve (start)", started.Elapsed);
        var url = Listening().Match(text);
        Assert.True(url.Success, text);

        using (var http = new HttpClient { BaseAddress = new Uri(url.Groups["url"].Value), Timeout = TimeSpan.FromMinutes(1) })
        {
            using var login = await http.PostAsync("api/v1/auth/login", new StringContent("""{"op_id":"OWN","op_password":"own"}""", Encoding.UTF8, "application/json"));
            var body = await login.Content.ReadAsStringAsync();
            Assert.True(login.IsSuccessStatusCode, body);
            using var signedIn = JsonDocument.Parse(body);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signedIn.RootElement.GetProperty("result").GetProperty("access_token").GetString());
            // A shipped table, read from the SQLite database the server made; a shipped contact plan.
            var operators = await http.GetStringAsync("api/v1/collect/data/nx_operator?filter=op_id=OWN");
            Assert.Contains("Owner Of The Company", operators, StringComparison.Ordinal);
            using var plans = JsonDocument.Parse(await http.GetStringAsync("api/v1/collect/data/contact_plan?filter=cp_code=REV"));
            Assert.Equal(1, plans.RootElement.GetProperty("type").GetProperty("numRecords").GetInt32());
        }

        var stopped = await serve.InterruptAsync(TimeSpan.FromMinutes(1));
        fixture.RecordStep("tool serve (total)", stopped.Duration);
        Assert.True(Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Any(), "The server wrote no data to " + data);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(stopped.ExitCode == 0, stopped.ToString());
            Assert.EndsWith("Stopped.", stopped.Output.TrimEnd(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain("   at ", stopped.Output, StringComparison.Ordinal);
    }
}
