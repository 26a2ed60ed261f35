using System;
using System.Collections.Generic;
using Collect.DevServer.Auth;
using Collect.DevServer.Data;
using Collect.DevServer.Files;
using Collect.DevServer.Plans;
using Collect.DevServer.Schema;
using Collect.DevServer.Sockets;

namespace Collect.DevServer;

/// <summary>Everything the endpoints share: options, schema, databases, tokens, sockets, plans and files.</summary>
internal sealed class ServerState
{
    public ServerState(DevServerOptions options, ServerSchema schema, IReadOnlyDictionary<string, CollectDatabase> databases,
        PlanCatalog plans, FileStore files, string openApiJson)
    {
        Options = options;
        Schema = schema;
        Databases = databases;
        Plans = plans;
        Files = files;
        OpenApiJson = openApiJson;
        Time = options.TimeProvider;
        Tokens = new TokenService(options.TimeProvider, options.AccessTokenLifetime, options.RefreshTokenLifetime);
        Sockets = new SocketHub(options.MaxWebSocketMessageBytes);
    }

    public DevServerOptions Options { get; }
    public ServerSchema Schema { get; }
    public IReadOnlyDictionary<string, CollectDatabase> Databases { get; }
    public PlanCatalog Plans { get; }
    public FileStore Files { get; }
    public string OpenApiJson { get; }
    public TimeProvider Time { get; }
    public TokenService Tokens { get; }
    public SocketHub Sockets { get; }

    /// <summary>Local "now" of the server's clock.</summary>
    public DateTimeOffset LocalNow => Time.GetLocalNow();
}
