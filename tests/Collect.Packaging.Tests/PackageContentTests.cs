using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Collect.Packaging.Tests.Infrastructure;
using Xunit;

namespace Collect.Packaging.Tests;

/// <summary>What `dotnet pack` of the solution puts in each package.</summary>
[Collection(PackagingCollection.Name)]
[Trait("Category", "Packaging")]
public sealed class PackageContentTests(PackagedFixture fixture)
{
    [Fact]
    public void TheSolutionPacksExactlyTheFourPackages()
    {
        var packages = Directory.EnumerateFiles(fixture.Feed, "*.nupkg").Select(Path.GetFileName).Order().ToList();

        Assert.Equal(PackagedFixture.PackageIds.Select(id => $"{id}.{fixture.Version}.nupkg").Order(), packages);
    }

    [Fact]
    public void TheAnalyzerPackageHoldsTheGeneratorItsBundledDependenciesAndTheBuildFiles()
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath("Collect.Codegen"));
        var files = package.Entries.Select(e => e.FullName).Where(n => !n.StartsWith("package/", StringComparison.Ordinal) && !n.StartsWith('_') && !n.StartsWith('[')).Order().ToList();

        Assert.Equal(
        [
            "Collect.Codegen.nuspec",
            "README.md",
            "analyzers/dotnet/cs/Collect.Codegen.SourceGenerator.dll",
            "analyzers/dotnet/cs/Collect.Codegen.dll",
            "analyzers/dotnet/cs/Humanizer.dll",
            // System.Text.Json 10 and its dependencies, for compilers on the .NET 8 runtime (whose own copy is 8.0).
            "analyzers/dotnet/cs/Microsoft.Bcl.AsyncInterfaces.dll",
            "analyzers/dotnet/cs/Scriban.Signed.dll",
            "analyzers/dotnet/cs/System.IO.Pipelines.dll",
            "analyzers/dotnet/cs/System.Text.Encodings.Web.dll",
            "analyzers/dotnet/cs/System.Text.Json.dll",
            "build/Collect.Codegen.props",
            "build/Collect.Codegen.targets",
        ], files, StringComparer.Ordinal);
        var metadata = Nuspec(package);
        Assert.Equal("true", Element(metadata, "developmentDependency"));
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies"));
    }

    [Theory]
    [InlineData("Collect.Codegen")]
    [InlineData("Collect.Runtime")]
    [InlineData("Collect.DevServer")]
    [InlineData("Collect.Codegen.Cli")]
    public void EveryPackageHasTheVersionReadmeLicenseAndRepository(string id)
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath(id));
        var metadata = Nuspec(package);

        Assert.Equal(id, Element(metadata, "id"));
        Assert.Equal(fixture.Version, Element(metadata, "version"));
        Assert.Equal("README.md", Element(metadata, "readme"));
        Assert.NotNull(package.GetEntry("README.md"));
        Assert.Equal("MIT", Element(metadata, "license"));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.StartsWith("https://", repository.Attribute("url")?.Value, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "description")));
    }

    [Fact]
    public void TheRuntimeAndDevServerCarryTheirAssembliesAndTheToolItsCommand()
    {
        using var runtime = ZipFile.OpenRead(fixture.PackagePath("Collect.Runtime"));
        using var devServer = ZipFile.OpenRead(fixture.PackagePath("Collect.DevServer"));
        using var tool = ZipFile.OpenRead(fixture.PackagePath("Collect.Codegen.Cli"));

        Assert.NotNull(runtime.GetEntry("lib/net8.0/Collect.Runtime.dll"));
        Assert.NotNull(runtime.GetEntry("lib/net10.0/Collect.Runtime.dll"));
        Assert.NotNull(devServer.GetEntry("lib/net10.0/Collect.DevServer.dll"));
        // The codegen core travels inside the dev server: there is no package of it to depend on.
        Assert.NotNull(devServer.GetEntry("lib/net10.0/Collect.Codegen.dll"));
        Assert.DoesNotContain(Nuspec(devServer).Descendants().Where(e => e.Name.LocalName == "dependency"), d => d.Attribute("id")?.Value == "Collect.Codegen");
        Assert.NotNull(devServer.GetEntry("contentFiles/any/any/schemas/tables/nx_operator.table.json"));
        using var settings = new StreamReader(tool.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open());
        Assert.Contains("Name=\"collect-codegen\"", settings.ReadToEnd(), StringComparison.Ordinal);
    }

    private static XElement Nuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Element(XElement metadata, string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
}
