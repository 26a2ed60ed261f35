using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Collect.Codegen.Cli.Tests.Infrastructure;
using Xunit;

namespace Collect.Codegen.Cli.Tests;

/// <summary>'diff' reports what changes in the generated API and flags what breaks code compiled against the old one.</summary>
public sealed class DiffTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _old;
    private readonly string _new;

    public DiffTests()
    {
        _old = _temp.CopyShippedSchemas("old");
        _new = _temp.CopyShippedSchemas("new");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TheSameSchemasHaveNoChanges()
    {
        var run = await Tool.RunAsync("diff", _old, _new);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No changes.", run.OutputLines);
    }

    [Fact]
    public async Task AdditionsAreNotBreaking()
    {
        Edit("tables/contact.table.json", table => Fields(table).Add(new JsonObject { ["name"] = "co_email", ["type"] = "string" }));
        Edit("forms/schedule-next-contact.form.json", form => ((JsonArray)form["buttons"]!).Add(new JsonObject { ["name"] = "Later", ["value"] = 4633 }));
        File.WriteAllText(Path.Combine(_new, "tables", "invoice.table.json"), """{ "table": "invoice", "rowId": "in_rowid", "fields": [ { "name": "in_rowid", "type": "rowid" } ] }""");

        var run = await Tool.RunAsync("diff", _old, _new);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("+ record Invoice (table invoice), repository property Invoices", run.OutputLines);
        Assert.Contains("record Contact (table contact)", run.OutputLines);
        Assert.Contains("  + property Email: string? (column co_email)", run.OutputLines);
        Assert.Contains("  + button Later = 4633", run.OutputLines);
        Assert.DoesNotContain("BREAKING", run.Output, StringComparison.Ordinal);
        Assert.Equal("3 change(s), none breaking.", run.OutputLines[^1]);
    }

    [Fact]
    public async Task RemovedRenamedAndRetypedPropertiesAreBreaking()
    {
        Edit("tables/contact.table.json", table =>
        {
            var fields = Fields(table);
            fields.Remove(fields.Single(f => (string)f!["name"]! == "co_amount"));
            fields.Single(f => (string)f!["name"]! == "co_priority")!["type"] = "long";
            fields.Single(f => (string)f!["name"]! == "co_status")!["property"] = "State";
        });

        var run = await Tool.RunAsync("diff", _old, _new);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("  - property Amount: decimal? (column co_amount)  [BREAKING: property removed]", run.OutputLines);
        Assert.Contains("  ~ property Priority: int? → long? (column co_priority)  [BREAKING: type changed]", run.OutputLines);
        Assert.Contains("  ~ property Status → State (column co_status)  [BREAKING: property renamed]", run.OutputLines);
        // The form on the contact table shows its own changes.
        Assert.Contains("form ScheduleNextContactForm (form id 35d01ff2-775d-ccb4-8f53-25d36f517384)", run.OutputLines);
        Assert.EndsWith("breaking: code compiled against the old API may not compile against the new one.", run.OutputLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemovedTypesFormsAndButtonsAndRenamedTypesAreBreaking()
    {
        File.Delete(Path.Combine(_new, "tables", "cosigner.table.json"));
        Edit("tables/client.table.json", table => table["typeName"] = "Customer");
        Edit("forms/schedule-next-contact.form.json", form => ((JsonArray)form["buttons"]!).RemoveAt(1));

        var run = await Tool.RunAsync("diff", _old, _new);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.OutputLines, l => l.StartsWith("- record Cosigner (table cosigner)", StringComparison.Ordinal) && l.EndsWith("[BREAKING: record removed]", StringComparison.Ordinal));
        Assert.Contains("  ~ renamed Client → Customer (repository property Clients → Customers)  [BREAKING: record renamed]", run.OutputLines);
        Assert.Contains("  - button Cancel = 4632  [BREAKING: button removed]", run.OutputLines);
        // The debtor lost its cosigner sub-record calls.
        Assert.Contains("  - sub-record call ListCosignersAsync  [BREAKING: sub-record call removed]", run.OutputLines);
    }

    [Fact]
    public async Task ASchemaSetWithErrorsCannotBeCompared()
    {
        File.WriteAllText(Path.Combine(_new, "tables", "contact.table.json"), "{ nope");

        var run = await Tool.RunAsync("diff", _old, _new);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.ErrorLines, l => l.Contains("contact.table.json(1,", StringComparison.Ordinal) && l.Contains("error CCG001", StringComparison.Ordinal));
        Assert.Matches(@"have \d+ error\(s\); fix them", run.ErrorMessages());
    }

    private void Edit(string relative, Action<JsonObject> edit)
    {
        var path = Path.Combine(_new, relative);
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    private static JsonArray Fields(JsonObject table) => (JsonArray)table["fields"]!;
}
