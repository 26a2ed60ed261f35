using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Collect.Codegen.Tests.Compile;
using Collect.Codegen.Tests.Infrastructure;
using Xunit;

namespace Collect.Codegen.Tests.Snapshots;

/// <summary>The <c>CollectNamespace</c> and <c>CollectDbName</c> build properties, read from the generated text.</summary>
public class GenerationOptionsTests
{
    internal const string NestedNamespace = "Acme.Collections.Generated";
    internal const string OtherDbName = "AcmeDb";

    internal static readonly IReadOnlyDictionary<string, string> CustomProperties = new Dictionary<string, string>
    {
        ["RootNamespace"] = "Acme",
        ["CollectNamespace"] = NestedNamespace,
        ["CollectDbName"] = OtherDbName,
    };

    private static readonly Lazy<GeneratorRun> CustomRun = new(() => GeneratorHarness.Run(GeneratorHarness.ShippedSchemas(), CustomProperties));

    /// <summary>The shipped output under <see cref="NestedNamespace"/> and <see cref="OtherDbName"/>.</summary>
    internal static GeneratorRun Custom => CustomRun.Value;

    [Fact]
    public void CollectNamespacePutsEveryFileInThatNamespace()
    {
        Assert.All(Custom.Sources, file =>
            Assert.Equal(new[] { NestedNamespace }, Regex.Matches(file.Value, @"^namespace (\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value)));
    }

    [Fact]
    public void CollectDbNameNamesTheEntryPointAndItsFiles()
    {
        var names = Custom.Sources.Keys.ToHashSet();

        Assert.Contains("AcmeDb.g.cs", names);
        Assert.Contains("AcmeDb.Forms.g.cs", names);
        Assert.DoesNotContain(names, n => n.StartsWith("CollectDb", StringComparison.Ordinal));
        Assert.Contains("public sealed partial class AcmeDb", Custom.Sources["AcmeDb.g.cs"], StringComparison.Ordinal);
        Assert.Contains("public AcmeDb(global::Collect.Runtime.ICollectRecordApi api)", Custom.Sources["AcmeDb.g.cs"], StringComparison.Ordinal);
        Assert.Contains("partial class AcmeDb", Custom.Sources["AcmeDb.Forms.g.cs"], StringComparison.Ordinal);
        Assert.All(Custom.Sources.Values, text => Assert.DoesNotContain("CollectDb", text, StringComparison.Ordinal));
    }

    [Fact]
    public void OptionsChangeOnlyTheNamespaceAndEntryPointName()
    {
        // Apart from the namespace line, every record, repository and form is the default output.
        foreach (var (hintName, text) in SharedRuns.Shipped.Sources.Where(s => !s.Key.StartsWith("CollectDb", StringComparison.Ordinal)))
            Assert.Equal(text.Replace("namespace Consumer\n", $"namespace {NestedNamespace}\n", StringComparison.Ordinal), Custom.Sources[hintName]);

        var renamed = SharedRuns.Shipped.Sources["CollectDb.g.cs"]
            .Replace("namespace Consumer\n", $"namespace {NestedNamespace}\n", StringComparison.Ordinal)
            .Replace("CollectDb", OtherDbName, StringComparison.Ordinal);
        Assert.Equal(renamed, Custom.Sources["AcmeDb.g.cs"]);
    }

    [Fact]
    public void NamespaceFallsBackToRootNamespaceThenToTheDefault()
    {
        var oneTable = GeneratorHarness.ShippedSchemas().Where(t => t.Path.EndsWith("/nx_operator.table.json", StringComparison.Ordinal)).ToList();

        var root = GeneratorHarness.Run(oneTable, new Dictionary<string, string> { ["RootNamespace"] = "My.App" });
        var none = GeneratorHarness.Run(oneTable, new Dictionary<string, string>());
        var blank = GeneratorHarness.Run(oneTable, new Dictionary<string, string> { ["RootNamespace"] = "My.App", ["CollectNamespace"] = " ", ["CollectDbName"] = "" });

        Assert.Contains("namespace My.App\n", root.Sources["Operator.g.cs"], StringComparison.Ordinal);
        Assert.Contains("namespace Collect.Generated\n", none.Sources["Operator.g.cs"], StringComparison.Ordinal);
        Assert.Contains("namespace My.App\n", blank.Sources["Operator.g.cs"], StringComparison.Ordinal);
        Assert.Contains("CollectDb.g.cs", blank.Sources.Keys);
    }
}
