using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Collect.Codegen.Tests.Infrastructure;
using Collect.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Collect.Codegen.Tests.Compile;

/// <summary>
/// Generator runs shared by the snapshot and compile tests: each is made once per test process,
/// because running the generator and binding its output is the slow part of these tests.
/// </summary>
public static class SharedRuns
{
    private static readonly Lazy<GeneratorRun> ShippedRun = new(() => GeneratorHarness.Run(GeneratorHarness.ShippedSchemas()));

    /// <summary>The shipped schemas with the defaults a consuming project gets (namespace <c>Consumer</c>, <c>CollectDb</c>).</summary>
    public static GeneratorRun Shipped => ShippedRun.Value;
}

/// <summary>Compiler checks at the strictest settings a consumer could choose.</summary>
public static class StrictCompiler
{
    /// <summary>
    /// Every warning and error of <paramref name="compilation"/> with all warning waves on (a consumer
    /// on the latest SDK sees CS8981 and friends), nullable on and warnings as errors (the harness's options).
    /// </summary>
    public static IReadOnlyList<Diagnostic> Diagnostics(Compilation compilation) =>
        AllWarningWaves(compilation)
            .GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError)
            .ToList();

    /// <summary>
    /// The compilation with every warning wave on. Check and emit the same instance: a new options
    /// object means a new compilation that binds everything again.
    /// </summary>
    public static Compilation AllWarningWaves(Compilation compilation) =>
        ((CSharpCompilationOptions)compilation.Options).WarningLevel >= 9999
            ? compilation
            : compilation.WithOptions(((CSharpCompilationOptions)compilation.Options).WithWarningLevel(9999));

    /// <summary>Fails with the diagnostics (and the lines they point at) unless there are none.</summary>
    public static void AssertClean(Compilation compilation)
    {
        var diagnostics = Diagnostics(compilation);
        Assert.True(diagnostics.Count == 0, "Generated code does not compile cleanly:\n" + Describe(diagnostics));
    }

    /// <summary>Diagnostics with the source line each points at, for failure messages.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Take(30).Select(d =>
    {
        var line = d.Location.IsInSource ? d.Location.SourceTree!.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim() : "";
        return $"{d}\n    {line}";
    }));
}

/// <summary>
/// A compilation emitted and loaded into its own collectible load context. Collect.Runtime
/// resolves to the instance the tests already use, so the loaded types implement the very
/// <see cref="ICollectRecord{TSelf}"/> and <see cref="ICollectForm"/> the tests see, and the
/// tests can call them through the runtime's interfaces.
/// </summary>
public sealed class GeneratedAssembly : IDisposable
{
    private readonly LoadContext _context;

    private GeneratedAssembly(LoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    /// <summary>The loaded assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>Emits and loads <paramref name="compilation"/>; fails the test with the diagnostics if it does not emit.</summary>
    public static GeneratedAssembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, "Emit failed:\n" + StrictCompiler.Describe(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var context = new LoadContext(compilation.AssemblyName ?? "Generated");
        return new GeneratedAssembly(context, context.LoadFromStream(image));
    }

    /// <summary>A generated type by its full name.</summary>
    public Type Type(string fullName) =>
        Assembly.GetType(fullName) ?? throw new InvalidOperationException($"{fullName} was not generated; types: {string.Join(", ", Assembly.GetTypes().Select(t => t.FullName))}");

    /// <summary>Calls a public static method of a type of the assembly.</summary>
    public T Call<T>(string typeName, string method, params object?[] arguments)
    {
        var info = Type(typeName).GetMethod(method, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{typeName}.{method} not found");
        try
        {
            return (T)info.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    /// <summary>Unloads the context (the assembly is collected once nothing references it).</summary>
    public void Dispose() => _context.Unload();

    private sealed class LoadContext(string name) : AssemblyLoadContext(name, isCollectible: true)
    {
        private static readonly Assembly Runtime = typeof(ICollectRecordApi).Assembly;

        // Collect.Runtime must be the default context's instance, or its interfaces would be other types.
        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name == Runtime.GetName().Name ? Runtime : null;
    }
}

/// <summary>Compilations of generated code with extra consumer sources.</summary>
public static class ConsumerCode
{
    /// <summary>The output of a generator run plus <paramref name="sources"/>, as one consuming project.</summary>
    public static Compilation With(GeneratorRun run, string assemblyName, params string[] sources) =>
        run.Output
            .WithAssemblyName(assemblyName)
            .AddSyntaxTrees(sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, GeneratorHarness.ParseOptions, path: $"{assemblyName}.Consumer{i}.cs")));
}
