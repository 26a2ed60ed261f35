using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Collect.Codegen.Tests.Infrastructure;
using Collect.Runtime;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Collect.Codegen.Tests.Compile;

/// <summary>
/// The <see cref="StressSchemas"/> set: it must give exactly the expected naming warnings, compile
/// without a single compiler warning, and every generated type must map each column to its own
/// property at run time.
/// </summary>
public class StressSchemaTests
{
    private static readonly Lazy<GeneratorRun> Run = new(() => GeneratorHarness.Run(StressSchemas.All));

    // Checked and emitted as one compilation, so it is bound once.
    private static readonly Lazy<Compilation> Output = new(() => StrictCompiler.AllWarningWaves(Run.Value.Output.WithAssemblyName("Stress")));

    private static readonly Lazy<GeneratedAssembly> Loaded = new(() => GeneratedAssembly.Load(Output.Value));

    [Fact]
    public void GeneratorReportsOnlyTheExpectedNamingWarnings()
    {
        var run = Run.Value;

        Assert.Null(run.Result.Results.Single().Exception);
        Assert.All(run.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Descriptor.DefaultSeverity));
        var reported = run.Diagnostics.Select(Describe).OrderBy(d => d, StringComparer.Ordinal);
        Assert.Equal(StressSchemas.ExpectedWarnings.OrderBy(d => d, StringComparer.Ordinal), reported);
    }

    [Fact]
    public void EveryStressFileGeneratesItsTypes()
    {
        var names = Run.Value.Sources.Keys.ToHashSet();

        // 18 tables (record + repository each), 3 forms, the entry point and the form registry.
        Assert.True(18 * 2 + 3 + 2 == names.Count, "Generated: " + string.Join(", ", names.OrderBy(n => n, StringComparer.Ordinal)));
        Assert.Contains("Keyword.g.cs", names);
        Assert.Contains("Wide.g.cs", names);
        Assert.Contains("Donnée.g.cs", names);
        Assert.Contains("_1stTable.g.cs", names);
        Assert.Contains("CollectDbRecord.g.cs", names);
        Assert.Contains("ContactForm2.g.cs", names);
        Assert.Contains("SurveyForm.g.cs", names);
        Assert.Contains("JustButtonsForm.g.cs", names);
    }

    [Fact]
    public void OutputCompilesWithoutAnyWarning() => StrictCompiler.AssertClean(Output.Value);

    [Fact]
    public void WideTableHasEveryColumnTypeAndAllThreeHundredColumns()
    {
        var wide = Loaded.Value.Type("Consumer.Wide");
        var columns = RuntimeCalls.Columns(wide);

        Assert.Equal(StressSchemas.WideColumnCount, columns.Count);
        var propertyTypes = columns.Select(c => wide.GetProperty(c.Property)!.PropertyType).ToHashSet();
        Assert.Superset(
            new HashSet<Type> { typeof(string), typeof(int?), typeof(long?), typeof(decimal?), typeof(bool?), typeof(DateOnly?), typeof(TimeOnly?), typeof(DateTime?), typeof(RowId?), typeof(int), typeof(DateOnly) },
            propertyTypes);
    }

    public static TheoryData<string> RecordTypes() => new(new[]
    {
        "Keyword", "Contact", "CollectDbRecord", "Column", "ColumnsRecord", "FilterRecord", "SortRecord", "ContactRepositoryRecord",
        "ContactForm", "Form", "Api", "Collect", "System", "Consumer", "_1stTable", "Donnée", "NoPrefix", "Wide",
    });

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public void RecordRoundTripsEveryColumnThroughItsOwnProperty(string typeName)
    {
        var type = Loaded.Value.Type("Consumer." + typeName);
        var row = RuntimeCalls.SampleRow(type, new Dictionary<string, string> { ["zz_unknown"] = "dropped" });

        var record = JsonSerializer.Deserialize(row, type)!;
        var written = JsonSerializer.Serialize(record, type);

        var expected = RuntimeCalls.Properties(row).Where(p => p.Key != "zz_unknown");
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), RuntimeCalls.Properties(written).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(RuntimeCalls.Columns(type).Count, RuntimeCalls.Properties(written).Count);
    }

    [Fact]
    public void RenamedTypesKeepTheirTableNames()
    {
        Assert.Equal("collect_db", RuntimeCalls.TableName(Loaded.Value.Type("Consumer.CollectDbRecord")));
        Assert.Equal("column_set", RuntimeCalls.TableName(Loaded.Value.Type("Consumer.ColumnsRecord")));
        Assert.Equal("données", RuntimeCalls.TableName(Loaded.Value.Type("Consumer.Donnée")));
        Assert.Equal("rowid", RuntimeCalls.RowIdColumn(Loaded.Value.Type("Consumer.NoPrefix")));
    }

    [Fact]
    public void EveryFormRoundTripsThroughTheRegistry()
    {
        var registry = (CollectFormRegistry)Loaded.Value.Type("Consumer.CollectDb").GetProperty("Forms")!.GetValue(null)!;

        Assert.Equal(3, registry.Forms.Count);
        foreach (var descriptor in registry.Forms)
        {
            var data = RuntimeCalls.SampleRow(descriptor.FormType, new Dictionary<string, string> { ["zz_unknown"] = "kept" });
            using var document = JsonDocument.Parse(data);

            var form = descriptor.Read(document.RootElement);
            var answer = RuntimeCalls.Answer(form, "job", descriptor.Buttons[0].Value);

            using var written = JsonDocument.Parse(answer);
            Assert.Equal(
                RuntimeCalls.Properties(data).OrderBy(p => p.Key, StringComparer.Ordinal),
                RuntimeCalls.Properties(written.RootElement.GetProperty("data")).OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void FormButtonsKeepTheirNamesAndValues()
    {
        var registry = (CollectFormRegistry)Loaded.Value.Type("Consumer.CollectDb").GetProperty("Forms")!.GetValue(null)!;

        Assert.True(registry.TryGet("11111111-0000-0000-0000-000000000001", out var contact));
        Assert.Equal(
            new[] { new FormButton("Ok", 1), new FormButton("ok", 2), new FormButton("Buttons", 3), new FormButton("Save & Close", 4), new FormButton("1st", 5) },
            contact.Buttons);
        var buttons = contact.FormType.GetNestedType("Buttons")!;
        Assert.Equal(2, buttons.GetField("Ok2")!.GetRawConstantValue());
        Assert.Equal(3, buttons.GetField("Buttons2")!.GetRawConstantValue());
        Assert.Equal(4, buttons.GetField("SaveClose")!.GetRawConstantValue());
    }

    [Fact]
    public void KeywordAndSymbolColumnsMapToTheirProperties()
    {
        var keyword = Loaded.Value.Type("Consumer.Keyword");
        var columns = RuntimeCalls.Columns(keyword).ToDictionary(c => c.Property, c => c.Column);

        Assert.Equal("class", columns["Class"]);
        Assert.Equal("kw_class", columns["class"]);       // @class
        Assert.Equal("int", columns["int"]);              // @int
        Assert.Equal("1st_call", columns["_1stCall"]);
        Assert.Equal("日付", columns["日付"]);
        Assert.Equal("kw_😀", columns["Column14"]);
        Assert.Equal("kw_due-date", columns["DueDate"]);
        Assert.Equal("kw_quote\"back\\slash", columns["QuoteBackSlash"]);
    }

    /// <summary>A diagnostic as <c>id file name-used</c>; the name used is the message's last quoted name.</summary>
    private static string Describe(Diagnostic diagnostic)
    {
        var used = Regex.Match(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), "using '([^']*)'$");
        return $"{diagnostic.Id} {Path.GetFileName(diagnostic.Location.GetLineSpan().Path)} {(used.Success ? used.Groups[1].Value : diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))}";
    }
}
