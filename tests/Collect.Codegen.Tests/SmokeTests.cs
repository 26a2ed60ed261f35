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
