using System;
using Collect.Runtime;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Collect.DevServer.Http;
using Collect.DevServer.Schema;
using Microsoft.Data.Sqlite;

namespace Collect.DevServer.Data;

/// <summary>One row: the values of some columns of a table, in schema order, as the API's strings.</summary>
internal sealed class Row
{
    public Row(IReadOnlyList<ServerColumn> columns, string[] values)
    {
        Columns = columns;
        Values = values;
    }

    public IReadOnlyList<ServerColumn> Columns { get; }
    public string[] Values { get; }

    public string? this[string column]
    {
        get
        {
            for (var i = 0; i < Columns.Count; i++)
                if (Columns[i].Name == column) return Values[i];
            return null;
        }
    }
}

/// <summary>A sort key: a column and its direction.</summary>
internal sealed record SortTerm(ServerColumn Column, bool Descending);

/// <summary>The list parameters of a read, checked against the table.</summary>
internal sealed record ListQuery(
    IReadOnlyList<FilterCondition> Filter,
    IReadOnlyList<ServerColumn> Columns,
    IReadOnlyList<SortTerm> Sort,
    int Limit,
    int Page);

/// <summary>
/// Every SQL statement the server runs against schema tables. Values are always parameters; table and
/// column names come only from the schema and are quoted.
/// </summary>
internal static class RecordStore
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Reads one page of rows and the number of all matching rows.</summary>
    public static async Task<(List<Row> Rows, long Total)> ListAsync(
        SqliteConnection connection, SqliteTransaction? transaction, ServerTable table, ListQuery query,
        (IReadOnlyList<ServerColumn> Links, long ParentRowId)? parent, CancellationToken cancellationToken)
    {
        try
        {
            return await ListCoreAsync(connection, transaction, table, query, parent, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsStatementTooLarge(e))
        {
            // The parser's limits keep filters well inside SQLite's; this is the safety net: a filter
            // SQLite cannot run is the request's fault, not a server failure.
            throw ApiException.BadRequest($"The filter is too large for the database to run ({e.Message.TrimEnd('.')}); use fewer conditions or shorter lists.");
        }
    }

    // SQLite refuses a statement for its size: expression depth, parameter count, length, pattern length.
    internal static bool IsStatementTooLarge(SqliteException e) =>
        e.SqliteErrorCode == 18 /* SQLITE_TOOBIG */
        || (e.SqliteErrorCode == 1 /* SQLITE_ERROR */
            && (e.Message.Contains("too large", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("too many", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("too big", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("too complex", StringComparison.OrdinalIgnoreCase)));

    private static async Task<(List<Row> Rows, long Total)> ListCoreAsync(
        SqliteConnection connection, SqliteTransaction? transaction, ServerTable table, ListQuery query,
        (IReadOnlyList<ServerColumn> Links, long ParentRowId)? parent, CancellationToken cancellationToken)
    {
        using var count = connection.CreateCommand();
        count.Transaction = transaction;
        var where = Where(count, table, query.Filter, parent);
        count.CommandText = $"SELECT COUNT(*) FROM {table.Quoted}{where};";
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), Invariant);

        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        where = Where(select, table, query.Filter, parent);
        var sql = new StringBuilder("SELECT ")
            .Append(string.Join(", ", query.Columns.Select(c => c.Quoted)))
            .Append(" FROM ").Append(table.Quoted).Append(where).Append(" ORDER BY ");
        foreach (var term in query.Sort)
            sql.Append(SortExpression(term.Column)).Append(term.Descending ? " DESC, " : " ASC, ");
        sql.Append(table.RowId.Quoted).Append(" ASC LIMIT $limit OFFSET $offset;");
        select.CommandText = sql.ToString();
        select.Parameters.AddWithValue("$limit", query.Limit);
        select.Parameters.AddWithValue("$offset", (long)(query.Page - 1) * query.Limit);
        var rows = new List<Row>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(ReadRow(reader, query.Columns));
        return (rows, total);
    }

    /// <summary>Reads one row (all columns unless given), or null.</summary>
    public static async Task<Row?> GetAsync(SqliteConnection connection, SqliteTransaction? transaction, ServerTable table, long rowId,
        CancellationToken cancellationToken, IReadOnlyList<ServerColumn>? columns = null)
    {
        columns ??= table.Columns;
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => c.Quoted))} FROM {table.Quoted} WHERE {table.RowId.Quoted} = $id;";
        command.Parameters.AddWithValue("$id", rowId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRow(reader, columns) : null;
    }

    /// <summary>Reads the rows with the given ids, in that order; null when one is missing.</summary>
    public static async Task<List<Row>?> GetManyAsync(SqliteConnection connection, SqliteTransaction? transaction, ServerTable table, IReadOnlyList<long> rowIds, CancellationToken cancellationToken)
    {
        var rows = new List<Row>(rowIds.Count);
        foreach (var id in rowIds)
        {
            var row = await GetAsync(connection, transaction, table, id, cancellationToken).ConfigureAwait(false);
            if (row is null) return null;
            rows.Add(row);
        }
        return rows;
    }

    public static async Task<bool> ExistsAsync(SqliteConnection connection, SqliteTransaction? transaction, ServerTable table, long rowId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT 1 FROM {table.Quoted} WHERE {table.RowId.Quoted} = $id;";
        command.Parameters.AddWithValue("$id", rowId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Inserts a row of (normalized) values; returns its new row id.</summary>
    public static async Task<long> InsertAsync(SqliteConnection connection, SqliteTransaction? transaction, ServerTable table,
        IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var columns = table.Columns.Where(c => !c.IsRowId && values.ContainsKey(c.Name)).ToList();
        if (columns.Count == 0)
        {
            command.CommandText = $"INSERT INTO {table.Quoted} DEFAULT VALUES RETURNING {table.RowId.Quoted};";
        }
        else
        {
            var names = new StringBuilder();
            var parameters = new StringBuilder();
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0) { names.Append(", "); parameters.Append(", "); }
                names.Append(columns[i].Quoted);
                parameters.Append("$v").Append(i.ToString(Invariant));
                command.Parameters.AddWithValue("$v" + i.ToString(Invariant), values[columns[i].Name]);
            }
            command.CommandText = $"INSERT INTO {table.Quoted} ({names}) VALUES ({parameters}) RETURNING {table.RowId.Quoted};";
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), Invariant);
    }

    /// <summary>Sets only the given columns of one row; false when the row does not exist.</summary>
    public static async Task<bool> UpdateAsync(SqliteConnection connection, SqliteTransaction? transaction, ServerTable table, long rowId,
        IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var columns = table.Columns.Where(c => !c.IsRowId && values.ContainsKey(c.Name)).ToList();
        if (columns.Count == 0) return await ExistsAsync(connection, transaction, table, rowId, cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var set = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0) set.Append(", ");
            set.Append(columns[i].Quoted).Append(" = $v").Append(i.ToString(Invariant));
            command.Parameters.AddWithValue("$v" + i.ToString(Invariant), values[columns[i].Name]);
        }
        command.CommandText = $"UPDATE {table.Quoted} SET {set} WHERE {table.RowId.Quoted} = $id;";
        command.Parameters.AddWithValue("$id", rowId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Deletes one row (and nothing else); false when it does not exist.</summary>
    public static async Task<bool> DeleteAsync(SqliteConnection connection, SqliteTransaction? transaction, ServerTable table, long rowId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"DELETE FROM {table.Quoted} WHERE {table.RowId.Quoted} = $id;";
        command.Parameters.AddWithValue("$id", rowId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Counts a child table's rows that link to a parent row.</summary>
    public static async Task<long> CountChildrenAsync(SqliteConnection connection, SqliteTransaction? transaction, ChildTable child, long parentRowId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM {child.Table.Quoted}{Where(command, child.Table, [], (child.LinkColumns, parentRowId))};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), Invariant);
    }

    /// <summary>The row id of the first row whose column holds a value, or null.</summary>
    public static async Task<long?> FindRowIdAsync(SqliteConnection connection, SqliteTransaction? transaction, ServerTable table, ServerColumn column, string value, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {table.RowId.Quoted} FROM {table.Quoted} WHERE {column.Quoted} = $v ORDER BY {table.RowId.Quoted} LIMIT 1;";
        command.Parameters.AddWithValue("$v", value);
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is null ? null : Convert.ToInt64(result, Invariant);
    }

    /// <summary>The largest integer value of a column (0 when it has none).</summary>
    public static async Task<long> MaxIntegerAsync(SqliteConnection connection, SqliteTransaction? transaction, ServerTable table, ServerColumn column, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT MAX(CAST({column.Quoted} AS INTEGER)) FROM {table.Quoted} WHERE {column.Quoted} <> '';";
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is null or DBNull ? 0 : Convert.ToInt64(result, Invariant);
    }

    /// <summary>The last number given out for a counter, or null when none was.</summary>
    public static async Task<long?> ReadCounterAsync(SqliteConnection connection, SqliteTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT value FROM {Sql.Quote(ServerSchema.CounterTableName)} WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is null or DBNull ? null : Convert.ToInt64(result, Invariant);
    }

    /// <summary>Records the last number given out for a counter (inside the caller's write transaction).</summary>
    public static async Task WriteCounterAsync(SqliteConnection connection, SqliteTransaction transaction, string name, long value, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {Sql.Quote(ServerSchema.CounterTableName)} (name, value) VALUES ($name, $value) " +
                              "ON CONFLICT(name) DO UPDATE SET value = excluded.value;";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Row ReadRow(SqliteDataReader reader, IReadOnlyList<ServerColumn> columns)
    {
        var values = new string[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            values[i] = reader.IsDBNull(i) ? ""
                : columns[i].IsRowId ? reader.GetInt64(i).ToString(Invariant)
                : reader.GetString(i);
        }
        return new Row(columns, values);
    }

    // Empty values sort first ascending (last descending); numbers sort by value.
    private static string SortExpression(ServerColumn column) =>
        column.Kind == ValueKind.Number && !column.IsRowId
            ? $"(CASE WHEN {column.Quoted} <> '' THEN CAST({column.Quoted} AS NUMERIC) END)"
            : column.Quoted;

    // " WHERE ..." for the filter and the parent link, or "".
    private static string Where(SqliteCommand command, ServerTable table, IReadOnlyList<FilterCondition> filter,
        (IReadOnlyList<ServerColumn> Links, long ParentRowId)? parent)
    {
        var parts = new List<string>();
        var counter = 0;
        string Param(object value)
        {
            var name = "$p" + (counter++).ToString(Invariant);
            command.Parameters.AddWithValue(name, value);
            return name;
        }

        if (parent is { } p)
        {
            var id = Param(p.ParentRowId.ToString(Invariant));
            parts.Add("(" + string.Join(" OR ", p.Links.Select(l => $"{l.Quoted} = {id}")) + ")");
        }
        foreach (var term in filter)
            parts.Add(Condition(table.Column(term.Column)!, term, Param));
        return parts.Count == 0 ? "" : " WHERE " + string.Join(" AND ", parts);
    }

    private static string Condition(ServerColumn column, FilterCondition term, Func<object, string> param)
    {
        switch (term.Operator)
        {
            case FilterOperator.Like:
                return $"({TextExpression(column)} GLOB {param(LikeToGlob(term.Values[0]))})";
            case FilterOperator.NotLike:
                return $"(NOT ({TextExpression(column)} GLOB {param(LikeToGlob(term.Values[0]))}))";
            case FilterOperator.Equal:
                return Equal(column, term.Values[0], param);
            case FilterOperator.NotEqual:
                return $"(NOT {Equal(column, term.Values[0], param)})";
            case FilterOperator.In:
                return InList(column, term.Values, param);
            case FilterOperator.NotIn:
                return $"(NOT {InList(column, term.Values, param)})";
            default:
                return Range(column, term.Operator, term.Values[0], param);
        }
    }

    // "column = value" with the API's comparison: numbers by value (guarded against ''), dates and
    // times in their canonical form, text as given (case-sensitive); an empty value matches ''.
    private static string Equal(ServerColumn column, string value, Func<object, string> param)
    {
        if (value.Length == 0) return EmptyMatch(column);
        var (guard, expression) = Compared(column);
        var operand = param(Operand(column, value));
        return guard is null ? $"({expression} = {operand})" : $"({guard} AND {expression} = {operand})";
    }

    // "column IN (values)": the same comparison as Equal for each value, as one flat IN list over the
    // same expression instead of a chain of ORs (a chain of 1000 terms is deeper than SQLite's
    // expression depth limit). SQLite compares "x IN (a, b)" as "x = +a OR x = +b", and a bound
    // parameter has no affinity either, so each value compares exactly as in Equal.
    private static string InList(ServerColumn column, IReadOnlyList<string> values, Func<object, string> param)
    {
        var parts = new List<string>(2);
        if (values.Any(v => v.Length == 0) && !column.IsRowId) parts.Add(EmptyMatch(column));
        var operands = values.Where(v => v.Length > 0).Select(v => param(Operand(column, v))).ToList();
        if (operands.Count > 0)
        {
            var (guard, expression) = Compared(column);
            var list = string.Join(", ", operands);
            parts.Add(guard is null ? $"({expression} IN ({list}))" : $"({guard} AND {expression} IN ({list}))");
        }
        return parts.Count == 0 ? "(0)" : "(" + string.Join(" OR ", parts) + ")";
    }

    // What an empty value matches: the empty text ("no value"); a row id is never empty.
    private static string EmptyMatch(ServerColumn column) => column.IsRowId ? "(0)" : $"({column.Quoted} = '')";

    // The left side of an equality for a non-empty value, and the condition it needs first.
    private static (string? Guard, string Expression) Compared(ServerColumn column) =>
        column.Kind == ValueKind.Number && !column.IsRowId
            ? ($"{column.Quoted} <> ''", $"CAST({column.Quoted} AS NUMERIC)")
            : (null, column.Quoted);

    // The parameter value a non-empty filter value compares as.
    private static object Operand(ServerColumn column, string value) => column.Kind switch
    {
        ValueKind.Number => ColumnValues.SqlNumber(column, Normalize(column, value)),
        ValueKind.Temporal => Normalize(column, value),
        _ => value,
    };

    private static string Range(ServerColumn column, FilterOperator op, string value, Func<object, string> param)
    {
        var sqlOp = op switch
        {
            FilterOperator.GreaterThan => ">",
            FilterOperator.GreaterThanOrEqual => ">=",
            FilterOperator.LessThan => "<",
            _ => "<=",
        };
        switch (column.Kind)
        {
            case ValueKind.Number:
                if (value.Length == 0) throw ApiException.BadRequest($"An empty value cannot be compared with {column.Name} (a number column).");
                var number = ColumnValues.SqlNumber(column, Normalize(column, value));
                return column.IsRowId
                    ? $"({column.Quoted} {sqlOp} {param(number)})"
                    : $"({column.Quoted} <> '' AND CAST({column.Quoted} AS NUMERIC) {sqlOp} {param(number)})";
            case ValueKind.Temporal:
                if (value.Length == 0) throw ApiException.BadRequest($"An empty value cannot be compared with {column.Name} (a {column.TypeName} column).");
                return $"({column.Quoted} <> '' AND {column.Quoted} {sqlOp} {param(Normalize(column, value))})";
            default:
                return $"({column.Quoted} <> '' AND {column.Quoted} {sqlOp} {param(value)})";
        }
    }

    private static string Normalize(ServerColumn column, string value) =>
        ColumnValues.TryNormalize(column, value, out var normalized, out var error)
            ? normalized
            : throw ApiException.BadRequest("Bad filter value: " + error);

    private static string TextExpression(ServerColumn column) => column.IsRowId ? $"CAST({column.Quoted} AS TEXT)" : column.Quoted;

    /// <summary>
    /// Turns a LIKE pattern (<c>%</c>, <c>_</c>) into a GLOB pattern, which SQLite matches
    /// case-sensitively as the contract wants; GLOB's own wildcards in the text are bracketed.
    /// </summary>
    internal static string LikeToGlob(string pattern)
    {
        var glob = new StringBuilder(pattern.Length + 8);
        foreach (var c in pattern)
        {
            switch (c)
            {
                case '%': glob.Append('*'); break;
                case '_': glob.Append('?'); break;
                case '*': glob.Append("[*]"); break;
                case '?': glob.Append("[?]"); break;
                case '[': glob.Append("[[]"); break;
                default: glob.Append(c); break;
            }
        }
        return glob.ToString();
    }
}
