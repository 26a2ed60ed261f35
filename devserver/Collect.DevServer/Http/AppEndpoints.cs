using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Collect.Codegen.Model;
using Collect.DevServer.Data;
using Collect.DevServer.Files;
using Collect.DevServer.Plans;
using Collect.DevServer.Reports;
using Collect.DevServer.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Collect.DevServer.Http;

/// <summary>The application endpoints: forms, report, contact plans, upload and download.</summary>
internal static class AppEndpoints
{
    public const string Forms = "/api/v1/collect/ui/forms/{formid}";
    public const string Report = "/api/v1/collect/app/report";
    public const string RunPlan = "/api/v1/collect/app/runplan";
    public const string Upload = "/api/v1/collect/app/upload";
    public const string Download = "/api/v1/collect/app/download";

    /// <summary>The record types files can be uploaded to (the docs name Client, Debtor and Operator).</summary>
    public static readonly string[] UploadTables = ["debtor", "client", "nx_operator"];

    private const int MaxJsonPartBytes = 64 * 1024;
    private const int MaxReportRows = 1000;

    public static void Map(IEndpointRouteBuilder routes, ServerState state)
    {
        routes.MapGet(Forms, context => FormAsync(context, state));
        routes.MapPost(Report, context => ReportAsync(context, state));
        routes.MapPost(RunPlan, context => RunPlanAsync(context, state));
        routes.MapPost(Upload, context => UploadAsync(context, state));
        routes.MapGet(Download, context => DownloadAsync(context, state));
    }

