using System.Collections.Generic;
using System.Linq;
using Collect.Codegen.SourceGenerator;
using Collect.Codegen.Tests.Infrastructure;
using Collect.Codegen.Tests.Snapshots;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Collect.Codegen.Tests.Compile;

/// <summary>
/// The shipped schemas' output compiles with zero warnings under nullable and warnings-as-errors,
/// with all warning waves on, under each option a consuming project may set.
/// </summary>
public class ShippedSchemaCompileTests
{
    [Fact]
    public void DefaultOptionsCompileCleanly()
    {
        var run = SharedRuns.Shipped;

        Assert.Empty(run.Diagnostics);
        Assert.Null(run.Result.Results.Single().Exception);
        StrictCompiler.AssertClean(run.Output);
    }

    [Fact]
    public void NestedNamespaceAndOtherDbNameCompileCleanlyForTheirConsumers()
    {
        const string consumer = """
            using Acme.Collections.Generated;

            namespace Acme;

            public static class Startup
            {
                public static AcmeDb Open(global::Collect.Runtime.ICollectRecordApi api) => new(api);

                public static DebtorRepository Debtors(AcmeDb db) => db.Debtors;

                public static global::Collect.Runtime.CollectFormRegistry Forms => AcmeDb.Forms;
            }
            """;
        var run = GenerationOptionsTests.Custom;

        Assert.Empty(run.Diagnostics);
        StrictCompiler.AssertClean(ConsumerCode.With(run, "Acme", consumer));
    }

    /// <summary>
    /// Projects on .NET 8 compile with C# 12 by default; the runtime supports them, so the generated
    /// code must not need a newer language. This one also keeps nullable off in the project.
    /// </summary>
    [Fact]
    public void OutputCompilesAsCSharp12WithNullableOff()
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp12);
        var compilation = CSharpCompilation.Create(
            "Net8Consumer",
            new[] { CSharpSyntaxTree.ParseText("namespace Consumer { internal static class Marker { } }", parseOptions) },
            GeneratorHarness.References,
            GeneratorHarness.CompilationOptions.WithNullableContextOptions(NullableContextOptions.Disable));
        CSharpGeneratorDriver.Create(
                new[] { new SchemaGenerator().AsSourceGenerator() },
                GeneratorHarness.ShippedSchemas(),
                parseOptions,
                new TestConfigOptionsProvider(new Dictionary<string, string> { ["RootNamespace"] = "Consumer" }))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(10 * 2 + 1 + 2 + 1, output.SyntaxTrees.Count());
        StrictCompiler.AssertClean(output);
    }
}
