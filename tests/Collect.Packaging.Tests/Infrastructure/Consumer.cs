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
        """;

    public static string SchemaPath(PackagedFixture fixture) => Path.Combine(fixture.ConsumerDirectory, "Schemas", "operator.table.json");

    /// <summary>Replaces the schema files and the program.</summary>
    public static void Write(PackagedFixture fixture, string schema, string program)
    {
        var schemas = Path.Combine(fixture.ConsumerDirectory, "Schemas");
        if (Directory.Exists(schemas)) Directory.Delete(schemas, recursive: true);
        Directory.CreateDirectory(schemas);
        File.WriteAllText(SchemaPath(fixture), schema);
        File.WriteAllText(Path.Combine(fixture.ConsumerDirectory, "Program.cs"), program);
    }
}
