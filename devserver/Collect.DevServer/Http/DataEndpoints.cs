using System;
using Collect.Runtime;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Collect.DevServer.Data;
using Collect.DevServer.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Collect.DevServer.Http;

/// <summary>The data endpoints: <c>/api/v1/collect/data/{table}[/{rowid}[/counts|/{child}]]</c>.</summary>
internal static class DataEndpoints
{
    public const string Base = "/api/v1/collect/data";
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder routes, ServerState state)
    {
        routes.MapGet(Base + "/{table}", context => ListAsync(context, state));
        routes.MapPost(Base + "/{table}", context => CreateAsync(context, state));
        routes.MapGet(Base + "/{table}/{rowid}", context => GetAsync(context, state));
        routes.MapMethods(Base + "/{table}/{rowid}", ["PATCH"], context => UpdateAsync(context, state));
        routes.MapDelete(Base + "/{table}/{rowid}", context => DeleteAsync(context, state));
        routes.MapGet(Base + "/{table}/{rowid}/counts", context => CountsAsync(context, state));
        routes.MapGet(Base + "/{table}/{rowid}/{child}", context => SubRecordsAsync(context, state));
    }

    private static async Task ListAsync(HttpContext context, ServerState state)
    {
        var caller = Caller.Authenticate(context, state);
        var table = Table(context, state);
        var query = ParseListQuery(context.Request.Query, table);
        await using var read = await caller.Database.BeginReadAsync(context.RequestAborted).ConfigureAwait(false);
        var (rows, total) = await RecordStore.ListAsync(read.Connection, read.Transaction, table, query, null, context.RequestAborted).ConfigureAwait(false);
        await Json.WriteAsync(context, 200, w => RowJson.WriteList(w, table, rows, total, query.Limit)).ConfigureAwait(false);
    }

    private static async Task GetAsync(HttpContext context, ServerState state)
    {
        var caller = Caller.Authenticate(context, state);
        var table = Table(context, state);
        var rowId = RowIdOf(context);
        var fields = Single(context.Request.Query, "fields") is { Length: > 0 } text ? ParseFields(text, table) : table.Columns;
        await using var read = await caller.Database.BeginReadAsync(context.RequestAborted).ConfigureAwait(false);
        var row = await RecordStore.GetAsync(read.Connection, read.Transaction, table, rowId, context.RequestAborted, fields).ConfigureAwait(false)
            ?? throw RowNotFound(table, rowId);
        await Json.WriteAsync(context, 200, w => RowJson.WriteSingle(w, table, row)).ConfigureAwait(false);
    }

    private static async Task CountsAsync(HttpContext context, ServerState state)
    {
        var caller = Caller.Authenticate(context, state);
        var table = Table(context, state);
        var rowId = RowIdOf(context);
        await using var read = await caller.Database.BeginReadAsync(context.RequestAborted).ConfigureAwait(false);
        if (!await RecordStore.ExistsAsync(read.Connection, read.Transaction, table, rowId, context.RequestAborted).ConfigureAwait(false))
            throw RowNotFound(table, rowId);
        var counts = new List<(string Table, long Count)>();
        foreach (var child in table.Children)
            counts.Add((child.Table.Name, await RecordStore.CountChildrenAsync(read.Connection, read.Transaction, child, rowId, context.RequestAborted).ConfigureAwait(false)));
        await Json.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("status", 200);
            RowJson.WriteType(w, table);
            w.WriteStartArray("data");
            foreach (var (name, count) in counts)
            {
                w.WriteStartObject();
                w.WriteString("recId", name);
                w.WriteNumber("numRecords", count);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task SubRecordsAsync(HttpContext context, ServerState state)
    {
        var caller = Caller.Authenticate(context, state);
        var table = Table(context, state);
        var rowId = RowIdOf(context);
        var childName = (string)context.Request.RouteValues["child"]!;
        var child = table.Child(childName)
            ?? throw ApiException.NotFound(state.Schema.Table(childName) is null
                ? $"Unknown sub-record table '{ColumnValues.Excerpt(childName)}'."
                : $"{childName} is not a sub-record of {table.Name} (no {childName} column references {table.Name}).");
        var query = ParseListQuery(context.Request.Query, child.Table);
        await using var read = await caller.Database.BeginReadAsync(context.RequestAborted).ConfigureAwait(false);
        if (!await RecordStore.ExistsAsync(read.Connection, read.Transaction, table, rowId, context.RequestAborted).ConfigureAwait(false))
            throw RowNotFound(table, rowId);
        var (rows, total) = await RecordStore.ListAsync(read.Connection, read.Transaction, child.Table, query, (child.LinkColumns, rowId), context.RequestAborted).ConfigureAwait(false);
        await Json.WriteAsync(context, 200, w => RowJson.WriteList(w, child.Table, rows, total, query.Limit)).ConfigureAwait(false);
    }

    private static async Task CreateAsync(HttpContext context, ServerState state)
    {
        var caller = Caller.Authenticate(context, state);
        var table = WritableTable(context, state);
        using var body = await Json.ReadObjectAsync(context, state.Options.MaxRequestBodyBytes).ConfigureAwait(false);
        var mode = ParseMode(body.RootElement);
        var values = ParseData(body.RootElement, table, creating: true);
        var cancellationToken = context.RequestAborted;

        Row row;
        if (mode == BusinessLogic.PreLogicStaging)
        {
            // Staging: pre-logic on a virtual row that is answered, never saved (its row id is empty).
            await using var read = await caller.Database.BeginReadAsync(cancellationToken).ConfigureAwait(false);
            await BusinessRules.ApplyPreLogicAsync(read.Connection, read.Transaction, table, values, reserve: false, cancellationToken).ConfigureAwait(false);
            row = new Row(table.Columns, table.Columns.Select(c => c.IsRowId ? "" : values.GetValueOrDefault(c.Name, "")).ToArray());
        }
        else
        {
            await using var write = await caller.Database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
            row = await InsertAsync(write, table, values, mode, caller.Identity.OperatorId, state.LocalNow, cancellationToken).ConfigureAwait(false);
            await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        await Json.WriteAsync(context, 200, w => RowJson.WriteSingle(w, table, row)).ConfigureAwait(false);
    }

    /// <summary>Inserts a row with the given business logic inside a write; returns the stored row.</summary>
    internal static async Task<Row> InsertAsync(WriteScope write, ServerTable table, Dictionary<string, string> values, BusinessLogic mode,
        string operatorId, DateTimeOffset localNow, System.Threading.CancellationToken cancellationToken)
    {
        if (BusinessRules.RunsPreLogic(mode))
            await BusinessRules.ApplyPreLogicAsync(write.Connection, write.Transaction, table, values, reserve: true, cancellationToken).ConfigureAwait(false);
        var rowId = await RecordStore.InsertAsync(write.Connection, write.Transaction, table, values, cancellationToken).ConfigureAwait(false);
        var row = (await RecordStore.GetAsync(write.Connection, write.Transaction, table, rowId, cancellationToken).ConfigureAwait(false))!;
        if (BusinessRules.RunsPostLogic(mode))
        {
            var post = BusinessRules.PostLogicValues(table, row, operatorId, localNow);
            if (post.Count > 0)
            {
                await RecordStore.UpdateAsync(write.Connection, write.Transaction, table, rowId, post, cancellationToken).ConfigureAwait(false);
                row = (await RecordStore.GetAsync(write.Connection, write.Transaction, table, rowId, cancellationToken).ConfigureAwait(false))!;
            }
        }
        return row;
    }

    private static async Task UpdateAsync(HttpContext context, ServerState state)
    {
        var caller = Caller.Authenticate(context, state);
        var table = WritableTable(context, state);
        var rowId = RowIdOf(context);
        using var body = await Json.ReadObjectAsync(context, state.Options.MaxRequestBodyBytes).ConfigureAwait(false);
        var values = ParseData(body.RootElement, table, creating: false);
        var cancellationToken = context.RequestAborted;
        await using var write = await caller.Database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        // One transaction that sets only the given columns: concurrent updates of other columns are kept.
        if (!await RecordStore.UpdateAsync(write.Connection, write.Transaction, table, rowId, values, cancellationToken).ConfigureAwait(false))
            throw RowNotFound(table, rowId);
        var row = (await RecordStore.GetAsync(write.Connection, write.Transaction, table, rowId, cancellationToken).ConfigureAwait(false))!;
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        await Json.WriteAsync(context, 200, w => RowJson.WriteSingle(w, table, row)).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext context, ServerState state)
    {
        var caller = Caller.Authenticate(context, state);
        var table = WritableTable(context, state);
        var rowId = RowIdOf(context);
        var cancellationToken = context.RequestAborted;
        await using (var write = await caller.Database.BeginWriteAsync(cancellationToken).ConfigureAwait(false))
        {
            // No cascade: child rows keep their link column (CONTRACT.md).
            if (!await RecordStore.DeleteAsync(write.Connection, write.Transaction, table, rowId, cancellationToken).ConfigureAwait(false))
                throw RowNotFound(table, rowId);
            await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        await Json.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("status", 200);
            RowJson.WriteType(w, table);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    internal static ServerTable Table(HttpContext context, ServerState state)
    {
        var name = (string)context.Request.RouteValues["table"]!;
        return state.Schema.Table(name) ?? throw ApiException.NotFound($"Unknown table '{ColumnValues.Excerpt(name)}'.");
    }

    private static ServerTable WritableTable(HttpContext context, ServerState state)
    {
        var table = Table(context, state);
        if (table.ApiReadOnly)
        {
            context.Response.Headers.Allow = "GET";
            throw ApiException.MethodNotAllowed($"The API exposes {table.Name} read-only: it cannot be created, updated or deleted.");
        }
        return table;
    }

    internal static long RowIdOf(HttpContext context) => ParseRowId((string)context.Request.RouteValues["rowid"]!);

    internal static long ParseRowId(string text) =>
        ColumnValues.TryParseDigits(text, out var rowId)
            ? rowId
            : throw ApiException.BadRequest($"'{ColumnValues.Excerpt(text)}' is not a row id (digits).");


    internal static ApiException RowNotFound(ServerTable table, long rowId) =>
        ApiException.NotFound($"There is no {table.Name} row with {table.RowIdColumnName} {rowId.ToString(CultureInfo.InvariantCulture)}.");

    private static BusinessLogic ParseMode(JsonElement body)
    {
        if (!body.TryGetProperty("business-logic", out var mode) || mode.ValueKind == JsonValueKind.Null) return BusinessLogic.InsertOnly;
        var text = mode.ValueKind switch
        {
            JsonValueKind.Number => mode.GetRawText(),
            JsonValueKind.String => ColumnValues.FromJson(mode),
            _ => null,
        };
        if (ColumnValues.TryParseDigits(text, out var value) && value is >= 0 and <= 4)
            return (BusinessLogic)value;
        throw ApiException.BadRequest("business-logic must be 0 (insert only), 1 (pre-logic staging), 2 (pre-logic only), 3 (post-logic only) or 4 (full logic).");
    }

    /// <summary>Checks and normalizes the <c>data</c> object of a create or update.</summary>
    internal static Dictionary<string, string> ParseData(JsonElement body, ServerTable table, bool creating)
    {
        if (!body.TryGetProperty("data", out var data))
        {
            if (creating) return new Dictionary<string, string>(StringComparer.Ordinal);
            throw ApiException.BadRequest("The request body has no \"data\" object.");
        }
        if (data.ValueKind != JsonValueKind.Object) throw ApiException.BadRequest("\"data\" must be a JSON object of column values.");
        return ParseValues(data, table, creating ? ValuesUse.Create : ValuesUse.Update);
    }

    internal enum ValuesUse { Create, Update }

    internal static Dictionary<string, string> ParseValues(JsonElement data, ServerTable table, ValuesUse use)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in data.EnumerateObject())
        {
            var column = table.Column(property.Name)
                ?? throw ApiException.BadRequest($"Unknown column '{ColumnValues.Excerpt(property.Name)}' for table {table.Name}.");
            var text = ColumnValues.FromJson(property.Value)
                ?? throw ApiException.BadRequest($"The value of {column.Name} must be a string, a number or a boolean.");
            if (column.IsRowId)
            {
                if (use == ValuesUse.Update)
                    throw ApiException.BadRequest($"The row-id column {column.Name} cannot be written.");
                if (text.Length > 0)
                    throw ApiException.BadRequest($"The row-id column {column.Name} is assigned by the server; leave it out of a create.");
                continue;
            }
            if (!values.TryAdd(column.Name, Normalize(column, text)))
                throw ApiException.BadRequest($"The column {column.Name} is given twice.");
        }
        return values;
    }

    private static string Normalize(ServerColumn column, string text) =>
        ColumnValues.TryNormalize(column, text, out var normalized, out var error) ? normalized : throw ApiException.BadRequest(error!);

    /// <summary>Reads <c>filter</c>, <c>fields</c>, <c>sort</c>, <c>limit</c> and <c>page</c>.</summary>
    internal static ListQuery ParseListQuery(IQueryCollection query, ServerTable table)
    {
        var filter = Single(query, "filter") is { Length: > 0 } filterText
            ? FilterParser.Parse(filterText, name => table.Column(name) is not null)
            : [];
        foreach (var term in filter) CheckFilterValues(table.Column(term.Column)!, term);
        var columns = Single(query, "fields") is { Length: > 0 } fieldsText ? ParseFields(fieldsText, table) : table.Columns;
        var sort = Single(query, "sort") is { Length: > 0 } sortText ? ParseSort(sortText, table) : [];
        var limit = Single(query, "limit") is { Length: > 0 } limitText ? ParsePositive(limitText, "limit") : DefaultLimit;
        var page = Single(query, "page") is { Length: > 0 } pageText ? ParsePositive(pageText, "page") : 1;
        return new ListQuery(filter, columns, sort, Math.Min(limit, MaxLimit), page);
    }

    // Values are checked while the SQL is built; checking them here too makes a bad value a 400
    // before any database work.
    private static void CheckFilterValues(ServerColumn column, FilterCondition term)
    {
        if (term.Operator is FilterOperator.Like or FilterOperator.NotLike || column.Kind == ValueKind.Text) return;
        foreach (var value in term.Values)
        {
            if (value.Length == 0) continue;
            if (!ColumnValues.TryNormalize(column, value, out _, out var error))
                throw ApiException.BadRequest("Bad filter value: " + error);
        }
    }

    internal static string? Single(IQueryCollection query, string name)
    {
        var values = query[name];
        if (values.Count > 1) throw ApiException.BadRequest($"The query parameter '{name}' is given more than once.");
        return values.Count == 0 ? null : values[0];
    }

    private static IReadOnlyList<ServerColumn> ParseFields(string text, ServerTable table)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal) { table.RowIdColumnName };
        foreach (var name in text.Split(','))
        {
            if (name.Length == 0) throw ApiException.BadRequest("The fields parameter holds an empty column name.");
            if (table.Column(name) is null) throw ApiException.BadRequest($"Unknown column '{ColumnValues.Excerpt(name)}' in fields.");
            wanted.Add(name);
        }
        return table.Columns.Where(c => wanted.Contains(c.Name)).ToList();
    }

    private static IReadOnlyList<SortTerm> ParseSort(string text, ServerTable table)
    {
        var terms = new List<SortTerm>();
        foreach (var key in text.Split(','))
        {
            var descending = key.StartsWith('-');
            var name = descending ? key[1..] : key;
            if (name.Length == 0) throw ApiException.BadRequest("The sort parameter holds an empty column name.");
            var column = table.Column(name) ?? throw ApiException.BadRequest($"Unknown column '{ColumnValues.Excerpt(name)}' in sort.");
            if (terms.All(t => t.Column != column)) terms.Add(new SortTerm(column, descending));
        }
        return terms;
    }

    private static int ParsePositive(string text, string name)
    {
        if (!ColumnValues.TryParseDigits(text, out var value) || value < 1)
            throw ApiException.BadRequest($"{name} must be a whole number of at least 1.");
        return (int)Math.Min(value, int.MaxValue);
    }
}
