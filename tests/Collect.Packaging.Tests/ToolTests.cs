using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Collect.Packaging.Tests.Infrastructure;
using Xunit;

namespace Collect.Packaging.Tests;

/// <summary>collect-codegen installed from its package with `dotnet tool install --tool-path`.</summary>
[Collection(PackagingCollection.Name)]
[Trait("Category", "Packaging")]
public sealed class ToolTests(PackagedFixture fixture)
{
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
        var build = await fixture.BuildAsync("build (for generate)");
        Assert.True(build.ExitCode == 0, build.ToString());
        var output = Path.Combine(fixture.Root, "generated");

        var run = await fixture.RunToolAsync("tool generate", "generate", Path.Combine(fixture.ConsumerDirectory, "Schemas"), "-o", output, "--namespace", PackagedFixture.ConsumerName);

        Assert.True(run.ExitCode == 0, run.ToString());
        var built = fixture.EmittedGeneratedFiles();
        var generated = Directory.EnumerateFiles(output).ToDictionary(p => Path.GetFileName(p), File.ReadAllBytes);
        Assert.Equal(built.Keys.Order(), generated.Keys.Order());
        Assert.Contains("Operator.g.cs", built.Keys);
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
}
