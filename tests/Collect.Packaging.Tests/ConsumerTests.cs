using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
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
        Assert.Contains(Consumer.FormOutput, run.Output, StringComparison.Ordinal);
        Assert.Contains("OperatorCheckForm.g.cs", fixture.EmittedGeneratedFiles().Keys);
    }

    [Fact]
    public async Task CollectNamespaceAndCollectDbNameInTheProjectNameTheGeneratedTypes()
    {
        const string Namespace = "Acme.Collections.Api";
        const string DbName = "AcmeDb";
        var project = Path.Combine(fixture.ConsumerDirectory, PackagedFixture.ConsumerName + ".csproj");
        var original = File.ReadAllText(project);
        try
        {
            var document = XDocument.Parse(original);
            document.Root!.Add(new XElement("PropertyGroup", new XElement("CollectNamespace", Namespace), new XElement("CollectDbName", DbName)));
            document.Save(project);
            var program = Consumer.GoodProgram
                .Replace("using ConsumerApp;", $"using {Namespace};", StringComparison.Ordinal)
                .Replace("CollectDb", DbName, StringComparison.Ordinal);
            Consumer.Write(fixture, Consumer.GoodSchema, program);
            fixture.ClearEmittedGeneratedFiles();

            var build = await fixture.BuildAsync("build (namespace and db name)");
            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.Empty(PackagedFixture.Diagnostics(build));
            var run = await fixture.RunConsumerAsync("run (namespace and db name)");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("OPERATOR OWN Owner Of The Company row ", run.Output, StringComparison.Ordinal);
            Assert.Contains(Consumer.FormOutput, run.Output, StringComparison.Ordinal);
            var generated = fixture.EmittedGeneratedFiles().ToDictionary(f => f.Key, f => Encoding.UTF8.GetString(f.Value));
            Assert.All(generated, f => Assert.Contains($"namespace {Namespace}", f.Value, StringComparison.Ordinal));
            Assert.DoesNotContain(generated.Values, text => text.Contains("namespace ConsumerApp", StringComparison.Ordinal));
            Assert.Contains(generated.Values, text => text.Contains($"partial class {DbName}", StringComparison.Ordinal));
            Assert.DoesNotContain(generated.Values, text => text.Contains("class CollectDb", StringComparison.Ordinal));
        }
        finally
        {
            File.WriteAllText(project, original);
            fixture.ClearEmittedGeneratedFiles();
        }
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
        var ccgs = diagnostics.Where(d => d.Groups["id"].Value.StartsWith("CCG", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, ccgs.Count);
        var ccg = Assert.Single(ccgs, d => d.Groups["path"].Value != Consumer.FormPath(fixture));
        // The form over the broken table reports that, at its own file.
        var form = Assert.Single(ccgs, d => d.Groups["path"].Value == Consumer.FormPath(fixture));
        Assert.Equal("CCG020", form.Groups["id"].Value);
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

    [Theory]
    [InlineData("roslynx")]
    [InlineData("4.8")]
    public async Task AMalformedCompilerVersionStopsTheBuildAsAnUnknownOne(string version)
    {
        Consumer.Write(fixture, Consumer.GoodSchema, Consumer.GoodProgram);

        var build = await fixture.BuildAsync("build (compiler version " + version + ")", "-p:CompilerApiVersion=" + version);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error CCGBUILD001: Collect.Codegen needs the Roslyn 4.8 C# compiler or newer", build.Output, StringComparison.Ordinal);
        Assert.Contains($"this build uses an unknown version (CompilerApiVersion is '{version}')", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4184", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CS", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABuildWhoseCompilerVersionIsUnknownStopsWithTheSameMessage()
    {
        // Roslyn's own targets (Microsoft.Managed.Core.CurrentVersions.targets, shipped since 2022) define CompilerApiVersion, and
        // when it is empty the .NET SDK reads it from its Roslyn build tasks (_ResolveCompilerVersion); so it is unset only with a
        // compiler older than both, which the guard treats as too old. An empty value alone is refilled by the SDK, hence no tasks.
        Consumer.Write(fixture, Consumer.GoodSchema, Consumer.GoodProgram);

        var build = await fixture.BuildAsync("build (compiler version unknown)",
            "-p:CompilerApiVersion=", "-p:RoslynTasksAssembly=" + Path.Combine(fixture.Root, "no-such-roslyn-tasks.dll"));

        Assert.NotEqual(0, build.ExitCode);
        var project = Path.Combine(fixture.ConsumerDirectory, PackagedFixture.ConsumerName + ".csproj");
        var errors = build.Lines.Where(l => l.Contains(": error ", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().ToList();
        var error = Assert.Single(errors);
        Assert.StartsWith(project + " : error CCGBUILD001: Collect.Codegen needs the Roslyn 4.8 C# compiler or newer", error, StringComparison.Ordinal);
        Assert.Contains("but this build uses an unknown version (CompilerApiVersion is not set).", error, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4184", build.Output, StringComparison.Ordinal);
    }
}
