using System;
using System.IO;
using System.Linq;
using Collect.Codegen.Model;
using Collect.Codegen.SourceGenerator;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Collect.Codegen.Tests.Diagnostics;

/// <summary>The catalogue, the Roslyn descriptors and the release-tracking files say the same thing.</summary>
public class CatalogueTests
{
    private static string ReleaseFile(string name) => Path.Combine(AppContext.BaseDirectory, "releases", name);

    /// <summary>The rule rows (id, category, severity, notes) of a release-tracking file.</summary>
    private static (string Id, string Category, string Severity, string Notes)[] Rules(string name) =>
        File.ReadAllLines(ReleaseFile(name))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length == 4 && cells[0].StartsWith("CCG", StringComparison.Ordinal))
            .Select(cells => (cells[0], cells[1], cells[2], cells[3]))
            .ToArray();

    [Fact]
    public void UnshippedReleaseFileListsExactlyTheCatalogue()
    {
        var expected = DiagnosticCatalog.All
            .Select(d => (d.Id, DiagnosticInfo.Category, d.Severity.ToString(), d.Title))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToArray();
        var actual = Rules("AnalyzerReleases.Unshipped.md").OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void NoRuleIsBothShippedAndUnshipped()
    {
        var shipped = Rules("AnalyzerReleases.Shipped.md").Select(r => r.Id);
        var unshipped = Rules("AnalyzerReleases.Unshipped.md").Select(r => r.Id);

        Assert.Empty(shipped.Intersect(unshipped));
    }

    [Fact]
    public void CatalogueIdsAreUniqueAndSequential()
    {
        var ids = DiagnosticCatalog.All.Select(d => d.Id).ToArray();

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(1, ids.Length).Select(i => $"CCG{i:000}"), ids.OrderBy(i => i, StringComparer.Ordinal));
        Assert.All(DiagnosticCatalog.All, d => Assert.Same(d, DiagnosticCatalog.Get(d.Id)));
    }

    [Fact]
    public void RoslynDescriptorsMatchTheCatalogue()
    {
        Assert.Equal(
            DiagnosticCatalog.All.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal),
            RoslynDiagnostics.Descriptors.Keys.OrderBy(i => i, StringComparer.Ordinal));

        foreach (var info in DiagnosticCatalog.All)
        {
            var descriptor = RoslynDiagnostics.Descriptors[info.Id];
            Assert.Equal(info.Id, descriptor.Id);
            Assert.Equal(info.Title, descriptor.Title.ToString());
            Assert.Equal(info.MessageFormat, descriptor.MessageFormat.ToString());
            Assert.Equal(DiagnosticInfo.Category, descriptor.Category);
            var severity = info.Severity == DiagnosticSeverityLevel.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
            Assert.Equal(severity, descriptor.DefaultSeverity);
            Assert.True(descriptor.IsEnabledByDefault, info.Id);
            Assert.EndsWith("#" + info.Id.ToLowerInvariant(), descriptor.HelpLinkUri, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryMessageFormatsWithItsArguments()
    {
        // A format with a placeholder the reporting code never fills would throw at report time.
        foreach (var info in DiagnosticCatalog.All)
        {
            var placeholders = Enumerable.Range(0, 10).Count(i => info.MessageFormat.Contains("{" + i + "}", StringComparison.Ordinal));
            var arguments = Enumerable.Range(0, placeholders).Select(i => (object)("a" + i)).ToArray();
            var message = string.Format(System.Globalization.CultureInfo.InvariantCulture, info.MessageFormat, arguments);
            Assert.DoesNotContain("{", message, StringComparison.Ordinal);
        }
    }
}
