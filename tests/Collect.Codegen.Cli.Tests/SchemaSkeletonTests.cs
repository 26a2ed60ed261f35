using Collect.Codegen.Cli.Import;
using Xunit;

namespace Collect.Codegen.Cli.Tests;

/// <summary>Type inference and the text-preserving merge behind 'import'.</summary>
public sealed class SchemaSkeletonTests
{
    [Theory]
    [InlineData("co_rowid", new[] { "1" }, "rowid")]
    [InlineData("co_rowid_debtor", new[] { "" }, "rowid")]
    [InlineData("co_type", new[] { "1", "-2", "0", "" }, "int")]
    [InlineData("co_big", new[] { "1", "3000000000" }, "long")]
    [InlineData("co_huge", new[] { "99999999999999999999" }, "string")]
    [InlineData("co_zip", new[] { "01234", "12345" }, "string")]
    [InlineData("co_amount", new[] { "1.50", "2", "-0.25" }, "decimal")]
    [InlineData("co_rate", new[] { "1e3" }, "string")]
    [InlineData("co_rate", new[] { ".5" }, "string")]
    [InlineData("co_date", new[] { "2026-01-31", "" }, "date")]
    [InlineData("co_date", new[] { "2026-02-30" }, "string")]
    [InlineData("co_time", new[] { "09:30:00" }, "time")]
    [InlineData("co_time", new[] { "09:30" }, "string")]
    [InlineData("co_stamp", new[] { "2026-01-31 09:30:00" }, "datetime")]
    [InlineData("co_mixed", new[] { "2026-01-31", "12" }, "string")]
    [InlineData("co_empty", new[] { "", " " }, "string")]
    [InlineData("co_empty", new string[0], "string")]
    public void TypesAreInferredConservatively(string column, string[] values, string expected) =>
        Assert.Equal(expected, TypeInference.Infer(column, "co_", values));

    [Fact]
    public void TheRowIdIsTheServersOrTheShortestRowIdName()
    {
        Assert.Equal("co_rowid", TypeInference.FindRowIdColumn(["co_rowid_debtor", "co_rowid", "co_x"], null));
        Assert.Equal("x_rowid", TypeInference.FindRowIdColumn(["co_rowid", "x_rowid"], "x_rowid"));
        Assert.Null(TypeInference.FindRowIdColumn(["a", "b"], null));
        Assert.Equal("co_", TypeInference.PrefixOf("co_rowid"));
    }

    [Fact]
    public void MergeKeepsCrLfIndentationAndTabs()
    {
        var text = "{\r\n\t\"table\": \"t\",\r\n\t\"fields\": [\r\n\t\t{ \"name\": \"t_rowid\", \"type\": \"rowid\" }\r\n\t]\r\n}\r\n";

        var merged = SchemaSkeleton.Merge("t.table.json", text, [new ImportedColumn("t_name", "string")]);

        Assert.Equal("{\r\n\t\"table\": \"t\",\r\n\t\"fields\": [\r\n\t\t{ \"name\": \"t_rowid\", \"type\": \"rowid\" },\r\n\t\t{\"name\": \"t_name\", \"type\": \"string\"}\r\n\t]\r\n}\r\n", merged);
    }

    [Fact]
    public void MergeFillsAnEmptyFieldsArray()
    {
        var merged = SchemaSkeleton.Merge("t.table.json", "{\n  \"table\": \"t\", /* hm */\n  \"fields\": []\n}", [new ImportedColumn("t_rowid", "rowid"), new ImportedColumn("t_\"q", "int")]);

        Assert.Equal("{\n  \"table\": \"t\", /* hm */\n  \"fields\": [\n    {\"name\": \"t_rowid\", \"type\": \"rowid\"},\n    {\"name\": \"t_\\\"q\", \"type\": \"int\"}\n  ]\n}", merged);
    }

    [Fact]
    public void ANewSkeletonListsEveryColumn()
    {
        var text = SchemaSkeleton.Create("t", "t_rowid", [new ImportedColumn("t_rowid", "rowid"), new ImportedColumn("t_n", "int")]);

        Assert.Equal("{\n  \"table\": \"t\",\n  \"rowId\": \"t_rowid\",\n  \"fields\": [\n    {\"name\": \"t_rowid\", \"type\": \"rowid\"},\n    {\"name\": \"t_n\", \"type\": \"int\"}\n  ]\n}\n", text);
    }
}
