using System;
using System.Diagnostics.CodeAnalysis;
using System.Net.Http;
using System.Threading;
using Collect.Runtime;
using Collect.Runtime.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Collect! client on <c>IHttpClientFactory</c>, the Options pattern and <c>ILogger</c>.</summary>
public static class CollectServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> that calls the API (with the sign-in and logging handlers).</summary>
    public const string HttpClientName = "Collect.Runtime";

    /// <summary>The name of the <see cref="HttpClient"/> that sends the sign-in and refresh requests (logging handler only).</summary>
    public const string AuthHttpClientName = "Collect.Runtime.Auth";

    /// <summary>
    /// Registers the Collect! client: <see cref="CollectClientOptions"/> (validated at start-up), a
    /// singleton <see cref="CollectSession"/> (also as <see cref="ICollectSession"/>), and transient
    /// <see cref="CollectRecordClient"/> (also as <see cref="ICollectRecordApi"/>) and
    /// <see cref="CollectAppClient"/> (also as <see cref="ICollectAppApi"/>) over the named
    /// <see cref="HttpClient"/> <see cref="HttpClientName"/>, whose pipeline is
    /// <see cref="CollectAuthenticationHandler"/> → <see cref="CollectLoggingHandler"/> → the network.
    /// </summary>
    /// <remarks>
    /// The factory's own request logging is removed from both clients, since it would log query
    /// strings; <see cref="CollectLoggingHandler"/> logs method, path, status and duration instead.
    /// The clients' <see cref="HttpClient.Timeout"/> is infinite:
    /// <see cref="CollectClientOptions.RequestTimeout"/> bounds each call (and each read of a download, so
    /// a whole file can take as long as it needs), and <see cref="CollectClientOptions.JobRequestTimeout"/>
    /// a job's call. Register generated entry points with <see cref="AddCollectDb{TDb}(IServiceCollection)"/>.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (base address, database, credentials, ...).</param>
    /// <returns>The builder of the API's <see cref="HttpClient"/>, to add handlers or configure the primary handler.</returns>
    public static IHttpClientBuilder AddCollectClient(this IServiceCollection services, Action<CollectClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<CollectClientOptions>().Configure(configure)
            // The registered clock measures the time limits too (tests register a manual one).
            .PostConfigure<TimeProvider>(static (options, clock) => options.Clock ??= clock)
            .ValidateOnStart();
        // Everything CollectClientOptions.Validate checks, and the credentials.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectClientOptions>>(
            new CollectOptionsValidator<CollectClientOptions>(static options => options.ValidateForSignIn())));
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(AuthHttpClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddHttpMessageHandler(static sp => new CollectLoggingHandler(sp.GetRequiredService<ILogger<CollectLoggingHandler>>()));

        services.TryAddSingleton(static sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new CollectSession(
                () => factory.CreateClient(AuthHttpClientName),
                Options(sp),
                sp.GetService<ILoggerFactory>()?.CreateLogger<CollectSession>(),
                sp.GetService<TimeProvider>());
        });
        services.TryAddSingleton<ICollectSession>(static sp => sp.GetRequiredService<CollectSession>());

        services.TryAddTransient(static sp => new CollectRecordClient(ApiClient(sp), Options(sp)));
        services.TryAddTransient<ICollectRecordApi>(static sp => sp.GetRequiredService<CollectRecordClient>());
        services.TryAddTransient(static sp => new CollectAppClient(ApiClient(sp), Options(sp)));
        services.TryAddTransient<ICollectAppApi>(static sp => sp.GetRequiredService<CollectAppClient>());

        return services.AddHttpClient(HttpClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddHttpMessageHandler(static sp => new CollectAuthenticationHandler(
                sp.GetRequiredService<CollectSession>(),
                sp.GetService<ILogger<CollectAuthenticationHandler>>()))
            .AddHttpMessageHandler(static sp => new CollectLoggingHandler(sp.GetRequiredService<ILogger<CollectLoggingHandler>>()));
    }

    /// <summary>
    /// Registers a generated entry point (e.g. <c>CollectDb</c>) as transient, built by its public
    /// <c>(ICollectRecordApi)</c> constructor over the <see cref="ICollectRecordApi"/> that
    /// <see cref="AddCollectClient"/> registers.
    /// </summary>
    /// <typeparam name="TDb">The generated entry point.</typeparam>
    public static IServiceCollection AddCollectDb<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDb>(this IServiceCollection services)
        where TDb : class
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddTransient<TDb>();
        return services;
    }

    /// <summary>
    /// Registers a generated entry point (e.g. <c>CollectDb</c>) as transient, built by
    /// <paramref name="create"/> (e.g. <c>api =&gt; new CollectDb(api)</c>) over the
    /// <see cref="ICollectRecordApi"/> that <see cref="AddCollectClient"/> registers.
    /// </summary>
    /// <typeparam name="TDb">The generated entry point.</typeparam>
    public static IServiceCollection AddCollectDb<TDb>(this IServiceCollection services, Func<ICollectRecordApi, TDb> create)
        where TDb : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(create);
        services.TryAddTransient(sp => create(sp.GetRequiredService<ICollectRecordApi>()));
        return services;
    }

    private static CollectClientOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<CollectClientOptions>>().Value;

    private static HttpClient ApiClient(IServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
}
