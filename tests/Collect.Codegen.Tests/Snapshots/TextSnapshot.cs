using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex;
using DiffPlex.Renderer;
using Xunit.Sdk;

namespace Collect.Codegen.Tests.Snapshots;

/// <summary>What a snapshot check did.</summary>
public enum SnapshotOutcome
{
    /// <summary>The committed snapshot equals the output.</summary>
    Matched,
    /// <summary>No snapshot was committed; it was written from the output (outside CI).</summary>
    Created,
    /// <summary>The snapshot differed and was rewritten because updating was asked for.</summary>
    Updated,
}

/// <summary>When snapshots may be written: read from the environment by default.</summary>
/// <param name="Update"><c>COLLECT_UPDATE_SNAPSHOTS=1</c>: accept the output, rewriting snapshots that differ.</param>
/// <param name="IsCi"><c>CI=true</c> (or <c>1</c>): a missing snapshot fails instead of being written.</param>
public sealed record SnapshotSettings(bool Update, bool IsCi)
{
    /// <summary>The variable that accepts new output.</summary>
    public const string UpdateVariable = "COLLECT_UPDATE_SNAPSHOTS";

    /// <summary>The settings of this process.</summary>
    public static SnapshotSettings FromEnvironment() => new(
        Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true" or "TRUE" or "True",
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci == "1" || string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase)));
}

/// <summary>
/// Plain-text snapshots: each is the generated file itself, committed as
/// <c>__snapshots__/&lt;name&gt;.snap</c> next to the test's source file, so a change to generated
/// code reviews like a change to code. A mismatch fails with a unified diff; a missing snapshot is
/// written (and fails under <c>CI=true</c>); <c>COLLECT_UPDATE_SNAPSHOTS=1</c> accepts new output.
/// </summary>
public static class TextSnapshot
{
    /// <summary>The snapshot folder's name.</summary>
    public const string FolderName = "__snapshots__";

    /// <summary>The snapshot file extension.</summary>
    public const string Extension = ".snap";

    /// <summary>Checks <paramref name="actual"/> against the committed snapshot <paramref name="name"/>.</summary>
    /// <param name="actual">The output.</param>
    /// <param name="name">The snapshot's name (the generated file's hint name), without extension.</param>
    /// <param name="log">Receives a note when a snapshot is written.</param>
    /// <param name="callerFile">The calling test's source file; its folder holds <c>__snapshots__</c>.</param>
    public static SnapshotOutcome Match(string actual, string name, Action<string>? log = null, [CallerFilePath] string callerFile = "") =>
        Match(actual, PathOf(name, callerFile), SnapshotSettings.FromEnvironment(), log);

    /// <summary>The snapshot folder of a test source file.</summary>
    public static string FolderOf([CallerFilePath] string callerFile = "") =>
        Path.Combine(SourceDirectory(callerFile), FolderName);

    /// <summary>The snapshot file of a name, for a test source file.</summary>
    public static string PathOf(string name, [CallerFilePath] string callerFile = "")
    {
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains("..", StringComparison.Ordinal))
            throw new ArgumentException($"'{name}' cannot name a snapshot file.", nameof(name));
        return Path.Combine(FolderOf(callerFile), name + Extension);
    }

    /// <summary>Checks <paramref name="actual"/> against the snapshot at <paramref name="path"/> under explicit settings.</summary>
    public static SnapshotOutcome Match(string actual, string path, SnapshotSettings settings, Action<string>? log = null)
    {
        var normalized = Normalize(actual);
        if (!File.Exists(path))
        {
            if (settings.IsCi && !settings.Update)
                throw new XunitException(
                    $"Snapshot {Path.GetFileName(path)} is missing (CI=true), expected at {path}.\n" +
                    $"Run the tests once with {SnapshotSettings.UpdateVariable}=1 and commit the new file.");
            Write(path, normalized);
            log?.Invoke($"Snapshot {Path.GetFileName(path)} did not exist and was written to {path}; review and commit it.");
            return SnapshotOutcome.Created;
        }

        var expected = Normalize(File.ReadAllText(path));
        if (expected == normalized) return SnapshotOutcome.Matched;
        if (settings.Update)
        {
            Write(path, normalized);
            log?.Invoke($"Snapshot {Path.GetFileName(path)} changed and was rewritten ({SnapshotSettings.UpdateVariable}=1); review the diff.");
            return SnapshotOutcome.Updated;
        }
        throw new XunitException(
            $"Generated output differs from snapshot {Path.GetFileName(path)} ({path}).\n" +
            $"If the change is intended, run the tests with {SnapshotSettings.UpdateVariable}=1 and commit the snapshot.\n\n" +
            Diff(expected, normalized));
    }

    /// <summary>Line endings as <c>\n</c>, so snapshots compare the same on every platform and with any git setting.</summary>
    public static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>A unified line diff (as <c>git diff</c> shows it) from the snapshot to the output, three lines of context.</summary>
    public static string Diff(string expected, string actual) =>
        new UnidiffRenderer(Differ.Instance, 3).Generate(expected, actual, "snapshot", "actual", false, false);

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    // [CallerFilePath] is the real source path, except in deterministic CI builds, where PathMap turns
    // the repository root into "/_/": then the same relative folder is found above the test binaries.
    internal static string SourceDirectory(string callerFile)
    {
        var directory = Path.GetDirectoryName(callerFile) ?? "";
        if (Directory.Exists(directory)) return directory;
        var relative = directory.Replace('\\', '/').TrimStart('/');
        if (relative.StartsWith("_/", StringComparison.Ordinal)) relative = relative.Substring(2);
        for (var at = new DirectoryInfo(AppContext.BaseDirectory); at is not null; at = at.Parent)
        {
            var candidate = Path.Combine(at.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"Cannot find the source folder of {callerFile} to read snapshots from.");
    }
}
