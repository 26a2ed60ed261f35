using System;
using Collect.Runtime;
using Collect.Runtime.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Collect! web socket and its job loop.</summary>
public static class CollectSocketServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="CollectSocket"/> for the application (a singleton, also as
    /// <see cref="ICollectJobRunner"/>), configured by <see cref="CollectSocketOptions"/>. Unless the
    /// options name an address, the socket's address is derived from
    /// <see cref="CollectClientOptions.BaseAddress"/> (as <c>AddCollectClient</c> configures it).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the socket's options, if anything differs from the defaults.</param>
    public static IServiceCollection AddCollectSocket(this IServiceCollection services, Action<CollectSocketOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CollectSocketOptions>();
        if (configure is not null) options.Configure(configure);

        services.TryAddSingleton(static provider =>
        {
            var configured = provider.GetRequiredService<IOptions<CollectSocketOptions>>().Value;
            var options = new CollectSocketOptions
            {
                BaseAddress = configured.BaseAddress,
                WebSocketAddress = configured.WebSocketAddress,
                WebSocketPath = configured.WebSocketPath,
                ConnectTimeout = configured.ConnectTimeout,
                MaxMessageBytes = configured.MaxMessageBytes,
                ConfigureWebSocket = configured.ConfigureWebSocket,
                TimeProvider = configured.TimeProvider,
            };
            if (options.BaseAddress is null && options.WebSocketAddress is null)
                options.BaseAddress = provider.GetService<IOptions<CollectClientOptions>>()?.Value.BaseAddress;
            return new CollectSocket(options, provider.GetService<ILogger<CollectSocket>>());
        });
        services.TryAddSingleton<ICollectJobRunner>(static provider => provider.GetRequiredService<CollectSocket>());
        return services;
    }
}
