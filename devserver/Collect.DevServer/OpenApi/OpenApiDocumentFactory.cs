using System.Collections.Generic;
using System.Linq;
using Collect.Codegen.Model;
using Collect.DevServer.Http;
using Collect.DevServer.Plans;
using Collect.DevServer.Schema;
using NJsonSchema;
using NSwag;

namespace Collect.DevServer.OpenApi;

/// <summary>
/// The OpenAPI 3 document of the server, built with NSwag.Core from the schema set: every endpoint,
/// one schema per table (all values strings, as the API sends them), the Bearer scheme and the
/// <c>x-collect-database</c> header on every operation.
/// </summary>
internal static class OpenApiDocumentFactory
{
    private const string Bearer = "Bearer";

    public static string Build(ServerSchema schema, PlanCatalog plans)
    {
        var document = new OpenApiDocument
        {
            SchemaType = SchemaType.OpenApi3,
            Info = new OpenApiInfo
            {
                Title = "Collect! REST API (dev server)",
                Version = "1.0.0",
                Description = "The Collect! v13 REST API as the Collect Codegen dev server serves it, built from the schema files. " +
                    "Sign in with POST /api/v1/auth/login (seeded operators OWN/own, SYS/sys, MGR/mgr, SC/sc) and send the access token as a Bearer token. " +
                    "Web socket prompts: ws://<host>/websocket." +
                    (plans.All.Any() ? " Contact plans: " + string.Join(", ", plans.All.Select(p => p.Code)) + "." : ""),
            },
        };
        document.SecurityDefinitions[Bearer] = new OpenApiSecurityScheme
        {
            Type = OpenApiSecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The access_token of /api/v1/auth/login or /api/v1/auth/refresh.",
        };

        var error = Define(document, "Error", new JsonSchema
        {
            Type = JsonObjectType.Object,
            Description = "A failure: the HTTP status and a message.",
            Properties =
            {
                ["status"] = new JsonSchemaProperty { Type = JsonObjectType.Integer },
                ["message"] = new JsonSchemaProperty { Type = JsonObjectType.String },
            },
        });
        var type = Define(document, "RecordType", new JsonSchema
        {
            Type = JsonObjectType.Object,
            Properties =
            {
                ["recId"] = new JsonSchemaProperty { Type = JsonObjectType.String, Description = "The table." },
                ["rowId"] = new JsonSchemaProperty { Type = JsonObjectType.String, Description = "The table's row-id column." },
                ["numRecords"] = new JsonSchemaProperty { Type = JsonObjectType.Integer, Description = "Lists: the number of matching rows." },
                ["numPages"] = new JsonSchemaProperty { Type = JsonObjectType.Integer, Description = "Lists: the number of pages." },
            },
        });
        var plain = Define(document, "Answer", new JsonSchema
        {
            Type = JsonObjectType.Object,
            Properties = { ["status"] = new JsonSchemaProperty { Type = JsonObjectType.Integer }, ["result"] = new JsonSchemaProperty { Type = JsonObjectType.Object } },
        });

        var login = Define(document, "LoginRequest", new JsonSchema
        {
            Type = JsonObjectType.Object,
            RequiredProperties = { "op_id", "op_password" },
            Properties = { ["op_id"] = Text("The operator id, e.g. OWN."), ["op_password"] = Text("The operator's password.") },
        });
        var refresh = Define(document, "RefreshRequest", new JsonSchema
        {
            Type = JsonObjectType.Object,
            RequiredProperties = { "refresh_token" },
            Properties = { ["refresh_token"] = Text("A refresh token (each works once).") },
        });
        var operatorRow = schema.Table("nx_operator") is { } operators ? RowSchema(document, operators) : null;
        var tokens = Define(document, "LoginAnswer", new JsonSchema
        {
            Type = JsonObjectType.Object,
            Properties =
            {
                ["status"] = new JsonSchemaProperty { Type = JsonObjectType.Integer },
                ["result"] = new JsonSchemaProperty
                {
                    Type = JsonObjectType.Object,
                    Properties =
                    {
                        ["nx_operator"] = operatorRow is null ? new JsonSchemaProperty { Type = JsonObjectType.Object } : new JsonSchemaProperty { Reference = operatorRow },
                        ["access_token"] = Text("The Bearer token (JWT-shaped, with exp)."),
                        ["refresh_token"] = Text("Trade it at /api/v1/auth/refresh for new tokens."),
                    },
                },
            },
        });

        Add(document, AuthEndpoints.Login, OpenApiOperationMethod.Post, Operation("Login", "Signs in an operator.", "auth", secured: false,
            body: login, responses: [("200", "Signed in.", tokens), ("401", "Wrong operator id or password, or unknown database.", error)]));
        Add(document, AuthEndpoints.Refresh, OpenApiOperationMethod.Post, Operation("Refresh", "Trades a refresh token for new tokens.", "auth", secured: false,
            body: refresh, responses: [("200", "New tokens.", tokens), ("401", "Unknown, used or expired refresh token.", error)]));

        foreach (var table in schema.Tables.Values.OrderBy(t => t.Name, System.StringComparer.Ordinal))
            AddTable(document, table, error, type);

        AddApplication(document, schema, error, plain);
        return document.ToJson();
    }

