using System.Globalization;
using System.Text.Json;
using System.Threading.Tasks;
using Collect.Codegen.Model;
using Collect.DevServer.Auth;
using Collect.DevServer.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Collect.DevServer.Http;

/// <summary>Sign-in (<c>/api/v1/auth/login</c>) and refresh (<c>/api/v1/auth/refresh</c>).</summary>
internal static class AuthEndpoints
{
    public const string Login = "/api/v1/auth/login";
    public const string Refresh = "/api/v1/auth/refresh";

    public static void Map(IEndpointRouteBuilder routes, ServerState state)
    {
        routes.MapPost(Login, context => LoginAsync(context, state));
        routes.MapPost(Refresh, context => RefreshAsync(context, state));
    }

    private static async Task LoginAsync(HttpContext context, ServerState state)
    {
        var database = Caller.ResolveDatabase(context, state);
        using var body = await Json.ReadObjectAsync(context, state.Options.MaxRequestBodyBytes).ConfigureAwait(false);
        var opId = Text(body.RootElement, "op_id");
        var password = Text(body.RootElement, "op_password");
        if (opId is null || password is null)
            throw ApiException.BadRequest("Sign in with {\"op_id\": \"...\", \"op_password\": \"...\"}.");
        var credentials = opId.Length is > 0 and <= 64 && password.Length <= 1024
            ? await database.FindCredentialsAsync(opId, context.RequestAborted).ConfigureAwait(false)
            : null;
        if (credentials is not { } found || !PasswordHasher.Verify(password, found.Hash))
            throw ApiException.Unauthorized("Wrong operator id or password.");
        await AnswerAsync(context, state, database, new TokenIdentity(database.Name, found.RowId, found.OpId)).ConfigureAwait(false);
    }

    private static async Task RefreshAsync(HttpContext context, ServerState state)
    {
        var database = Caller.ResolveDatabase(context, state);
        using var body = await Json.ReadObjectAsync(context, state.Options.MaxRequestBodyBytes).ConfigureAwait(false);
        var token = Text(body.RootElement, "refresh_token") ?? throw ApiException.BadRequest("Refresh with {\"refresh_token\": \"...\"}.");
        var identity = state.Tokens.Redeem(token)
            ?? throw ApiException.Unauthorized("The refresh token is unknown, used or expired; sign in again.");
        if (identity.Database != database.Name)
            throw ApiException.Unauthorized($"The operator is not authorized for database '{database.Name}': the refresh token was issued for another database.");
        await AnswerAsync(context, state, database, identity).ConfigureAwait(false);
    }

    // {"status":200,"result":{"nx_operator":{...},"access_token","refresh_token"}}; integer columns of the
    // operator are bare numbers, as in the docs' login example.
    private static async Task AnswerAsync(HttpContext context, ServerState state, CollectDatabase database, TokenIdentity identity)
    {
        var table = state.Schema.Table("nx_operator")!;
        Row? row;
        await using (var read = await database.BeginReadAsync(context.RequestAborted).ConfigureAwait(false))
            row = await RecordStore.GetAsync(read.Connection, read.Transaction, table, identity.OperatorRowId, context.RequestAborted).ConfigureAwait(false);
        if (row is null) throw ApiException.Unauthorized("The operator no longer exists.");
        var (access, refresh) = state.Tokens.Issue(identity);
        await Json.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("status", 200);
            w.WriteStartObject("result");
            w.WriteStartObject("nx_operator");
            for (var i = 0; i < row.Columns.Count; i++)
            {
                var column = row.Columns[i];
                if (column.Type is ColumnType.Int or ColumnType.Flags && long.TryParse(row.Values[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                    w.WriteNumber(column.Name, number);
                else
                    w.WriteString(column.Name, row.Values[i]);
            }
            w.WriteEndObject();
            w.WriteString("access_token", access);
            w.WriteString("refresh_token", refresh);
            w.WriteEndObject();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static string? Text(JsonElement body, string name) => Json.String(body, name);
}
