using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Collect.DevServer;
using Xunit;

namespace Collect.Packaging.Tests.Infrastructure;

/// <summary>
/// Everything the packaging tests share, made once: the packages (`dotnet pack` of the solution, a
/// unique version, a local folder feed), a fresh console project that references them by version
/// (restored once, into a private package folder so no cached copy of an earlier build is ever
/// used), the tool installed from its package, and an in-process dev server.
/// </summary>
public sealed partial class PackagedFixture : IAsyncLifetime
{
    public const string ConsumerName = "ConsumerApp";

    public static readonly string[] PackageIds = ["Collect.Codegen", "Collect.Runtime", "Collect.DevServer", "Collect.Codegen.Cli"];

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);

    private readonly List<(string Step, TimeSpan Duration)> _timings = [];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "collect-packaging-" + Guid.NewGuid().ToString("N")[..10]);

    public string RepositoryRoot { get; } = typeof(PackagedFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The version every package gets, e.g. <c>0.1.0-ci.20261203201500.1a2b</c>.</summary>
    public string Version { get; } = $"{typeof(CollectDevServer).Assembly.GetName().Version!.ToString(3)}-ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..4]}";

    public string Feed => Path.Combine(Root, "feed");

    public string ConsumerDirectory => Path.Combine(Root, "consumer");

    public string ToolDirectory => Path.Combine(Root, "tools");

    /// <summary>The tool's command, installed from its package.</summary>
    public string ToolPath => Path.Combine(ToolDirectory, OperatingSystem.IsWindows() ? "collect-codegen.exe" : "collect-codegen");

    /// <summary>A package folder of its own for every restore outside the repository (NUGET_PACKAGES).</summary>
    public string Packages => Path.Combine(Root, "packages");

    public CollectDevServer Server { get; private set; } = null!;

    /// <summary>The environment of every command run in the consumer: the private package folder.</summary>
    public IReadOnlyDictionary<string, string?> ConsumerEnvironment => new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Packages };

    public IReadOnlyList<(string Step, TimeSpan Duration)> Timings => _timings;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var serverStart = CollectDevServer.StartAsync(new DevServerOptions { DataFolder = Path.Combine(Root, "server-data"), Port = 0 });
        try
        {
            await PackAsync();
            await CreateConsumerAsync();
            await InstallToolAsync();
        }
        finally
        {
            Server = await serverStart;
        }
    }

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        foreach (var (step, duration) in _timings) Console.WriteLine($"[packaging] {step}: {duration.TotalSeconds:0.0} s");
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }

    /// <summary>Runs a step and records how long it took (printed when the fixture ends).</summary>
    public async Task<ProcessResult> StepAsync(string step, Func<Task<ProcessResult>> run)
    {
        var result = await run();
        lock (_timings) _timings.Add((step, result.Duration));
        return result;
    }

    // One `dotnet pack` of the solution, built apart from the working tree's bin/ and obj/
    // (--artifacts-path), in the repository's own package cache.
    private async Task PackAsync()
    {
        Task<ProcessResult> Pack() => Dotnet.RunAsync(RepositoryRoot, null, PackTimeout,
            "pack", Path.Combine(RepositoryRoot, "Codegen.sln"), "-o", Feed, "--artifacts-path", Path.Combine(Root, "artifacts"),
            "-p:Version=" + Version, "-p:UseSharedCompilation=false", "-nodeReuse:false");
        var result = await StepAsync("pack", Pack);
        // Seen once on a fresh clone, with `dotnet test` still building other projects of the solution:
        // NuGet's restore gave up on every project at once without saying why (MSB4181). That is the
        // machine's state, not the packages; one more try, and a second failure fails the tests.
        if (result.ExitCode != 0 && result.Output.Contains("MSB4181", StringComparison.Ordinal))
            result = await StepAsync("pack (again, after a restore that failed without an error)", Pack);
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var id in PackageIds)
            Assert.True(File.Exists(PackagePath(id)), $"{id}.{Version}.nupkg is missing from the feed:\n{result}");
    }

    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    private async Task CreateConsumerAsync()
    {
        var created = await StepAsync("dotnet new console", () => Dotnet.RunAsync(Root, ConsumerEnvironment, StepTimeout,
            "new", "console", "-n", ConsumerName, "-o", ConsumerDirectory, "--no-restore"));
        Assert.True(created.ExitCode == 0, created.ToString());

        // The local feed beside the machine's own sources (inherited from the user-level NuGet.Config,
        // so no source is named here), and the machine's package cache as a read-only fallback so that
        // the runtime's dependencies need not be downloaded again.
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        new XDocument(new XElement("configuration",
            new XElement("packageSources", new XElement("add", new XAttribute("key", "collect-local"), new XAttribute("value", Feed))),
            Directory.Exists(machineCache)
                ? new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "machine"), new XAttribute("value", machineCache)))
                : null)).Save(Path.Combine(ConsumerDirectory, "nuget.config"));

        var project = Path.Combine(ConsumerDirectory, ConsumerName + ".csproj");
        var document = XDocument.Load(project);
        document.Root!.Add(
            new XElement("PropertyGroup",
                new XElement("EmitCompilerGeneratedFiles", "true"),
                new XElement("TreatWarningsAsErrors", "true")),
            new XElement("ItemGroup",
                new XElement("PackageReference", new XAttribute("Include", "Collect.Codegen"), new XAttribute("Version", Version), new XAttribute("PrivateAssets", "all")),
                new XElement("PackageReference", new XAttribute("Include", "Collect.Runtime"), new XAttribute("Version", Version))));
        document.Save(project);
        Consumer.Write(this, Consumer.GoodSchema, Consumer.GoodProgram);

        var restored = await StepAsync("restore", () => Dotnet.RunAsync(ConsumerDirectory, ConsumerEnvironment, StepTimeout, "restore", "-nodeReuse:false"));
        Assert.True(restored.ExitCode == 0, restored.ToString());
    }

    private async Task InstallToolAsync()
    {
        var installed = await StepAsync("tool install", () => Dotnet.RunAsync(ConsumerDirectory, ConsumerEnvironment, StepTimeout,
            "tool", "install", "--tool-path", ToolDirectory, "--add-source", Feed, "Collect.Codegen.Cli", "--version", Version));
        Assert.True(installed.ExitCode == 0, installed.ToString());
        Assert.True(File.Exists(ToolPath), installed.ToString());
    }

    /// <summary>Builds the consumer (no restore: it happened once).</summary>
    public Task<ProcessResult> BuildAsync(string step, params string[] extra) =>
        StepAsync(step, () => Dotnet.RunAsync(ConsumerDirectory, ConsumerEnvironment, StepTimeout,
            ["build", "--no-restore", "-nodeReuse:false", "-p:UseSharedCompilation=false", .. extra]));

    /// <summary>Runs the built consumer against the dev server.</summary>
    public Task<ProcessResult> RunConsumerAsync(string step) =>
        StepAsync(step, () => Dotnet.RunAsync(ConsumerDirectory, ConsumerEnvironment, StepTimeout,
            Path.Combine(ConsumerDirectory, "bin", "Debug", "net10.0", ConsumerName + ".dll"), Server.BaseAddress.ToString()));

    /// <summary>Runs the installed tool.</summary>
    public Task<ProcessResult> RunToolAsync(string step, params string[] args) => RunToolAsync(step, null, args);

    /// <summary>Runs the installed tool with more environment variables.</summary>
    public Task<ProcessResult> RunToolAsync(string step, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var merged = new Dictionary<string, string?>(ConsumerEnvironment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) merged[name] = value;
        return StepAsync(step, () => Dotnet.RunProgramAsync(ToolPath, ConsumerDirectory, merged, StepTimeout, args));
    }

    /// <summary>Starts the installed tool for a command that runs until stopped (serve).</summary>
    public RunningProgram StartTool(params string[] args) => Dotnet.StartProgram(ToolPath, ConsumerDirectory, ConsumerEnvironment, args);

    /// <summary>Records a step's duration measured elsewhere (printed when the fixture ends).</summary>
    public void RecordStep(string step, TimeSpan duration)
    {
        lock (_timings) _timings.Add((step, duration));
    }

    private string EmittedGeneratedFolder => Path.Combine(ConsumerDirectory, "obj", "Debug", "net10.0", "generated", "Collect.Codegen.SourceGenerator", "Collect.Codegen.SourceGenerator.SchemaGenerator");

    /// <summary>The files the compiler wrote for the generator (EmitCompilerGeneratedFiles), by file name.</summary>
    public IReadOnlyDictionary<string, byte[]> EmittedGeneratedFiles()
    {
        var folder = EmittedGeneratedFolder;
        Assert.True(Directory.Exists(folder), "No generated files at " + folder);
        return Directory.EnumerateFiles(folder, "*.cs").ToDictionary(p => Path.GetFileName(p), File.ReadAllBytes);
    }

    /// <summary>
    /// Deletes what earlier builds emitted: the compiler writes the generated files of each build but never
    /// deletes those a build no longer generates (another entry point name leaves the old one behind).
    /// </summary>
    public void ClearEmittedGeneratedFiles()
    {
        if (Directory.Exists(EmittedGeneratedFolder)) Directory.Delete(EmittedGeneratedFolder, recursive: true);
    }

    [GeneratedRegex(@"^\s*(?<path>[^\s(][^(]*)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning) (?<id>[A-Z]+\d+): (?<message>.*?)(?: \[[^\]]+\])?$")]
    public static partial Regex CompilerMessage();

    /// <summary>The distinct diagnostics in build output (MSBuild repeats them in the summary).</summary>
    public static IReadOnlyList<Match> Diagnostics(ProcessResult build) =>
        build.Lines.Select(l => CompilerMessage().Match(l)).Where(m => m.Success)
            .GroupBy(m => m.Value.Trim()).Select(g => g.First()).ToList();
}

[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackagedFixture>
{
    public const string Name = "Packaging";
}