    private static void AddTable(OpenApiDocument document, ServerTable table, JsonSchema error, JsonSchema type)
    {
        var row = RowSchema(document, table);
        var name = row.Title!;
        var single = Define(document, name + "Answer", Envelope(type, new JsonSchemaProperty { Reference = row }));
        var list = ListSchema(document, table, type);
        var create = Define(document, name + "Create", new JsonSchema
        {
            Type = JsonObjectType.Object,
            Properties =
            {
                ["business-logic"] = new JsonSchemaProperty
                {
                    Type = JsonObjectType.Integer, Minimum = 0, Maximum = 4,
                    Description = "0 insert only (default), 1 pre-logic staging (nothing saved), 2 pre-logic only, 3 post-logic only, 4 full logic.",
                },
                ["data"] = new JsonSchemaProperty { Reference = row },
            },
        });
        var update = Define(document, name + "Update", new JsonSchema
        {
            Type = JsonObjectType.Object,
            RequiredProperties = { "data" },
            Properties = { ["data"] = new JsonSchemaProperty { Reference = row, Description = "Only the columns to change (not the row id)." } },
        });
        var deleted = Define(document, name + "Deleted", new JsonSchema
        {
            Type = JsonObjectType.Object,
            Properties = { ["status"] = new JsonSchemaProperty { Type = JsonObjectType.Integer }, ["type"] = new JsonSchemaProperty { Reference = type } },
        });
        var counts = Define(document, name + "Counts", Envelope(type, new JsonSchemaProperty
        {
            Type = JsonObjectType.Array,
            Item = new JsonSchema
            {
                Type = JsonObjectType.Object,
                Properties = { ["recId"] = Text("A child table."), ["numRecords"] = new JsonSchemaProperty { Type = JsonObjectType.Integer } },
            },
        }));

        var path = DataEndpoints.Base + "/" + table.Name;
        var tag = table.Name;
        var readErrors = new List<(string, string, JsonSchema?)> { ("400", "Bad parameters.", error), ("401", "Not signed in, or not for this database.", error), ("404", "Unknown row.", error) };
        Add(document, path, OpenApiOperationMethod.Get, Operation("List" + name, $"Reads a page of {table.Name} rows.", tag, parameters: ListParameters(),
            responses: [("200", "One page of rows.", list), .. readErrors]));
        Add(document, path + "/{rowid}", OpenApiOperationMethod.Get, Operation("Get" + name, $"Reads one {table.Name} row.", tag,
            parameters: [RowIdParameter(), Query("fields", "Comma-separated columns (the row id is always returned).")],
            responses: [("200", "The row.", single), .. readErrors]));
        Add(document, path + "/{rowid}/counts", OpenApiOperationMethod.Get, Operation("Count" + name + "SubRecords", $"Counts the sub-records of one {table.Name} row.", tag,
            parameters: [RowIdParameter()], responses: [("200", "One count per child table.", counts), .. readErrors]));
        foreach (var child in table.Children)
        {
            var childList = ListSchema(document, child.Table, type);
            Add(document, path + "/{rowid}/" + child.Table.Name, OpenApiOperationMethod.Get, Operation(
                "List" + name + RowSchema(document, child.Table).Title + "SubRecords", $"Reads the {child.Table.Name} rows of one {table.Name} row (linked by {string.Join(", ", child.LinkColumns.Select(l => l.Name))}).", tag,
                parameters: [RowIdParameter(), .. ListParameters()], responses: [("200", "One page of rows.", childList), .. readErrors]));
        }
        var writeErrors = new List<(string, string, JsonSchema?)> { ("400", "Unknown column or bad value.", error), ("401", "Not signed in, or not for this database.", error) };
        if (table.ApiReadOnly)
            writeErrors.Add(("405", $"{table.Name} is read-only.", error));
        writeErrors.Add(("503", "The database's write lock stayed taken for the whole write wait (see Retry-After).", error));
        var createErrors = table.Column(table.Prefix + "number") is { Type: ColumnType.Int or ColumnType.Long } number
            ? [.. writeErrors, ("409", $"Pre-logic found no next {number.Name}: the column's type is used up.", error)]
            : writeErrors;
        Add(document, path, OpenApiOperationMethod.Post, Operation("Create" + name, $"Creates a {table.Name} row.", tag, body: create,
            responses: [("200", "The stored row (staging: the staged row, not saved).", single), .. createErrors]));
        Add(document, path + "/{rowid}", OpenApiOperationMethod.Patch, Operation("Update" + name, $"Sets the given columns of one {table.Name} row.", tag,
            parameters: [RowIdParameter()], body: update, responses: [("200", "The whole updated row.", single), .. writeErrors, ("404", "Unknown row.", error)]));
        Add(document, path + "/{rowid}", OpenApiOperationMethod.Delete, Operation("Delete" + name, $"Deletes one {table.Name} row (its sub-records stay).", tag,
            parameters: [RowIdParameter()], responses: [("200", "Deleted.", deleted), .. writeErrors, ("404", "Unknown row.", error)]));
    }

