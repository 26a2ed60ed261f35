using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Collect.Codegen.Model;
using Collect.DevServer.Http;
using Collect.DevServer.Schema;
using Collect.Runtime;
using Microsoft.Data.Sqlite;

namespace Collect.DevServer.Data;

/// <summary>
/// The dev server's simple business logic (documented in docs/devserver.md).
/// Pre-logic, on the values before the insert (modes 1, 2, 4): a table with a <c>&lt;prefix&gt;number</c>
/// integer column (<c>de_number</c>, <c>cl_number</c>) gets the next number when the value is empty (one
/// more than both the last number given out, kept in a per-database counter, and the largest in the
/// table); a debtor without <c>de_status</c> gets <c>NEW</c>.
/// Post-logic, on the stored row (modes 3, 4): <c>*_creation_date</c>/<c>*_creation_time</c> get the
/// server's local date and time; <c>&lt;prefix&gt;created</c> the date and <c>&lt;prefix&gt;created_by</c>
/// the signed-in operator; an empty <c>*_originator</c> the signed-in operator.
/// </summary>
internal static class BusinessRules
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static bool RunsPreLogic(BusinessLogic mode) => mode is BusinessLogic.PreLogicStaging or BusinessLogic.PreLogicOnly or BusinessLogic.FullLogic;

    public static bool RunsPostLogic(BusinessLogic mode) => mode is BusinessLogic.PostLogicOnly or BusinessLogic.FullLogic;

    /// <summary>
    /// Applies pre-logic to the values of a new row. With <paramref name="reserve"/> (an insert, inside its
    /// write transaction) a number given out is recorded in the counter table; staging only looks.
    /// </summary>
    /// <exception cref="ApiException">409: the numbered column has reached the largest value its type holds.</exception>
    public static async Task ApplyPreLogicAsync(SqliteConnection connection, SqliteTransaction? transaction, ServerTable table,
        Dictionary<string, string> values, bool reserve, CancellationToken cancellationToken)
    {
        if (table.Column(table.Prefix + "number") is { Type: ColumnType.Int or ColumnType.Long } number && Empty(values, number.Name))
            values[number.Name] = (await NextNumberAsync(connection, transaction, table, number, reserve, cancellationToken).ConfigureAwait(false)).ToString(Invariant);
        if (table.Name == "debtor" && table.Column("de_status") is not null && Empty(values, "de_status"))
            values["de_status"] = "NEW";
    }

    // The next number of a numbered column: one more than the larger of the last number given out
    // (kept per database in the counter table, so deleting the newest row never frees its number) and
    // the largest number in the table (numbers given explicitly are skipped).
    private static async Task<long> NextNumberAsync(SqliteConnection connection, SqliteTransaction? transaction, ServerTable table, ServerColumn number,
        bool reserve, CancellationToken cancellationToken)
    {
        var counter = table.Name + "." + number.Name;
        var last = await RecordStore.ReadCounterAsync(connection, transaction, counter, cancellationToken).ConfigureAwait(false) ?? 0;
        var max = await RecordStore.MaxIntegerAsync(connection, transaction, table, number, cancellationToken).ConfigureAwait(false);
        var current = Math.Max(last, max);
        var limit = number.Type == ColumnType.Int ? int.MaxValue : long.MaxValue;
        if (current >= limit)
            throw ApiException.Conflict($"The {table.Name} numbers are used up: {number.Name} has reached {current.ToString(Invariant)}, the largest value of its type. Give {number.Name} explicitly.");
        var next = current + 1;
        if (reserve)
            await RecordStore.WriteCounterAsync(connection, transaction ?? throw new InvalidOperationException("Reserving a number needs the write transaction."),
                counter, next, cancellationToken).ConfigureAwait(false);
        return next;
    }

    /// <summary>The columns post-logic sets on a stored row.</summary>
    public static Dictionary<string, string> PostLogicValues(ServerTable table, Row stored, string operatorId, DateTimeOffset localNow)
    {
        var date = localNow.ToString("yyyy-MM-dd", Invariant);
        var time = localNow.ToString("HH:mm:ss", Invariant);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in table.Columns.Where(c => !c.IsRowId))
        {
            if (column.Name.EndsWith("_creation_date", StringComparison.Ordinal) && column.Type is ColumnType.Date)
                values[column.Name] = date;
            else if (column.Name.EndsWith("_creation_time", StringComparison.Ordinal) && column.Type is ColumnType.Time)
                values[column.Name] = time;
            else if (column.Name == table.Prefix + "created" && column.Type is ColumnType.Date)
                values[column.Name] = date;
            else if (column.Name == table.Prefix + "created_by" && column.Type is ColumnType.String)
                values[column.Name] = Fit(column, operatorId);
            else if (column.Name.EndsWith("_originator", StringComparison.Ordinal) && column.Type is ColumnType.String && string.IsNullOrEmpty(stored[column.Name]))
                values[column.Name] = Fit(column, operatorId);
        }
        return values;
    }

    private static bool Empty(Dictionary<string, string> values, string column) => !values.TryGetValue(column, out var value) || value.Length == 0;

    private static string Fit(ServerColumn column, string value) => column.MaxLength is { } max && value.Length > max ? value[..max] : value;
}
