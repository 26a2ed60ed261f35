using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Collect.Codegen.Cli.Import;
using Collect.Codegen.Model;
using Collect.Codegen.Parsing;
using Collect.Runtime;

namespace Collect.Codegen.Cli.Commands;

/// <summary>
/// <c>import --url ... --table T -o &lt;dir&gt;</c>: reads rows of tables from a live server and writes
/// (or extends) table schema skeletons with conservatively inferred column types.
/// </summary>
internal static class ImportCommand
{
    /// <summary>The largest page asked for; the API's own maximum is 1000.</summary>
    internal const int PageSize = 100;

    public static Command Create(CliContext context)
    {
        var url = new Option<string>("--url", "-u") { Description = "The API's base address, e.g. http://127.0.0.1:4001/.", HelpName = "address", Required = true };
        var tables = new Option<string[]>("--table", "-t")
        {
            Description = "A table to import; repeat the option (or separate names with commas) for more.",
            HelpName = "table",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The schema folder: <table>.table.json files are written here, or merged into the file already describing the table anywhere under it.",
            HelpName = "folder",
            Required = true,
        };
        var database = new Option<string?>("--database", "-d") { Description = "The database (demodb or cv_demodb), sent as x-collect-database. Default: the server's.", HelpName = "name" };
        var user = new Option<string?>("--user") { Description = "The operator to sign in as (or COLLECT_USER). Without one, requests go unauthenticated.", HelpName = "id" };
        var password = new Option<string?>("--password") { Description = "The operator's password (or COLLECT_PASSWORD, which keeps it out of the process list).", HelpName = "password" };
        var authUrl = new Option<string?>("--auth-url") { Description = "The authorization server's address, when sign-in is not served below --url.", HelpName = "address" };
        var rows = new Option<int>("--rows")
        {
            Description = "How many rows of each table to read to infer types (default 200).",
            HelpName = "n",
            DefaultValueFactory = _ => 200,
        };
        rows.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, CultureInfo.InvariantCulture, out var value) && value < 1)
                result.AddError("--rows must be at least 1.");
        });
        var command = new Command("import", "Sign in to a live server (a Collect! server or the dev server), read rows of each table and write a schema skeleton: " +
            "the columns with conservatively inferred types (int/long, decimal, date, time, datetime, rowid, else string). Re-importing into the same folder " +
            "only adds the columns that are new; everything already in the file, hand edits included, stays as it is. Progress goes to stderr.")
        {
            url, tables, output, database, user, password, authUrl, rows,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new CollectClientOptions
            {
                BaseAddress = Address(parse.GetValue(url)!, "--url"),
                AuthAddress = parse.GetValue(authUrl) is { } auth ? Address(auth, "--auth-url") : null,
                Database = parse.GetValue(database),
                OperatorId = parse.GetValue(user) ?? NonEmpty(Environment.GetEnvironmentVariable("COLLECT_USER")),
            };
            if (options.OperatorId is not null)
            {
                options.Password = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("COLLECT_PASSWORD")
                    ?? throw new CliException($"Operator '{options.OperatorId}' needs a password: give --password or set COLLECT_PASSWORD.");
            }
            var names = (parse.GetValue(tables) ?? [])
                .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (names.Count == 0) throw new CliException("Name at least one table with --table.");
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            if (File.Exists(folder)) throw new CliException($"The output folder '{folder}' is a file, not a folder.");
            Directory.CreateDirectory(folder);

            var importer = new Importer(context, folder, parse.GetValue(rows));
            await using var reader = new RowReader(options);
            await reader.SignInAsync(cancellationToken).ConfigureAwait(false);
            var failed = 0;
            for (var i = 0; i < names.Count; i++)
                if (!await importer.ImportAsync(reader, names[i], $"[{i + 1}/{names.Count}]", cancellationToken).ConfigureAwait(false)) failed++;
            context.Output.WriteLine(failed == 0
                ? $"Imported {names.Count} table(s) into {folder}."
                : $"Imported {names.Count - failed} of {names.Count} table(s) into {folder}; {failed} failed.");
            return failed == 0 ? ExitCodes.Success : ExitCodes.ProblemsFound;
        });
        return command;
    }

    private static Uri Address(string text, string option)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new CliException($"{option} '{text}' is not an absolute http:// or https:// address.");
        return uri;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Imports tables one at a time into a schema folder.</summary>
    private sealed class Importer(CliContext context, string folder, int maxRows)
    {
        // Existing table files by table name, found once: re-imports merge into them wherever they sit.
        private readonly Dictionary<string, string> _existing = FindTableFiles(folder);

        public async Task<bool> ImportAsync(RowReader reader, string table, string step, CancellationToken cancellationToken)
        {
            var columns = new List<string>();
            var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            string? declaredRowId = null;
            var read = 0;
            try
            {
                for (var page = 1; read < maxRows; page++)
                {
                    var result = await reader.ReadPageAsync(table, page, Math.Min(PageSize, maxRows - read), cancellationToken).ConfigureAwait(false);
                    declaredRowId ??= result.RowIdColumn;
                    foreach (var row in result.Rows)
                    {
                        foreach (var (column, value) in row)
                        {
                            if (!values.TryGetValue(column, out var list))
                            {
                                columns.Add(column);
                                values[column] = list = [];
                            }
                            list.Add(value);
                        }
                    }
                    read += result.Rows.Count;
                    context.Error.WriteLine($"{step} {table}: page {page} of {Math.Max(result.NumPages, page)}, {read} row(s) read");
                    if (result.Rows.Count == 0 || page >= result.NumPages) break;
                }
            }
            catch (CollectApiException e)
            {
                context.Error.WriteLine($"error: {table}: {e.Message}");
                return false;
            }

            _existing.TryGetValue(table, out var existingPath);
            if (columns.Count == 0)
            {
                if (existingPath is not null)
                {
                    context.Output.WriteLine($"{table}: no rows to learn from; {existingPath} is unchanged.");
                    return true;
                }
                context.Error.WriteLine($"error: {table}: the table has no rows, so there are no columns to infer; nothing was written.");
                return false;
            }

            if (existingPath is null)
            {
                var rowId = TypeInference.FindRowIdColumn(columns, declaredRowId);
                if (rowId is null)
                {
                    context.Error.WriteLine($"error: {table}: no row-id column (a name ending in 'rowid') among {string.Join(", ", columns)}; nothing was written.");
                    return false;
                }
                var imported = Infer(columns, values, TypeInference.PrefixOf(rowId));
                var path = Path.Combine(folder, FileNameOf(table) + ".table.json");
                var text = SchemaSkeleton.Create(table, rowId, imported);
                SchemaSkeleton.Write(path, text, bom: false);
                _existing[table] = path;
                context.Output.WriteLine($"{table}: wrote {path} ({imported.Count} columns, types inferred from {read} row(s)).");
                ReportDiagnostics(path, text);
                return true;
            }

            var (existingText, bom) = SchemaSkeleton.Read(existingPath);
            var known = SchemaSkeleton.ColumnsOf(existingPath, existingText).ToHashSet(StringComparer.Ordinal);
            var prefix = TypeInference.PrefixOf(RowIdOf(existingText) ?? TypeInference.FindRowIdColumn(columns, declaredRowId) ?? "");
            var added = Infer(columns.Where(c => !known.Contains(c)).ToList(), values, prefix);
            if (added.Count == 0)
            {
                context.Output.WriteLine($"{table}: up to date; {existingPath} already lists every column the server sent.");
                return true;
            }
            var merged = SchemaSkeleton.Merge(existingPath, existingText, added);
            SchemaSkeleton.Write(existingPath, merged, bom);
            context.Output.WriteLine($"{table}: added {added.Count} column(s) to {existingPath}: {string.Join(", ", added.Select(c => $"{c.Name} ({c.Type})"))}.");
            ReportDiagnostics(existingPath, merged);
            return true;
        }

        private static List<ImportedColumn> Infer(IReadOnlyList<string> columns, Dictionary<string, List<string>> values, string prefix) =>
            columns.Select(c => new ImportedColumn(c, TypeInference.Infer(c, prefix, values[c]))).ToList();

        // What the generator will say about the file, so names it had to change are seen now.
        private void ReportDiagnostics(string path, string text)
        {
            foreach (var diagnostic in SchemaParser.Parse(path, text).Diagnostics) context.Output.WriteLine(diagnostic.ToString());
        }

        private static string? RowIdOf(string text)
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(text, new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
                return document.RootElement.TryGetProperty("rowId", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString() : null;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }

        private static Dictionary<string, string> FindTableFiles(string root)
        {
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in SchemaInputs.SchemaPaths(root).Where(SchemaFile.IsTablePath))
                if (SchemaSkeleton.TableOf(File.ReadAllText(path)) is { } table) found.TryAdd(table, path);
            return found;
        }

        private static string FileNameOf(string table)
        {
            var invalid = Path.GetInvalidFileNameChars();
            return new string(table.Select(c => invalid.Contains(c) || c == '.' ? '_' : c).ToArray());
        }
    }
}