    private static void AddApplication(OpenApiDocument document, ServerSchema schema, JsonSchema error, JsonSchema plain)
    {
        var errors = new List<(string, string, JsonSchema?)> { ("400", "Bad request.", error), ("401", "Not signed in, or not for this database.", error), ("404", "Not found.", error) };
        Add(document, AppEndpoints.Forms, OpenApiOperationMethod.Get, Operation("GetForm", "Reads a UI form's structure: fields and button values. Forms: " +
            string.Join(", ", schema.Forms.Values.Select(f => $"{f.FormId} ({f.Name})")) + ".", "app",
            parameters: [new OpenApiParameter { Name = "formid", Kind = OpenApiParameterKind.Path, IsRequired = true, Schema = new JsonSchema { Type = JsonObjectType.String } }],
            responses: [("200", "The form.", plain), .. errors]));

        var report = Define(document, "ReportRequest", new JsonSchema
        {
            Type = JsonObjectType.Object,
            RequiredProperties = { "starton", "rowid" },
            Properties =
            {
                ["report"] = Text("A title for the listing."),
                ["script"] = Text("Accepted and ignored by the dev server."),
                ["starton"] = Text("The table to list, e.g. debtor."),
                ["rowid"] = new JsonSchemaProperty { Type = JsonObjectType.Array, Item = new JsonSchema { Type = JsonObjectType.Integer } },
                ["websocket-id"] = Text("Accepted; the listing never prompts."),
                ["destination"] = Text("Comma-separated: SVG, CSV (default SVG)."),
                ["showmargins"] = new JsonSchemaProperty { Type = JsonObjectType.Boolean },
            },
        });
        Add(document, AppEndpoints.Report, OpenApiOperationMethod.Post, Operation("RunReport", "Lists rows of a table as SVG and/or CSV.", "app", body: report,
            responses: [("200", "{\"status\":200,\"result\":{\"SVG\":\"...\",\"CSV\":\"...\"}}", plain), .. errors]));

        var runPlan = Define(document, "RunPlanRequest", new JsonSchema
        {
            Type = JsonObjectType.Object,
            RequiredProperties = { "plan" },
            Properties =
            {
                ["plan"] = Text("The plan's code (cp_code), e.g. REV."),
                ["debtor"] = new JsonSchemaProperty { Type = JsonObjectType.Integer, Description = "The row id of the record the plan runs on (the key is the plan's record type)." },
                ["websocket-id"] = Text("The id of the caller's open web socket (its key message)."),
            },
        });
        Add(document, AppEndpoints.RunPlan, OpenApiOperationMethod.Post, Operation("RunPlan", "Runs a contact plan; answers when it has finished (prompts go over the web socket).", "app",
            body: runPlan, responses: [("200", "Finished (or ended by an answer); empty body.", null), .. errors,
                ("408", "A prompt was not answered in time; rolled back.", error), ("409", "The plan needed a web socket and had none; rolled back.", error),
                ("503", "The database's write lock stayed taken for the whole write wait; rolled back.", error)]));

        var upload = new OpenApiOperation { OperationId = "Upload", Summary = "Uploads one file into a debtor's, client's or operator's folder.", Tags = { "app" } };
        Secure(upload);
        upload.Parameters.Add(DatabaseHeader());
        upload.RequestBody = new OpenApiRequestBody { IsRequired = true };
        upload.RequestBody.Content["multipart/form-data"] = new OpenApiMediaType
        {
            Schema = new JsonSchema
            {
                Type = JsonObjectType.Object,
                Properties =
                {
                    ["json"] = Text("First part: {\"debtor\": 123, \"overwrite\": \"yes|no|inc\"}."),
                    ["file"] = new JsonSchemaProperty { Type = JsonObjectType.String, Format = "binary" },
                },
            },
        };
        Responses(upload, [("200", "{\"status\":200,\"result\":{\"recordType\",\"fileName\",\"fileNumber\"}}", plain), .. errors,
            ("409", "The name exists and overwrite is no, or inc found no free numbered name.", error), ("413", "The upload is too large.", error)]);
        Add(document, AppEndpoints.Upload, OpenApiOperationMethod.Post, upload);

        var download = Operation("Download", "Downloads a file: a file column's file (field=...), or a file uploaded into the record's folder (file=...).", "app",
            parameters: [Query("record", "The table.", true), Query("rowid", "The row id.", true), Query("field", "The file column (attachment tables)."), Query("file", "A file name from an upload.")],
            responses: [.. errors]);
        var ok = new OpenApiResponse { Description = "The file, with a Content-Disposition file name." };
        ok.Content["application/octet-stream"] = new OpenApiMediaType { Schema = new JsonSchema { Type = JsonObjectType.String, Format = "binary" } };
        download.Responses["200"] = ok;
        Add(document, AppEndpoints.Download, OpenApiOperationMethod.Get, download);
    }

