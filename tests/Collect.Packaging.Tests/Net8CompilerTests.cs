using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Collect.Packaging.Tests.Infrastructure;
using Xunit;

namespace Collect.Packaging.Tests;

/// <summary>
/// The packed generator in the compiler of the .NET 8 SDK: Roslyn 4.8 on the .NET 8 runtime, whose
/// System.Text.Json is 8.0.0.0 (the generator and Scriban are built against 10.0.0.0, so the package
/// bundles it). The .NET 8 SDK itself is not installed, so its compiler is stood in for by
/// Net8Compiler/ (Roslyn 4.8.0's own CSharpCompiler), published self-contained for .NET 8. A net8.0
/// consumer of the packages is built by this machine's MSBuild with that compiler (CscToolPath) and
/// then run, self-contained, on the same .NET 8 runtime.
/// </summary>
[Collection(PackagingCollection.Name)]
[Trait("Category", "Packaging")]
public sealed class Net8CompilerTests(PackagedFixture fixture)
{
    private const string ProjectName = "Net8Consumer";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    /// <summary>What a compiler that cannot load the generator or its dependencies reports.</summary>
    private static readonly string[] LoadFailures = ["CS8785", "CS8032", "CS9057", "CCG001", "CCG019", "Could not load file or assembly"];

    private const string ProgramSource = """
        using System.Runtime.InteropServices;
        using Net8Consumer;

        // Generated types only: the schema's record, its column names and the entry point.
        var op = new Operator { Id = "OWN", Name = "Owner" };
        Console.WriteLine($"OPERATOR {op.Id} {op.Name} {Operator.Columns.Name} {typeof(CollectDb).Name} on {RuntimeInformation.FrameworkDescription}");
        """;

    [Fact]
    public async Task TheGeneratorRunsInTheNet8SdkCompilerAndTheProgramRunsOnNet8()
    {
        var rid = RuntimeIdentifier();
        var exe = OperatingSystem.IsWindows() ? ".exe" : "";
        var compiler = Path.Combine(fixture.Root, "net8-csc");
        var directory = Path.Combine(fixture.Root, "net8consumer");
        var compilerLog = Path.Combine(directory, "net8-csc.log");

        // The stand-in compiler, self-contained: the .NET 8 runtime pack (the SDK's latest 8.0 patch) comes
        // with it. In the repository's own package cache, like the pack (the consumer falls back to it).
        var published = await fixture.StepAsync("net8: publish compiler", () => Dotnet.RunAsync(fixture.RepositoryRoot, null, Timeout,
            "publish", Path.Combine(fixture.RepositoryRoot, "tests", "Collect.Packaging.Tests", "Net8Compiler", "Net8Compiler.csproj"),
            "-r", rid, "--self-contained", "-o", compiler, "--artifacts-path", Path.Combine(fixture.Root, "net8-csc-artifacts"),
            "-p:UseSharedCompilation=false", "-nodeReuse:false"));
        Assert.True(published.ExitCode == 0, published.ToString());
        Assert.True(File.Exists(Path.Combine(compiler, "csc" + exe)), published.ToString());

        Directory.CreateDirectory(Path.Combine(directory, "Schemas"));
        File.Copy(Path.Combine(fixture.ConsumerDirectory, "nuget.config"), Path.Combine(directory, "nuget.config"), overwrite: true);
        File.WriteAllText(Path.Combine(directory, "Schemas", "operator.table.json"), Consumer.GoodSchema);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), ProgramSource);
        File.WriteAllText(Path.Combine(directory, ProjectName + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                <!-- Runs on the .NET 8 runtime pack, whatever runtimes the machine has. -->
                <RuntimeIdentifier>{rid}</RuntimeIdentifier>
                <SelfContained>true</SelfContained>
                <!-- The compiler: Roslyn 4.8 on .NET 8, as in the .NET 8 SDK. This SDK's own analyzers need a
                     newer compiler (CS9057); the .NET 8 SDK brings 8.0 ones, which are not what is tested. -->
                <CscToolPath>{compiler}</CscToolPath>
                <CscToolExe>csc{exe}</CscToolExe>
                <EnableNETAnalyzers>false</EnableNETAnalyzers>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Collect.Codegen" Version="{fixture.Version}" PrivateAssets="all" />
                <PackageReference Include="Collect.Runtime" Version="{fixture.Version}" />
              </ItemGroup>
            </Project>
            """);

        var environment = new Dictionary<string, string?>(fixture.ConsumerEnvironment) { ["COLLECT_NET8_CSC_LOG"] = compilerLog };
        var build = await fixture.StepAsync("net8: build", () => Dotnet.RunAsync(directory, environment, Timeout,
            "build", "-nodeReuse:false", "-p:UseSharedCompilation=false"));

        var compilers = File.Exists(compilerLog) ? File.ReadAllLines(compilerLog) : [];
        var details = $"Stand-in compiler runs: {(compilers.Length == 0 ? "none" : string.Join(" | ", compilers))}\n{build}";
        var failures = LoadFailures.Where(f => build.Output.Contains(f, StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, $"The generator did not load or run in Roslyn 4.8 on .NET 8 ({string.Join(", ", failures)}):\n{details}");
        Assert.True(build.ExitCode == 0, details);
        Assert.Empty(PackagedFixture.Diagnostics(build));
        var ran = Assert.Single(compilers);
        Assert.Contains("Microsoft.CodeAnalysis 4.8.0.0 on .NET 8.0.", ran, StringComparison.Ordinal);
        Assert.Contains("in-box System.Text.Json 8.0.0.0", ran, StringComparison.Ordinal);
        var generated = Path.Combine(directory, "obj", "Debug", "net8.0", rid, "generated", "Collect.Codegen.SourceGenerator", "Collect.Codegen.SourceGenerator.SchemaGenerator");
        Assert.True(File.Exists(Path.Combine(generated, "Operator.g.cs")), $"No Operator.g.cs in {generated}:\n{details}");

        var run = await fixture.StepAsync("net8: run", () => Dotnet.RunProgramAsync(
            Path.Combine(directory, "bin", "Debug", "net8.0", rid, ProjectName + exe), directory, fixture.ConsumerEnvironment, Timeout));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("OPERATOR OWN Owner op_name CollectDb on .NET 8.0.", run.Output, StringComparison.Ordinal);
    }

    private static string RuntimeIdentifier()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : OperatingSystem.IsLinux() ? "linux"
            : throw new PlatformNotSupportedException("No .NET 8 runtime pack for " + RuntimeInformation.OSDescription);
        return $"{os}-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
    }
}
