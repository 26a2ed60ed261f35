using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Collect.Packaging.Tests.Infrastructure;
using Xunit;

namespace Collect.Packaging.Tests;

/// <summary>
/// A fresh console project that references Collect.Codegen and Collect.Runtime by version from the
/// local feed: it builds, runs against the dev server, and reacts to schema edits on rebuild.
/// </summary>
[Collection(PackagingCollection.Name)]
[Trait("Category", "Packaging")]
public sealed class ConsumerTests(PackagedFixture fixture)
{
    [Fact]
    public async Task BuildsAndReadsAnOperatorThroughTheGeneratedTypes()
    {
        Consumer.Write(fixture, Consumer.GoodSchema, Consumer.GoodProgram);

        var build = await fixture.BuildAsync("build (good)");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(PackagedFixture.Diagnostics(build));
        var run = await fixture.RunConsumerAsync("run (good)");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("OPERATOR OWN Owner Of The Company row ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddedColumnBecomesAPropertyOnRebuild()
    {
        var schema = Consumer.GoodSchema.Replace(
            """{ "name": "op_name", "type": "string" }""",
            """{ "name": "op_name", "type": "string" },""" + "\n    " + """{ "name": "op_level", "type": "int" }""", StringComparison.Ordinal);
        var program = Consumer.GoodProgram + "\nConsole.WriteLine($\"LEVEL {op.Level + 1}\");\n";
        Consumer.Write(fixture, schema, program);

        var build = await fixture.BuildAsync("build (column added)");
        Assert.True(build.ExitCode == 0, build.ToString());
        var run = await fixture.RunConsumerAsync("run (column added)");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("LEVEL 11", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeUsingARemovedColumnFailsToCompileWithAMissingMember()
    {
        var schema = Consumer.GoodSchema.Replace(",\n    { \"name\": \"op_name\", \"type\": \"string\" }", "", StringComparison.Ordinal);
        Assert.DoesNotContain("op_name", schema, StringComparison.Ordinal);
        Consumer.Write(fixture, schema, Consumer.GoodProgram);

        var build = await fixture.BuildAsync("build (column removed)");

        Assert.NotEqual(0, build.ExitCode);
        var error = Assert.Single(PackagedFixture.Diagnostics(build), d => d.Groups["severity"].Value == "error");
        Assert.Equal("CS1061", error.Groups["id"].Value);
        Assert.Contains("'Operator' does not contain a definition for 'Name'", error.Groups["message"].Value, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(fixture.ConsumerDirectory, "Program.cs"), error.Groups["path"].Value);
    }

    [Fact]
    public async Task ABrokenSchemaFileIsAGeneratorErrorAtItsFileAndLine()
    {
        var schema = Consumer.GoodSchema.Replace("""{ "name": "op_name", "type": "string" }""", """{ "name": "op_name", "type": "text" }""", StringComparison.Ordinal);
        var line = schema.Split('\n').ToList().FindIndex(l => l.Contains("\"text\"", StringComparison.Ordinal)) + 1;
        Consumer.Write(fixture, schema, Consumer.GoodProgram);

        var build = await fixture.BuildAsync("build (schema broken)");

        Assert.NotEqual(0, build.ExitCode);
        var diagnostics = PackagedFixture.Diagnostics(build);
        var ccg = Assert.Single(diagnostics, d => d.Groups["id"].Value.StartsWith("CCG", StringComparison.Ordinal));
        Assert.Equal("CCG004", ccg.Groups["id"].Value);
        Assert.Equal("error", ccg.Groups["severity"].Value);
        Assert.Equal(Consumer.SchemaPath(fixture), ccg.Groups["path"].Value);
        Assert.Equal(line.ToString(System.Globalization.CultureInfo.InvariantCulture), ccg.Groups["line"].Value);
        Assert.Contains("unknown type 'text'", ccg.Groups["message"].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACompilerOlderThanRoslyn48StopsTheBuildWithAClearMessage()
    {
        Consumer.Write(fixture, Consumer.GoodSchema, Consumer.GoodProgram);

        var build = await fixture.BuildAsync("build (old compiler)", "-p:CompilerApiVersion=roslyn4.7");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error CCGBUILD001: Collect.Codegen needs the Roslyn 4.8 C# compiler or newer", build.Output, StringComparison.Ordinal);
        Assert.Contains("this build uses roslyn4.7", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CS", build.Output, StringComparison.Ordinal);
    }
}
