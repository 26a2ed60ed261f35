using System;
using System.Net.WebSockets;

namespace Collect.Runtime.Jobs;

/// <summary>
/// Where the Collect! web socket lives and how long connecting may take. The socket carries the
/// prompts of long-running jobs (contact plans, reports); see <see cref="CollectSocket"/>.
/// </summary>
public sealed class CollectSocketOptions
{
    /// <summary>
    /// The API's absolute address (the same as <see cref="CollectClientOptions.BaseAddress"/>). The
    /// socket's address is derived from it: <c>http</c> becomes <c>ws</c>, <c>https</c> becomes
    /// <c>wss</c>, and <see cref="WebSocketPath"/> is appended below its path, so
    /// <c>https://host/collect/</c> gives <c>wss://host/collect/websocket</c>. Ignored when
    /// <see cref="WebSocketAddress"/> is set.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// The socket's absolute address, e.g. <c>ws://127.0.0.1:4001</c> for a server reached directly
    /// on its port. Overrides <see cref="BaseAddress"/>; an <c>http</c>/<c>https</c> address is taken
    /// as <c>ws</c>/<c>wss</c>.
    /// </summary>
    public Uri? WebSocketAddress { get; set; }

    /// <summary>
    /// The socket's path below <see cref="BaseAddress"/>. Default <c>websocket</c>, as behind the
    /// documented Apache proxy; set it to an empty string for a server reached directly on its port.
    /// </summary>
    public string WebSocketPath { get; set; } = "websocket";

    /// <summary>
    /// How long opening the socket and receiving its key message may take (default 30 seconds);
    /// longer fails the job with a <see cref="TimeoutException"/>.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest message the socket accepts, in bytes (default 4 MiB). A larger message closes the
    /// socket, failing the jobs it carries, instead of exhausting memory.
    /// </summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Called for every new <see cref="ClientWebSocket"/> before it connects, e.g. to set request
    /// headers, a proxy, client certificates or the keep-alive interval. The docs do not say whether
    /// the server wants a token on connect; the dev server does not.
    /// </summary>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; set; }

    /// <summary>
    /// The clock behind every timeout of the socket and its jobs (default <see cref="TimeProvider.System"/>);
    /// tests replace it to reach timeouts without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the options and throws a clear exception for the first problem found.</summary>
    /// <exception cref="InvalidOperationException">An option is missing or invalid.</exception>
    public void Validate() => _ = ResolveWebSocketAddress();

    /// <summary>The socket's address as the options give it (see <see cref="BaseAddress"/> and <see cref="WebSocketAddress"/>).</summary>
    /// <exception cref="InvalidOperationException">An option is missing or invalid.</exception>
    public Uri ResolveWebSocketAddress()
    {
        if (ConnectTimeout <= TimeSpan.Zero && ConnectTimeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw Invalid(nameof(ConnectTimeout), "must be positive (or Timeout.InfiniteTimeSpan).");
        if (ConnectTimeout.TotalMilliseconds > uint.MaxValue - 1)
            throw Invalid(nameof(ConnectTimeout), "is too long: use Timeout.InfiniteTimeSpan to wait for ever.");
        if (MaxMessageBytes < 1024)
            throw Invalid(nameof(MaxMessageBytes), "must be at least 1024 bytes.");
        if (TimeProvider is null)
            throw Invalid(nameof(TimeProvider), "is missing: leave it at TimeProvider.System.");

        if (WebSocketAddress is { } explicitAddress)
        {
            if (!explicitAddress.IsAbsoluteUri)
                throw Invalid(nameof(WebSocketAddress), $"'{explicitAddress.OriginalString}' is relative: it must be an absolute ws:// or wss:// address.");
            var scheme = SocketScheme(explicitAddress.Scheme)
                ?? throw Invalid(nameof(WebSocketAddress), $"'{explicitAddress.GetLeftPart(UriPartial.Path)}' must be a ws, wss, http or https address.");
            if (explicitAddress.Fragment.Length > 0)
                throw Invalid(nameof(WebSocketAddress), "must not carry a fragment.");
            return new UriBuilder(explicitAddress) { Scheme = scheme, Port = PortFor(explicitAddress) }.Uri;
        }

        if (BaseAddress is null)
            throw Invalid(nameof(BaseAddress), "is missing: set it to the API's absolute address (e.g. https://api.example.com/) or set WebSocketAddress.");
        if (!BaseAddress.IsAbsoluteUri)
            throw Invalid(nameof(BaseAddress), $"'{BaseAddress.OriginalString}' is relative: it must be an absolute address, e.g. https://api.example.com/.");
        if (BaseAddress.Scheme != Uri.UriSchemeHttp && BaseAddress.Scheme != Uri.UriSchemeHttps)
            throw Invalid(nameof(BaseAddress), $"'{BaseAddress.GetLeftPart(UriPartial.Path)}' must be an http or https address.");
        if (BaseAddress.Query.Length > 0 || BaseAddress.Fragment.Length > 0)
            throw Invalid(nameof(BaseAddress), $"'{BaseAddress.GetLeftPart(UriPartial.Path)}' must not carry a query string or fragment.");
        if (WebSocketPath is null)
            throw Invalid(nameof(WebSocketPath), "is null: use an empty string for no path.");

        var path = BaseAddress.AbsolutePath;
        if (!path.EndsWith('/')) path += "/";
        path += WebSocketPath.Trim('/');
        return new UriBuilder(BaseAddress)
        {
            Scheme = BaseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Port = PortFor(BaseAddress),
            Path = path,
        }.Uri;
    }

    /// <summary>
    /// An address as logs and exception messages show it: without the user name, password or query string
    /// it may carry (an explicit <see cref="WebSocketAddress"/> may hold credentials or a token there).
    /// </summary>
    internal static string Display(Uri address) =>
        address.IsAbsoluteUri
            ? address.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : "(relative address)";

    private static string? SocketScheme(string scheme) => scheme switch
    {
        "ws" or "http" => "ws",
        "wss" or "https" => "wss",
        _ => null,
    };

    // The explicit port, or -1 for the scheme's default (so http:80 -> ws:80 and https:443 -> wss:443 stay implicit).
    private static int PortFor(Uri address) => address.IsDefaultPort ? -1 : address.Port;

    private static InvalidOperationException Invalid(string option, string problem) =>
        new($"CollectSocketOptions.{option} {problem}");
}