    private static JsonSchema RowSchema(OpenApiDocument document, ServerTable table)
    {
        var name = TypeName(table);
        if (document.Definitions.TryGetValue(name, out var existing)) return existing;
        var row = new JsonSchema { Type = JsonObjectType.Object, Title = name, Description = table.Description };
        foreach (var column in table.Columns)
        {
            row.Properties[column.Name] = new JsonSchemaProperty
            {
                Type = JsonObjectType.String,
                Description = $"{column.TypeName}{(column.References is null ? "" : " -> " + column.References)}. {column.Description}".Trim(),
                MaxLength = column.MaxLength,
                Format = column.Type switch { ColumnType.Date => "date", ColumnType.Time => "time", ColumnType.DateTime => "date-time", _ => null },
                IsReadOnly = column.ReadOnly,
            };
        }
        document.Definitions[name] = row;
        return row;
    }

    // One list envelope per table, made on first use (a parent's sub-record list may come first).
    private static JsonSchema ListSchema(OpenApiDocument document, ServerTable table, JsonSchema type)
    {
        var row = RowSchema(document, table);
        var name = row.Title + "List";
        return document.Definitions.TryGetValue(name, out var existing)
            ? existing
            : Define(document, name, Envelope(type, new JsonSchemaProperty { Type = JsonObjectType.Array, Item = new JsonSchema { Reference = row } }));
    }

