using System;
using Collect.DevServer.Auth;
using Collect.DevServer.Data;
using Microsoft.AspNetCore.Http;

namespace Collect.DevServer.Http;

/// <summary>The database and operator of an authenticated request.</summary>
internal sealed record Caller(CollectDatabase Database, TokenIdentity Identity)
{
    public const string DatabaseHeader = "x-collect-database";
    public const string DefaultDatabase = "cv_masterdb";

    /// <summary>The database the request names (header <c>x-collect-database</c>, default <c>cv_masterdb</c>); 401 when it is not served.</summary>
    public static CollectDatabase ResolveDatabase(HttpContext context, ServerState state)
    {
        var values = context.Request.Headers[DatabaseHeader];
        if (values.Count > 1)
            throw ApiException.Unauthorized("The request names more than one database.");
        var name = values.Count == 0 || string.IsNullOrWhiteSpace(values[0]) ? DefaultDatabase : values[0]!.Trim();
        if (state.Databases.TryGetValue(name, out var database)) return database;
        throw ApiException.Unauthorized($"The operator is not authorized for database '{Schema.ColumnValues.Excerpt(name)}' (it is not served here).");
    }

    /// <summary>Checks the database and the Bearer token; 401 when either is missing, invalid, expired or for another database.</summary>
    public static Caller Authenticate(HttpContext context, ServerState state)
    {
        var database = ResolveDatabase(context, state);
        var headers = context.Request.Headers.Authorization;
        if (headers.Count == 0 || string.IsNullOrWhiteSpace(headers[0]))
            throw ApiException.Unauthorized("Sign in first: the request has no Authorization: Bearer token.");
        if (headers.Count > 1)
            throw ApiException.Unauthorized("The request has more than one Authorization header.");
        var value = headers[0]!.Trim();
        const string scheme = "Bearer ";
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            throw ApiException.Unauthorized("The Authorization header must be 'Bearer <access_token>'.");
        var identity = state.Tokens.Validate(value[scheme.Length..].Trim())
            ?? throw ApiException.Unauthorized("The access token is invalid or has expired; refresh it or sign in again.");
        if (!string.Equals(identity.Database, database.Name, StringComparison.Ordinal))
            throw ApiException.Unauthorized($"The operator is not authorized for database '{database.Name}': the token was issued for another database.");
        return new Caller(database, identity);
    }
}
