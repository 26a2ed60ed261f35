using System.IO;

namespace Collect.Packaging.Tests.Infrastructure;

/// <summary>The consumer project's schema files and program, as a user would write them.</summary>
public static class Consumer
{
    /// <summary>The operators, trimmed to three columns (the server has more).</summary>
    public const string GoodSchema = """
        {
          "table": "nx_operator",
          "rowId": "op_rowid",
          "typeName": "Operator",
          "fields": [
            { "name": "op_rowid", "type": "rowid" },
            { "name": "op_id", "type": "string", "maxLength": 7 },
            { "name": "op_name", "type": "string" }
          ]
        }
        """;

    /// <summary>
    /// A form over the operators (in a folder of its own, as <c>**/*.form.json</c> finds it), on the
    /// column every variant of the table keeps.
    /// </summary>
    public const string Form = """
        {
          "formId": "5d1e7c2a-3f0b-4c8e-9a61-2b7d4e0f9c13",
          "name": "OperatorCheck",
          "description": "Confirms an operator's id.",
          "table": "nx_operator",
          "fields": [ "op_id" ],
          "buttons": [ { "name": "Ok", "value": 4631 }, { "name": "Cancel", "value": 4632 } ]
        }
        """;

    /// <summary>Signs in with the runtime and reads an operator through the generated types.</summary>
    public const string GoodProgram = """
        using Collect.Runtime;
        using ConsumerApp;

        var options = new CollectClientOptions { BaseAddress = new Uri(args[0]), OperatorId = "OWN", Password = "own" };
        var session = new CollectSession(new HttpClient(), options);
        using var http = new HttpClient(new CollectAuthenticationHandler(session) { InnerHandler = new SocketsHttpHandler() });
        var db = new CollectDb(new CollectRecordClient(http, options));
        var page = await db.Operators.ListAsync(new CollectQuery { Filter = Operator.Filter.Id.Eq("OWN") });
        var op = page.Rows.Single();
        Console.WriteLine($"OPERATOR {op.Id} {op.Name} row {op.RowId}");
        // The form from Schemas/forms/, registered in the generated form registry.
        var registered = CollectDb.Forms.TryGet(OperatorCheckForm.FormId, out var form) && form.FormType == typeof(OperatorCheckForm);
        Console.WriteLine($"FORM {OperatorCheckForm.FormId} registered {registered}, {CollectDb.Forms.Forms.Count} form(s), Ok = {OperatorCheckForm.Buttons.Ok}, {new OperatorCheckForm { Id = op.Id }.Id}");
        """;

    /// <summary>What <see cref="GoodProgram"/> prints about the form.</summary>
    public const string FormOutput = "FORM 5d1e7c2a-3f0b-4c8e-9a61-2b7d4e0f9c13 registered True, 1 form(s), Ok = 4631, OWN";

    public static string SchemaPath(PackagedFixture fixture) => Path.Combine(fixture.ConsumerDirectory, "Schemas", "operator.table.json");

    public static string FormPath(PackagedFixture fixture) => Path.Combine(fixture.ConsumerDirectory, "Schemas", "forms", "operator-check.form.json");

    /// <summary>Replaces the schema files (the table and the form) and the program.</summary>
    public static void Write(PackagedFixture fixture, string schema, string program)
    {
        var schemas = Path.Combine(fixture.ConsumerDirectory, "Schemas");
        if (Directory.Exists(schemas)) Directory.Delete(schemas, recursive: true);
        Directory.CreateDirectory(Path.Combine(schemas, "forms"));
        File.WriteAllText(SchemaPath(fixture), schema);
        File.WriteAllText(FormPath(fixture), Form);
        File.WriteAllText(Path.Combine(fixture.ConsumerDirectory, "Program.cs"), program);
    }
}
