using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;
using Xunit.Sdk;

namespace Collect.Codegen.Tests.Snapshots;

/// <summary>The snapshot helper's own rules, on a scratch folder.</summary>
public sealed class TextSnapshotTests : IDisposable
{
    private static readonly SnapshotSettings Local = new(Update: false, IsCi: false);
    private static readonly SnapshotSettings Ci = new(Update: false, IsCi: true);
    private static readonly SnapshotSettings Accept = new(Update: true, IsCi: true);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "collect-snapshots-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _log = new();

    private string SnapshotPath => Path.Combine(_folder, "Example.g.cs.snap");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void MissingSnapshotIsWrittenAndPassesOutsideCi()
    {
        var outcome = TextSnapshot.Match("class A\r\n{\r\n}\r\n", SnapshotPath, Local, _log.Add);

        Assert.Equal(SnapshotOutcome.Created, outcome);
        Assert.Equal("class A\n{\n}\n", File.ReadAllText(SnapshotPath));
        Assert.Contains(_log, line => line.Contains("did not exist and was written", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingSnapshotFailsInCi()
    {
        var error = Assert.Throws<XunitException>(() => TextSnapshot.Match("class A {}", SnapshotPath, Ci));

        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.Contains(SnapshotSettings.UpdateVariable + "=1", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(SnapshotPath));
    }

    [Fact]
    public void UpdatingWritesAMissingSnapshotEvenInCi()
    {
        Assert.Equal(SnapshotOutcome.Created, TextSnapshot.Match("class A {}", SnapshotPath, Accept));
        Assert.True(File.Exists(SnapshotPath));
    }

    [Fact]
    public void MatchingSnapshotPassesWhateverTheLineEndings()
    {
        Write("line 1\r\nline 2\r\n");

        Assert.Equal(SnapshotOutcome.Matched, TextSnapshot.Match("line 1\nline 2\n", SnapshotPath, Ci));
    }

    [Fact]
    public void MismatchFailsWithAUnifiedDiffAndLeavesTheSnapshot()
    {
        var before = string.Join("\n", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j") + "\n";
        Write(before);

        var error = Assert.Throws<XunitException>(() => TextSnapshot.Match(before.Replace("e\n", "E\n", StringComparison.Ordinal), SnapshotPath, Local));

        Assert.Contains("--- snapshot", error.Message, StringComparison.Ordinal);
        Assert.Contains("+++ actual", error.Message, StringComparison.Ordinal);
        Assert.Contains("@@ -2,7 +2,7 @@", error.Message, StringComparison.Ordinal);
        Assert.Contains("\n-e\n+E\n", error.Message, StringComparison.Ordinal);
        Assert.Contains("\n b\n", error.Message, StringComparison.Ordinal);     // context before
        Assert.DoesNotContain("\n a\n", error.Message, StringComparison.Ordinal); // beyond three lines of context
        Assert.Equal(before, File.ReadAllText(SnapshotPath));
    }

    [Fact]
    public void UpdatingRewritesAChangedSnapshot()
    {
        Write("old\n");

        Assert.Equal(SnapshotOutcome.Updated, TextSnapshot.Match("new\n", SnapshotPath, Accept, _log.Add));
        Assert.Equal("new\n", File.ReadAllText(SnapshotPath));
        Assert.Single(_log);
    }

    [Fact]
    public void SnapshotsLiveNextToTheTestSource()
    {
        var path = TextSnapshot.PathOf("Contact.g.cs");

        Assert.Equal("Contact.g.cs.snap", Path.GetFileName(path));
        Assert.Equal(TextSnapshot.FolderName, Path.GetFileName(Path.GetDirectoryName(path)));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, "..", nameof(TextSnapshotTests) + ".cs")));
        Assert.Throws<ArgumentException>(() => TextSnapshot.PathOf("../escape"));
    }

    [Fact]
    public void DeterministicCiPathsAreFoundAboveTheTestBinaries()
    {
        var real = TextSnapshot.SourceDirectory(ThisFile());

        // ContinuousIntegrationBuild maps the repository root to /_/ in [CallerFilePath].
        var mapped = TextSnapshot.SourceDirectory("/_/tests/Collect.Codegen.Tests/Snapshots/" + nameof(TextSnapshotTests) + ".cs");

        Assert.Equal(Path.GetFullPath(real), Path.GetFullPath(mapped));
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private void Write(string text)
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(SnapshotPath, text);
    }
}
