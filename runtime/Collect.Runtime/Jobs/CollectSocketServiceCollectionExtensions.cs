using System;
using Collect.Runtime;
using Collect.Runtime.Internal;
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
        // After every Configure: an address of the socket's own wins over the client's.
        options.PostConfigure<IServiceProvider>(static (socket, provider) =>
        {
            if (socket.BaseAddress is null && socket.WebSocketAddress is null)
                socket.BaseAddress = provider.GetService<IOptions<CollectClientOptions>>()?.Value.BaseAddress;
        });
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectSocketOptions>>(
            new CollectOptionsValidator<CollectSocketOptions>(static options => options.Validate())));

        services.TryAddSingleton(static provider =>
        {
            var configured = provider.GetRequiredService<IOptions<CollectSocketOptions>>().Value;
            // A copy: the socket keeps its own options, whatever later changes the shared instance.
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
            return new CollectSocket(options, provider.GetService<ILogger<CollectSocket>>());
        });
        services.TryAddSingleton<ICollectJobRunner>(static provider => provider.GetRequiredService<CollectSocket>());
        return services;
    }
}

