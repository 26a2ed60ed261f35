using Collect.Codegen.Model;
using Xunit;

namespace Collect.Codegen.Tests.Fuzz;

/// <summary>The fuzzer's oracle says what it should, so a quiet fuzz run means something.</summary>
public class SchemaOracleTests
{
    [Theory]
    [InlineData("{\"a\": 1} x", 0, 9)]
    [InlineData("{\n  \"a\": \"é\" \"b\"\n}", 1, 11)]
    [InlineData("\uFEFF{ ]", 0, 3)]
    public void NotJsonTellsWhereTheReaderStopped(string text, int line, int column)
    {
        Assert.False(SchemaOracle.IsJson(text, out _, out var at));
        Assert.Equal((line, column), at);
    }

    [Fact]
    public void LoneSurrogateEscapeIsNotText() => Assert.False(SchemaOracle.IsJson("{\"a\": \"\\ud800\"}", out _));

    [Theory]
    [InlineData("/t.table.json", "[]")]
    [InlineData("/t.table.json", "{\"table\": \"t\", \"rowId\": \"t_rowid\", \"fields\": []}")]
    [InlineData("/t.table.json", "{\"table\": \"t\", \"rowId\": \"t_rowid\", \"fields\": [{\"name\": \"t_rowid\", \"type\": \"guid\"}]}")]
    [InlineData("/t.table.json", "{\"table\": \"t\", \"rowId\": \"t_id\", \"fields\": [{\"name\": \"t_rowid\", \"type\": \"rowid\"}]}")]
    [InlineData("/t.table.json", "{\"table\": \"t\", \"table\": \"u\", \"rowId\": \"t_rowid\", \"fields\": [{\"name\": \"t_rowid\", \"type\": \"rowid\"}]}")]
    [InlineData("/t.table.json", "{\"table\": \"t\", \"rowId\": \"t_rowid\", \"fields\": [{\"name\": \"t_rowid\", \"type\": \"rowid\", \"maxLength\": 0}]}")]
    [InlineData("/f.form.json", "{\"formId\": \"x\", \"name\": \"F\", \"buttons\": []}")]
    [InlineData("/f.form.json", "{\"formId\": \"x\", \"name\": \"F\", \"table\": \"t\", \"fields\": [1], \"buttons\": [{\"name\": \"Ok\", \"value\": 1}]}")]
    public void StructuralProblemsAreFound(string path, string text)
    {
        Assert.True(SchemaOracle.IsJson(text, out var document));
        Assert.NotNull(SchemaOracle.StructuralProblem(path, document!.RootElement));
    }

    [Theory]
    [InlineData("/t.table.json", "{\"table\": \"t\", \"rowId\": \"t_rowid\", \"extra\": {\"a\": 1, \"a\": 2}, \"fields\": [{\"name\": \"t_rowid\", \"type\": \"rowid\", \"maxLength\": null}]}")]
    [InlineData("/f.form.json", "{\"formId\": \"x\", \"name\": \"F\", \"buttons\": [{\"name\": \"Ok\", \"value\": -1}]}")]
    public void ValidFilesHaveNoStructuralProblem(string path, string text)
    {
        Assert.True(SchemaOracle.IsJson(text, out var document));
        Assert.Null(SchemaOracle.StructuralProblem(path, document!.RootElement));
    }

    [Fact]
    public void LocationsAreCheckedAgainstTheirOffsets()
    {
        const string text = "ab\ncdé\nf";
        Assert.Null(SchemaOracle.LocationProblem(new SourceLocation("p", 3, 3, 1, 0, 1, 3), text));
        Assert.Null(SchemaOracle.LocationProblem(new SourceLocation("p", 8, 0, 2, 1, 2, 1), text));
        Assert.NotNull(SchemaOracle.LocationProblem(new SourceLocation("p", 3, 3, 1, 1, 1, 3), text));
        Assert.NotNull(SchemaOracle.LocationProblem(new SourceLocation("p", 3, 3, 1, 0, 1, 2), text));
        Assert.NotNull(SchemaOracle.LocationProblem(new SourceLocation("p", 7, 5, 2, 0, 2, 5), text));
    }
}
