using System;
using System.Collections.Generic;
using System.IO;
using Collect.DevServer.OpenApi;
using Collect.DevServer.Plans;
using Collect.DevServer.Schema;

namespace Collect.DevServer;

/// <summary>
/// The OpenAPI 3 document of the API over a schema set, exactly as the dev server serves it at
/// <c>/openapi.json</c>: every endpoint, one schema per table, the Bearer scheme and the
/// <c>x-collect-database</c> header. The command-line tool's <c>openapi</c> command writes it.
/// </summary>
public static class CollectOpenApi
{
    /// <summary>Builds the document from the schema files of a folder.</summary>
    /// <param name="schemaFolder">The folder of <c>*.table.json</c> and <c>*.form.json</c> files (searched recursively).</param>
    /// <param name="planFolder">A folder of <c>*.plan.json</c> contact plans to name in the description, or null for none.</param>
    /// <param name="readOnlyTables">Tables documented without create, update and delete; null: the server's default (<c>nx_operator</c>).</param>
    /// <returns>The document as JSON (<c>"openapi": "3.0.0"</c>).</returns>
    /// <exception cref="DevServerConfigurationException">The folder is missing or holds no table, a schema file has errors (the message lists the CCG diagnostics), or a plan file is invalid.</exception>
    public static string Build(string schemaFolder, string? planFolder = null, IEnumerable<string>? readOnlyTables = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaFolder);
        var schema = ServerSchema.Load(Path.GetFullPath(schemaFolder), readOnlyTables ?? new DevServerOptions().ReadOnlyTables);
        var plans = PlanCatalog.Load(planFolder is null ? "" : Path.GetFullPath(planFolder), schema);
        return OpenApiDocumentFactory.Build(schema, plans);
    }
}
