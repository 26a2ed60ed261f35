using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Collect.Codegen.Tests;

public sealed class SchemaFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "collect-schema-folder-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{}");
    }

    [Fact]
    public void FindsSchemaFilesAsTheBuildDoesSkippingTheFoldersOwnBinAndObj()
    {
        foreach (var file in new[]
        {
            "b.table.json", "a.form.json", "tables/c.TABLE.json", "nested/bin/d.table.json", "objects/e.table.json",
            "bin/Debug/copied.table.json", "obj/stale.form.json", "notes.json", "x.table.json.bak",
        })
            Write(file);

        var found = SchemaFolder.FindSchemaFiles(_root + Path.DirectorySeparatorChar).Select(p => Path.GetRelativePath(_root, p).Replace('\\', '/'));

        // Only the root's own bin/ and obj/ are build output; a bin/ deeper down belongs to the schemas.
        Assert.Equal(["a.form.json", "b.table.json", "nested/bin/d.table.json", "objects/e.table.json", "tables/c.TABLE.json"], found);
    }
}