    private static Task FormAsync(HttpContext context, ServerState state)
    {
        Caller.Authenticate(context, state);
        var id = (string)context.Request.RouteValues["formid"]!;
        var form = state.Schema.Forms.GetValueOrDefault(id) ?? throw ApiException.NotFound($"Unknown form '{ColumnValues.Excerpt(id)}'.");
        return Json.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("status", 200);
            w.WriteStartObject("result");
            w.WriteString("name", form.Name);
            w.WriteString("id", form.FormId);
            w.WriteNumber("width", 86);
            w.WriteNumber("height", form.Fields.Count + 2);
            w.WriteString("rights", "rw");
            if (form.Table is not null) w.WriteString("table", form.Table.Name);
            w.WriteStartArray("fields");
            foreach (var field in form.Fields)
            {
                w.WriteStartObject();
                w.WriteString("name", field.Column.Name);
                w.WriteString("label", field.Label);
                w.WriteString("type", field.Column.TypeName);
                w.WriteNumber("length", Length(field.Column));
                w.WriteBoolean("readOnly", field.Column.ReadOnly);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("buttons");
            foreach (var button in form.Buttons)
            {
                w.WriteStartObject();
                w.WriteString("name", button.Caption);
                w.WriteNumber("value", button.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    // The display length of a field: its maxLength, or the width of its type's longest value.
    private static int Length(ServerColumn column) => column.MaxLength ?? column.Type switch
    {
        ColumnType.Int or ColumnType.Flags => 11,
        ColumnType.Long or ColumnType.RowId or ColumnType.Decimal or ColumnType.Money => 20,
        ColumnType.Bool => 1,
        ColumnType.Date => 10,
        ColumnType.Time => 8,
        ColumnType.DateTime => 19,
        _ => 255,
    };

    private static async Task ReportAsync(HttpContext context, ServerState state)
    {
        var caller = Caller.Authenticate(context, state);
        using var body = await Json.ReadObjectAsync(context, state.Options.MaxRequestBodyBytes).ConfigureAwait(false);
        var root = body.RootElement;
        var starton = Json.String(root, "starton")
            ?? throw ApiException.BadRequest("The dev server's report lists rows of a table: give \"starton\" (e.g. \"debtor\") and \"rowid\": [ ... ].");
        var table = state.Schema.Table(starton) ?? throw ApiException.BadRequest($"Unknown starton table '{ColumnValues.Excerpt(starton)}'.");
        if (!root.TryGetProperty("rowid", out var rowIdsElement) || rowIdsElement.ValueKind != JsonValueKind.Array)
            throw ApiException.BadRequest("\"rowid\" must be an array of row ids (even for one).");
        var rowIds = new List<long>();
        foreach (var element in rowIdsElement.EnumerateArray())
        {
            if (rowIds.Count == MaxReportRows) throw ApiException.BadRequest($"A report runs on at most {MaxReportRows} rows.");
            rowIds.Add(RowIdValue(element) ?? throw ApiException.BadRequest("\"rowid\" must hold row ids (numbers or strings of digits)."));
        }
        if (rowIds.Count == 0) throw ApiException.BadRequest("\"rowid\" is empty.");
        var destinations = new List<string>();
        var destinationText = root.TryGetProperty("destination", out var destinationElement) ? Json.String(root, "destination") : "SVG";
        if (destinationText is null) throw ApiException.BadRequest("\"destination\" must be a comma-separated string, e.g. \"SVG,CSV\".");
        foreach (var part in destinationText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var destination = part.ToUpperInvariant();
            if (destination is not ("SVG" or "CSV")) throw ApiException.BadRequest($"Unknown destination '{ColumnValues.Excerpt(part)}' (SVG and CSV are supported).");
            if (!destinations.Contains(destination)) destinations.Add(destination);
        }
        if (destinations.Count == 0) throw ApiException.BadRequest("\"destination\" names no destination (SVG, CSV).");
        var showMargins = root.TryGetProperty("showmargins", out var margins) && margins.ValueKind == JsonValueKind.True;
        var title = Json.String(root, "report") is { Length: > 0 } report ? report : $"{table.Name} listing";

        List<Row>? rows;
        await using (var read = await caller.Database.BeginReadAsync(context.RequestAborted).ConfigureAwait(false))
            rows = await RecordStore.GetManyAsync(read.Connection, read.Transaction, table, rowIds, context.RequestAborted).ConfigureAwait(false);
        if (rows is null) throw ApiException.NotFound($"A {table.Name} row of the report does not exist.");

        await Json.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("status", 200);
            w.WriteStartObject("result");
            foreach (var destination in destinations)
                w.WriteString(destination, destination == "SVG" ? ListingReport.Svg(title, table, rows, showMargins) : ListingReport.Csv(table, rows));
            w.WriteEndObject();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task RunPlanAsync(HttpContext context, ServerState state)
    {
        var caller = Caller.Authenticate(context, state);
        using var body = await Json.ReadObjectAsync(context, state.Options.MaxRequestBodyBytes).ConfigureAwait(false);
        var root = body.RootElement;
        var code = Json.String(root, "plan") ?? throw ApiException.BadRequest("Give the plan's code: {\"plan\": \"REV\", \"debtor\": 123, \"websocket-id\": \"...\"}.");
        var plan = state.Plans.Find(code) ?? throw ApiException.NotFound($"Unknown contact plan '{ColumnValues.Excerpt(code)}'.");
        var rowId = root.TryGetProperty(plan.Record.Name, out var target) ? RowIdValue(target) : null;
        if (rowId is null)
            throw ApiException.BadRequest($"Plan {plan.Code} runs on {plan.Record.Name} records: give \"{plan.Record.Name}\": <rowid>.");
        var socket = state.Sockets.Find(Json.String(root, "websocket-id"));
        var runner = new PlanRunner(state, caller, plan, rowId.Value, socket);
        await runner.RunAsync(context.RequestAborted).ConfigureAwait(false);
        // The docs: the plan's answer has no body.
        context.Response.StatusCode = 200;
        context.Response.ContentLength = 0;
    }

    private static async Task UploadAsync(HttpContext context, ServerState state)
    {
        var caller = Caller.Authenticate(context, state);
        Json.LimitBody(context, state.Options.MaxUploadBytes);
        var cancellationToken = context.RequestAborted;
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw ApiException.BadRequest("An upload is multipart/form-data: a \"json\" part, then a \"file\" part.");
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200) throw ApiException.BadRequest("The multipart body has no valid boundary.");
        // The body limit is Kestrel's (413); the reader itself only bounds part headers.
        var reader = new MultipartReader(boundary, context.Request.Body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = null };

        string? staged = null;
        try
        {
            var first = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
            if (first is null || PartName(first) != "json")
                throw ApiException.BadRequest("The first part of an upload must be the \"json\" part: {\"debtor\": 123, \"overwrite\": \"no\"}.");
            var jsonBytes = await Json.ReadLimitedAsync(first.Body, MaxJsonPartBytes).ConfigureAwait(false)
                ?? throw ApiException.BadRequest($"The \"json\" part is longer than {MaxJsonPartBytes} bytes.");
            if (!Json.TryParseObject(jsonBytes, out var document, out var error))
                throw ApiException.BadRequest($"The \"json\" part is {error}.");
            ServerTable table;
            long rowId;
            OverwriteMode overwrite;
            using (document)
                (table, rowId, overwrite) = ParseUploadJson(document!.RootElement, state);

            var second = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
            if (second is null || PartName(second) != "file")
                throw ApiException.BadRequest("The second part of an upload must be the \"file\" part.");
            var disposition = second.GetContentDispositionHeader();
            var fileName = disposition is null ? null
                : disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value
                : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
            if (FileStore.CheckName(fileName) is { } nameError) throw ApiException.BadRequest(nameError);

            Row row;
            await using (var read = await caller.Database.BeginReadAsync(cancellationToken).ConfigureAwait(false))
                row = await RecordStore.GetAsync(read.Connection, read.Transaction, table, rowId, cancellationToken).ConfigureAwait(false)
                    ?? throw DataEndpoints.RowNotFound(table, rowId);

            var folder = state.Files.RecordFolder(caller.Database.Name, table.Name, rowId);
            staged = await FileStore.StageAsync(folder, second.Body, cancellationToken).ConfigureAwait(false);
            if (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is not null)
                throw ApiException.BadRequest("An upload has exactly two parts: \"json\" and \"file\".");
            var stored = FileStore.Commit(staged, folder, fileName!, overwrite)
                ?? throw ApiException.Conflict(overwrite == OverwriteMode.Increment
                    ? $"'{fileName}' has no free numbered name in this {table.Name}'s folder: the name and its numbered names up to -{FileStore.MaxNumberedNames} are taken (or would be longer than a file name may be). Upload under another name."
                    : $"A file named '{fileName}' exists in this {table.Name}'s folder and overwrite is \"no\".");
            staged = null;

            var number = table.Column(table.Prefix + "number") is { } numberColumn ? row[numberColumn.Name] : null;
            await Json.WriteAsync(context, 200, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("status", 200);
                w.WriteStartObject("result");
                w.WriteString("recordType", table.Name);
                w.WriteString("fileName", stored);
                if (number is null) w.WriteNumber("fileNumber", rowId);
                else if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) w.WriteNumber("fileNumber", n);
                else w.WriteString("fileNumber", number);
                w.WriteEndObject();
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw ApiException.BadRequest("The multipart body is malformed: " + e.Message);
        }
        catch (IOException e) when (e.Message.Contains("Unexpected end of Stream", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiException.BadRequest("The multipart body ends early.");
        }
        finally
        {
            if (staged is not null) FileStore.Discard(staged);
        }
    }

    private static (ServerTable Table, long RowId, OverwriteMode Overwrite) ParseUploadJson(JsonElement json, ServerState state)
    {
        ServerTable? table = null;
        long rowId = 0;
        var overwrite = OverwriteMode.No;
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name == "overwrite")
            {
                overwrite = Json.String(json, "overwrite")?.ToLowerInvariant() switch
                {
                    "yes" => OverwriteMode.Yes,
                    "no" => OverwriteMode.No,
                    "inc" => OverwriteMode.Increment,
                    _ => throw ApiException.BadRequest("\"overwrite\" must be \"yes\", \"no\" or \"inc\"."),
                };
                continue;
            }
            var name = property.Name == "operator" ? "nx_operator" : property.Name;
            if (!UploadTables.Contains(name) || state.Schema.Table(name) is not { } candidate)
                throw ApiException.BadRequest($"Files are uploaded to debtor, client or nx_operator records; '{ColumnValues.Excerpt(property.Name)}' is not one.");
            if (table is not null) throw ApiException.BadRequest("The \"json\" part names more than one record.");
            table = candidate;
            rowId = RowIdValue(property.Value) ?? throw ApiException.BadRequest($"\"{property.Name}\" must be a row id.");
        }
        if (table is null) throw ApiException.BadRequest("The \"json\" part must name the record: {\"debtor\": 123, \"overwrite\": \"no\"}.");
        return (table, rowId, overwrite);
    }

    private static string? PartName(MultipartSection section)
    {
        var disposition = section.GetContentDispositionHeader();
        return disposition is null ? null : HeaderUtilities.RemoveQuotes(disposition.Name).Value;
    }

    private static async Task DownloadAsync(HttpContext context, ServerState state)
    {
        var caller = Caller.Authenticate(context, state);
        var query = context.Request.Query;
        var record = DataEndpoints.Single(query, "record") ?? throw ApiException.BadRequest("Give record=<table>&rowid=<rowid>.");
        var table = state.Schema.Table(record) ?? throw ApiException.NotFound($"Unknown table '{ColumnValues.Excerpt(record)}'.");
        var rowId = DataEndpoints.ParseRowId(DataEndpoints.Single(query, "rowid") ?? throw ApiException.BadRequest("Give rowid=<rowid>."));
        var file = DataEndpoints.Single(query, "file");
        var field = DataEndpoints.Single(query, "field");

        Row row;
        await using (var read = await caller.Database.BeginReadAsync(context.RequestAborted).ConfigureAwait(false))
            row = await RecordStore.GetAsync(read.Connection, read.Transaction, table, rowId, context.RequestAborted).ConfigureAwait(false)
                ?? throw DataEndpoints.RowNotFound(table, rowId);

        string? path;
        string name;
        if (file is not null)
        {
            if (FileStore.CheckName(file) is { } error) throw ApiException.BadRequest(error);
            name = file;
            path = FileStore.Inside(state.Files.RecordFolder(caller.Database.Name, table.Name, rowId), file);
        }
        else
        {
            var fileColumns = table.FileColumns.ToList();
            if (fileColumns.Count == 0)
                throw ApiException.BadRequest($"{table.Name} has no file column; download a file uploaded to the record with file=<fileName>.");
            ServerColumn column;
            if (field is null || fileColumns.Count == 1)
            {
                column = fileColumns[0];
            }
            else
            {
                column = table.Column(field) is { Type: ColumnType.File } named
                    ? named
                    : throw ApiException.BadRequest($"'{ColumnValues.Excerpt(field)}' is not a file column of {table.Name} ({string.Join(", ", fileColumns.Select(c => c.Name))}).");
            }
            name = row[column.Name]!;
            if (name.Length == 0) throw ApiException.NotFound($"{column.Name} of this {table.Name} holds no file.");
            if (FileStore.CheckName(name) is { } error) throw ApiException.BadRequest($"{column.Name} holds a name that is not a plain file name: {error}");
            path = FindAttachedFile(state, caller.Database.Name, table, row, rowId, name);
        }
        if (path is null || !File.Exists(path)) throw ApiException.NotFound($"The file '{name}' does not exist.");

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/octet-stream";
        response.ContentLength = new FileInfo(path).Length;
        var contentDisposition = new ContentDispositionHeaderValue("attachment");
        contentDisposition.SetHttpFileName(name);
        response.Headers.ContentDisposition = contentDisposition.ToString();
        await response.SendFileAsync(path, context.RequestAborted).ConfigureAwait(false);
    }

    // A file column names a file in the folder of the record the row belongs to (the parent its first
    // set link column points at, e.g. an attachment's debtor), or else in the row's own folder.
    private static string? FindAttachedFile(ServerState state, string database, ServerTable table, Row row, long rowId, string name)
    {
        var folders = new List<string>();
        foreach (var link in table.Columns.Where(c => c.References is not null && !c.IsRowId))
        {
            if (row[link.Name] is { Length: > 0 } value && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
                folders.Add(state.Files.RecordFolder(database, link.References!, parent));
        }
        folders.Add(state.Files.RecordFolder(database, table.Name, rowId));
        return folders.Select(f => FileStore.Inside(f, name)).FirstOrDefault(p => p is not null && File.Exists(p));
    }

    private static long? RowIdValue(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Number) return element.TryGetInt64(out var number) && number >= 0 ? number : null;
        if (element.ValueKind == JsonValueKind.String && ColumnValues.TryParseDigits(ColumnValues.FromJson(element), out var parsed)) return parsed;
        return null;
    }
}
