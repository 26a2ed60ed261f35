using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Collect.DevServer.Auth;
using Collect.DevServer.Http;
using Collect.DevServer.Schema;
using Microsoft.Data.Sqlite;

namespace Collect.DevServer.Data;

/// <summary>
/// One Collect! database: one SQLite file (WAL mode) with one table per schema table, every column
/// TEXT except the row id (INTEGER PRIMARY KEY AUTOINCREMENT), and the server's private sign-in table.
/// Writes are serialized by an in-process gate so that writers queue instead of spinning on SQLite's
/// busy lock; readers never wait (WAL).
/// </summary>
internal sealed class CollectDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TimeSpan _writeWait;

    public CollectDatabase(string name, string path, ServerSchema schema, TimeSpan? writeWait = null)
    {
        _writeWait = writeWait ?? TimeSpan.FromSeconds(30);
        Name = name;
        Path = path;
        Schema = schema;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database's name, e.g. <c>cv_masterdb</c>.</summary>
    public string Name { get; }

    /// <summary>The SQLite file.</summary>
    public string Path { get; }

    public ServerSchema Schema { get; }

    /// <summary>Opens a connection (from the pool) with the per-connection settings.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts a write: waits (at most the write wait timeout) for the gate, then opens a connection with an
    /// immediate transaction.
    /// </summary>
    /// <exception cref="ApiException">503: another write held the gate for the whole wait.</exception>
    public async Task<WriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        if (!await _writeGate.WaitAsync(_writeWait, cancellationToken).ConfigureAwait(false))
        {
            throw new ApiException(503,
                $"The database {Name} is busy: another write has held its write lock for more than {_writeWait.TotalSeconds:0.###} seconds. " +
                "SQLite takes one writer at a time, and a contact plan that writes before a prompt holds the lock until its prompt is answered. Try again later.")
            {
                RetryAfterSeconds = 5,
            };
        }
        SqliteConnection? connection = null;
        try
        {
            connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = connection.BeginTransaction(deferred: false);
            return new WriteScope(connection, transaction, _writeGate);
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            _writeGate.Release();
            throw;
        }
    }

    /// <summary>Starts a read: a connection with a deferred transaction, so that a list and its count see one snapshot.</summary>
    public async Task<ReadScope> BeginReadAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return new ReadScope(connection, connection.BeginTransaction(deferred: true));
    }

    /// <summary>Creates the file, the tables (adding columns a schema gained) and the seed data.</summary>
    public async Task InitializeAsync(IReadOnlyList<SeedOperator> operators, IEnumerable<(string Code, string Description)> plans, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var table in Schema.Tables.Values)
        {
            var columns = string.Join(", ", table.Columns.Select(c => c.IsRowId
                ? $"{c.Quoted} INTEGER PRIMARY KEY AUTOINCREMENT"
                : $"{c.Quoted} TEXT NOT NULL DEFAULT ''"));
            await ExecuteAsync(connection, transaction, $"CREATE TABLE IF NOT EXISTS {table.Quoted} ({columns});", cancellationToken).ConfigureAwait(false);

            var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using (var info = connection.CreateCommand())
            {
                info.Transaction = transaction;
                info.CommandText = "SELECT name FROM pragma_table_info($table);";
                info.Parameters.AddWithValue("$table", table.Name);
                await using var reader = await info.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) existing.Add(reader.GetString(0));
            }
            foreach (var column in table.Columns.Where(c => !existing.Contains(c.Name)))
            {
                if (column.IsRowId)
                    throw new DevServerConfigurationException($"The existing table {table.Name} in {Path} has no row-id column {column.Name}; delete the data folder or fix the schema.");
                await ExecuteAsync(connection, transaction, $"ALTER TABLE {table.Quoted} ADD COLUMN {column.Quoted} TEXT NOT NULL DEFAULT '';", cancellationToken).ConfigureAwait(false);
            }
        }
        // Sub-record reads and counts look rows up by their link columns.
        foreach (var child in Schema.Tables.Values.SelectMany(t => t.Children))
        {
            foreach (var link in child.LinkColumns)
            {
                var index = Sql.Quote("ix_" + child.Table.Name + "_" + link.Name);
                await ExecuteAsync(connection, transaction, $"CREATE INDEX IF NOT EXISTS {index} ON {child.Table.Quoted} ({link.Quoted});", cancellationToken).ConfigureAwait(false);
            }
        }
        await ExecuteAsync(connection, transaction,
            $"CREATE TABLE IF NOT EXISTS {Sql.Quote(ServerSchema.AuthTableName)} (op_rowid INTEGER PRIMARY KEY, salt TEXT NOT NULL, hash TEXT NOT NULL, iterations INTEGER NOT NULL);",
            cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(connection, transaction,
            $"CREATE TABLE IF NOT EXISTS {Sql.Quote(ServerSchema.CounterTableName)} (name TEXT PRIMARY KEY, value INTEGER NOT NULL);",
            cancellationToken).ConfigureAwait(false);

        await SeedOperatorsAsync(connection, transaction, operators, cancellationToken).ConfigureAwait(false);
        await SeedRowsAsync(connection, transaction, "contact_plan", "cp_code", "cp_description", plans, cancellationToken).ConfigureAwait(false);
        await SeedRowsAsync(connection, transaction, "application_form", "af_form_fieldname", "af_form_name",
            Schema.Forms.Values.Select(f => (f.FormId, f.Name)), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SeedOperatorsAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<SeedOperator> operators, CancellationToken cancellationToken)
    {
        var table = Schema.Table("nx_operator")!;
        foreach (var op in operators)
        {
            var rowId = await RecordStore.FindRowIdAsync(connection, transaction, table, table.Column("op_id")!, op.Id, cancellationToken).ConfigureAwait(false);
            if (rowId is null)
            {
                var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["op_id"] = op.Id };
                if (table.Column("op_name") is not null) values["op_name"] = op.Name;
                if (table.Column("op_level") is not null) values["op_level"] = op.Level.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (table.Column("op_function") is not null) values["op_function"] = op.Function.ToString(System.Globalization.CultureInfo.InvariantCulture);
                rowId = await RecordStore.InsertAsync(connection, transaction, table, values, cancellationToken).ConfigureAwait(false);
            }
            using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = $"SELECT COUNT(*) FROM {Sql.Quote(ServerSchema.AuthTableName)} WHERE op_rowid = $id;";
            check.Parameters.AddWithValue("$id", rowId.Value);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0) continue;
            var hash = PasswordHasher.Hash(op.Password);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {Sql.Quote(ServerSchema.AuthTableName)} (op_rowid, salt, hash, iterations) VALUES ($id, $salt, $hash, $iterations);";
            insert.Parameters.AddWithValue("$id", rowId.Value);
            insert.Parameters.AddWithValue("$salt", hash.Salt);
            insert.Parameters.AddWithValue("$hash", hash.Hash);
            insert.Parameters.AddWithValue("$iterations", hash.Iterations);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Seeds rows of a lookup table (when the schema has it) unless a row with the key exists.
    private async Task SeedRowsAsync(SqliteConnection connection, SqliteTransaction transaction, string tableName, string keyColumn, string textColumn,
        IEnumerable<(string Key, string Text)> rows, CancellationToken cancellationToken)
    {
        if (Schema.Table(tableName) is not { } table || table.Column(keyColumn) is not { } key) return;
        var text = table.Column(textColumn);
        foreach (var (keyValue, textValue) in rows)
        {
            if (await RecordStore.FindRowIdAsync(connection, transaction, table, key, keyValue, cancellationToken).ConfigureAwait(false) is not null) continue;
            var values = new Dictionary<string, string>(StringComparer.Ordinal) { [key.Name] = keyValue };
            if (text is not null) values[text.Name] = textValue.Length > (text.MaxLength ?? int.MaxValue) ? textValue[..text.MaxLength!.Value] : textValue;
            await RecordStore.InsertAsync(connection, transaction, table, values, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads an operator's password hash (null when the operator has none).</summary>
    public async Task<(long RowId, string OpId, PasswordHash Hash)?> FindCredentialsAsync(string opId, CancellationToken cancellationToken)
    {
        var table = Schema.Table("nx_operator")!;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT o.{table.RowId.Quoted}, o.\"op_id\", a.salt, a.hash, a.iterations FROM {table.Quoted} o " +
            $"JOIN {Sql.Quote(ServerSchema.AuthTableName)} a ON a.op_rowid = o.{table.RowId.Quoted} WHERE upper(o.\"op_id\") = upper($id) " +
            $"ORDER BY o.{table.RowId.Quoted} LIMIT 1;";
        command.Parameters.AddWithValue("$id", opId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return (reader.GetInt64(0), reader.GetString(1), new PasswordHash(reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
    }

    /// <summary>Releases the pooled connections of this file.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    internal static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A write in progress: holds the database's write gate and an immediate transaction until disposed.</summary>
internal sealed class WriteScope : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate;
    private bool _done;

    public WriteScope(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim gate)
    {
        Connection = connection;
        Transaction = transaction;
        _gate = gate;
    }

    public SqliteConnection Connection { get; }
    public SqliteTransaction Transaction { get; }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _done = true;
    }

    /// <summary>Rolls back unless committed, closes the connection and opens the gate.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_done)
            {
                try { await Transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false); }
                catch (InvalidOperationException) { /* already completed */ }
                catch (SqliteException) { /* the connection is broken; closing it rolls back */ }
            }
            await Transaction.DisposeAsync().ConfigureAwait(false);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>A read: a connection with a deferred transaction (one snapshot).</summary>
internal sealed class ReadScope : IAsyncDisposable
{
    public ReadScope(SqliteConnection connection, SqliteTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    public SqliteConnection Connection { get; }
    public SqliteTransaction Transaction { get; }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
