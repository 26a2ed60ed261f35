namespace Collect.Codegen.Tests.Diagnostics;

/// <summary>Small valid schema files the diagnostic scenarios put next to the broken one.</summary>
internal static class SchemaFiles
{
    public const string DebtorPath = "/schemas/debtor.table.json";

    public const string Debtor = """
        {
          "table": "debtor",
          "rowId": "de_rowid",
          "fields": [
            { "name": "de_rowid", "type": "rowid" },
            { "name": "de_name", "type": "string", "maxLength": 40 }
          ]
        }
        """;

    public const string ClientPath = "/schemas/client.table.json";

    public const string Client = """
        {
          "table": "client",
          "rowId": "cl_rowid",
          "fields": [
            { "name": "cl_rowid", "type": "rowid" },
            { "name": "cl_name", "type": "string" }
          ]
        }
        """;

    public const string FormPath = "/schemas/debtor-name.form.json";

    public const string Form = """
        {
          "formId": "0b6c1f7e-0000-4000-8000-000000000001",
          "name": "DebtorName",
          "table": "debtor",
          "fields": ["de_name"],
          "buttons": [{ "name": "Ok", "value": 1 }]
        }
        """;

    /// <summary>What the valid files above generate.</summary>
    public static readonly string[] DebtorFiles = { "Debtor.g.cs", "DebtorRepository.g.cs" };

    public static readonly string[] ClientFiles = { "Client.g.cs", "ClientRepository.g.cs" };

    public static readonly string[] EntryPointFiles = { "CollectDb.g.cs", "CollectDb.Forms.g.cs" };

    public const string TypeList = "string, int, long, decimal, money, bool, date, time, datetime, rowid, flags, file";

    public const string TemplateList = "Record.scriban, Repository.scriban, Form.scriban, FormRegistry.scriban, EntryPoint.scriban";
}