    private static string TypeName(ServerTable table) =>
        string.Concat(table.Name.Split('_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static JsonSchema Envelope(JsonSchema type, JsonSchemaProperty data) => new()
    {
        Type = JsonObjectType.Object,
        Properties =
        {
            ["status"] = new JsonSchemaProperty { Type = JsonObjectType.Integer },
            ["type"] = new JsonSchemaProperty { Reference = type },
            ["data"] = data,
        },
    };

    private static JsonSchema Define(OpenApiDocument document, string name, JsonSchema schema)
    {
        document.Definitions[name] = schema;
        return schema;
    }

    private static JsonSchemaProperty Text(string description) => new() { Type = JsonObjectType.String, Description = description };

    private static OpenApiOperation Operation(string id, string summary, string tag, bool secured = true, JsonSchema? body = null,
        IEnumerable<OpenApiParameter>? parameters = null, IEnumerable<(string Status, string Description, JsonSchema? Schema)>? responses = null)
    {
        var operation = new OpenApiOperation { OperationId = id, Summary = summary };
        operation.Tags.Add(tag);
        if (secured) Secure(operation);
        foreach (var parameter in parameters ?? []) operation.Parameters.Add(parameter);
        operation.Parameters.Add(DatabaseHeader());
        if (body is not null)
        {
            operation.RequestBody = new OpenApiRequestBody { IsRequired = true };
            operation.RequestBody.Content["application/json"] = new OpenApiMediaType { Schema = new JsonSchema { Reference = body } };
        }
        Responses(operation, responses ?? []);
        return operation;
    }

    private static void Responses(OpenApiOperation operation, IEnumerable<(string Status, string Description, JsonSchema? Schema)> responses)
    {
        foreach (var (status, description, schema) in responses)
        {
            var response = new OpenApiResponse { Description = description };
            if (schema is not null) response.Content["application/json"] = new OpenApiMediaType { Schema = new JsonSchema { Reference = schema } };
            operation.Responses[status] = response;
        }
    }

    private static void Secure(OpenApiOperation operation) =>
        operation.Security = new List<OpenApiSecurityRequirement> { new() { [Bearer] = [] } };

    private static void Add(OpenApiDocument document, string path, string method, OpenApiOperation operation)
    {
        if (!document.Paths.TryGetValue(path, out var item))
        {
            item = new OpenApiPathItem();
            document.Paths[path] = item;
        }
        item[method] = operation;
    }

    private static OpenApiParameter DatabaseHeader() => new()
    {
        Name = Caller.DatabaseHeader,
        Kind = OpenApiParameterKind.Header,
        IsRequired = false,
        Description = "The Collect! database (cv_<name>); default cv_masterdb. Tokens are valid for the database they were issued for.",
        Schema = new JsonSchema { Type = JsonObjectType.String },
    };

    private static OpenApiParameter RowIdParameter() => new()
    {
        Name = "rowid",
        Kind = OpenApiParameterKind.Path,
        IsRequired = true,
        Description = "The row id.",
        Schema = new JsonSchema { Type = JsonObjectType.Integer, Format = "int64" },
    };

    private static OpenApiParameter Query(string name, string description, bool required = false) => new()
    {
        Name = name,
        Kind = OpenApiParameterKind.Query,
        IsRequired = required,
        Description = description,
        Schema = new JsonSchema { Type = JsonObjectType.String },
    };

    private static OpenApiParameter[] ListParameters() =>
    [
        Query("filter", "Comma-separated conditions column[__op]=value; ops __ne __gt __gte __lt __lte __like __nlike __in __nin; quote values with , ( ) ' or edge spaces as '...'."),
        Query("fields", "Comma-separated columns (the row id is always returned)."),
        Query("sort", "Comma-separated columns; a leading - sorts descending."),
        new OpenApiParameter { Name = "limit", Kind = OpenApiParameterKind.Query, Description = "Rows per page: default 100, at most 1000 (larger values are capped).", Schema = new JsonSchema { Type = JsonObjectType.Integer } },
        new OpenApiParameter { Name = "page", Kind = OpenApiParameterKind.Query, Description = "The page, from 1.", Schema = new JsonSchema { Type = JsonObjectType.Integer } },
    ];
}
