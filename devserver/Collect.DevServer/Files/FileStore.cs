using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.DevServer.Files;

/// <summary>What happens when an uploaded name exists: replace, refuse (409) or number (<c>Test-2.txt</c>).</summary>
internal enum OverwriteMode
{
    Yes,
    No,
    Increment,
}

/// <summary>
/// Files on disk: <c>&lt;data&gt;/files/&lt;database&gt;/&lt;table&gt;/&lt;rowid&gt;/&lt;name&gt;</c>. Names are checked
/// so that no file can be written or read outside its record's folder.
/// </summary>
internal sealed class FileStore
{
    private const int MaxNameLength = 200;
    private readonly string _root;

    public FileStore(string root)
    {
        _root = Path.GetFullPath(root);
    }

    /// <summary>The folder of one record (not created).</summary>
    public string RecordFolder(string database, string table, long rowId) =>
        Path.Combine(_root, database, table, rowId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Why a file name is refused, or null when it is a plain name.</summary>
    public static string? CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "The file has no name.";
        if (name.Length > MaxNameLength) return $"The file name is longer than {MaxNameLength} characters.";
        if (name is "." or "..") return "The file name cannot be '.' or '..'.";
        foreach (var c in name)
        {
            if (char.IsControl(c)) return "The file name holds a control character.";
            if (c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|')
                return $"The file name cannot hold '{c}' (names cannot leave the record's folder).";
        }
        if (name.Contains("..", StringComparison.Ordinal)) return "The file name cannot hold '..'.";
        if (name != name.Trim() || name.EndsWith('.')) return "The file name cannot start or end with a space or end with a dot.";
        if (Path.IsPathRooted(name)) return "The file name cannot be an absolute path.";
        return null;
    }

    /// <summary>The full path of a checked name inside a folder; null when it would leave the folder.</summary>
    public static string? Inside(string folder, string name)
    {
        if (CheckName(name) is not null) return null;
        var full = Path.GetFullPath(Path.Combine(folder, name));
        var prefix = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal) && full.Length > prefix.Length ? full : null;
    }

    /// <summary>Writes an upload's content to a temporary file in the record's folder (first phase of a save).</summary>
    public static async Task<string> StageAsync(string folder, Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, ".upload-" + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Discard(temporary);
            throw;
        }
        return temporary;
    }

    /// <summary>The most names <see cref="OverwriteMode.Increment"/> tries: the name, then <c>-2</c> up to <c>-9999</c>.</summary>
    public const int MaxNumberedNames = 9_999;

    /// <summary>
    /// Moves a staged file under its final name (second phase), so that a name is never half-written.
    /// Returns the stored name, or null when <see cref="OverwriteMode.No"/> meets an existing name or
    /// <see cref="OverwriteMode.Increment"/> finds no free numbered name (every one up to
    /// <see cref="MaxNumberedNames"/> is taken, or the numbered name would be too long). The staged file
    /// is then discarded.
    /// </summary>
    public static string? Commit(string temporary, string folder, string name, OverwriteMode overwrite)
    {
        try
        {
            if (overwrite == OverwriteMode.Yes)
            {
                File.Move(temporary, Inside(folder, name)!, overwrite: true);
                return name;
            }
            var stem = Path.GetFileNameWithoutExtension(name);
            var extension = Path.GetExtension(name);
            for (var number = 1; number <= MaxNumberedNames; number++)
            {
                var candidate = number == 1 ? name : $"{stem}-{number.ToString(CultureInfo.InvariantCulture)}{extension}";
                var target = Inside(folder, candidate);
                if (target is null) break;
                try
                {
                    File.Move(temporary, target, overwrite: false);
                    return candidate;
                }
                catch (IOException) when (File.Exists(target))
                {
                    if (overwrite == OverwriteMode.No) return null;
                }
            }
            return null;
        }
        finally
        {
            Discard(temporary);
        }
    }

    /// <summary>Deletes a staged file if it is still there.</summary>
    public static void Discard(string temporary)
    {
        if (File.Exists(temporary)) File.Delete(temporary);
    }
}
