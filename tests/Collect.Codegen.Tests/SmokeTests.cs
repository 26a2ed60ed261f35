using System.Linq;
using Collect.Codegen.Tests.Infrastructure;
using Xunit;

namespace Collect.Codegen.Tests;

public class ShippedSchemaTests
{
    [Fact]
    public void ShippedSchemasGenerateWithoutDiagnosticsAndCompileCleanly()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.ShippedSchemas());

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Result.Results.Single().Exception is { } e ? new[] { e } : []);
        Assert.Contains("Contact.g.cs", run.Sources.Keys);
        Assert.Contains("ScheduleNextContactForm.g.cs", run.Sources.Keys);
        Assert.Empty(run.CompilerDiagnostics);
    }
}

/// <summary>Output far larger than a template engine's defaults allow is generated whole, and compiles.</summary>
public class LargeOutputTests
{
    [Fact]
    public void AMegabyteDescriptionAndTwoThousandColumnsAreGeneratedWholeAndCompile()
    {
        var description = string.Concat(Enumerable.Repeat("Long text. ", 110_000));   // 1.2 M characters
        var columns = string.Join(",\n", Enumerable.Range(0, 2_000).Select(i => $$"""    { "name": "bg_col{{i}}", "type": "{{(i % 3 == 0 ? "int" : "string")}}" }"""));
        var schema = $$"""
            {
              "table": "big",
              "rowId": "bg_rowid",
              "description": "{{description}}",
              "fields": [
                { "name": "bg_rowid", "type": "rowid" },
            {{columns}}
              ]
            }
            """;

        var run = GeneratorHarness.Run(new[] { new InMemoryAdditionalText("/schemas/big.table.json", schema) });

        Assert.Empty(run.Diagnostics);
        var record = run.Sources["Big.g.cs"];
        Assert.True(record.Length > description.Length, $"the record has {record.Length} characters");
        Assert.Contains(description.TrimEnd(), record, System.StringComparison.Ordinal);
        Assert.Contains("Col1999", record, System.StringComparison.Ordinal);
        Assert.DoesNotContain("...", record, System.StringComparison.Ordinal);
        Assert.Empty(run.CompilerDiagnostics);
    }
}
