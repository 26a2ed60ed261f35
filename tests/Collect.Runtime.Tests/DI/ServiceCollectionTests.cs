using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Collect.Runtime.Tests.DI;

/// <summary>A hand-written stand-in for a generated entry point: a public <c>(ICollectRecordApi)</c> constructor.</summary>
public sealed class TestDb(ICollectRecordApi api)
{
    public ContactRepository Contacts { get; } = new(api);
}

public sealed class ContactRepository(ICollectRecordApi api) : CollectRepository<Contact>(api);

public sealed class ServiceCollectionTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    private static ServiceProvider Build(FakeCollect fake, LogCapture logs, Action<CollectClientOptions>? configure = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddCollectClient(options =>
        {
            options.BaseAddress = fake.BaseAddress;
            options.OperatorId = FakeCollect.OperatorId;
            options.Password = FakeCollect.Password;
            configure?.Invoke(options);
        });
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    [Fact]
    public async Task A_generated_entry_point_resolves_and_signs_in_through_the_pipeline()
    {
        var fake = server.Tenant();
        var logs = new LogCapture();
        await using var services = Build(fake, logs, options => options.Database = "demodb", s => s.AddCollectDb<TestDb>());

        var db = services.GetRequiredService<TestDb>();
        var contact = await db.Contacts.GetAsync(101);
        var page = await db.Contacts.ListAsync(new CollectQuery { Filter = new FilterColumn<string>("co_description").Eq("secret-filter") });

        Assert.Equal(101, contact.RowId!.Value.Value);
        Assert.Equal(2, page.Rows.Count);
        Assert.Equal(1, fake.Logins);
        Assert.All(fake.Requests, r => Assert.Equal("cv_demodb", r.Header("x-collect-database")));
        var session = services.GetRequiredService<ICollectSession>();
        Assert.Same(services.GetRequiredService<CollectSession>(), session);
        Assert.Equal("OWN", session.Operator?.Id);
        Assert.Equal("cv_demodb", session.Database);

        // Our handler logs each exchange; the factory's own logging (which would print query strings) is gone.
        var answered = logs.Entries.Where(e => e.EventId.Name == "CollectRequestAnswered").Select(e => e.Message).ToList();
        Assert.Equal(3, answered.Count);
        Assert.StartsWith("POST " + fake.BaseAddress.AbsolutePath + FakeCollect.LoginPath + " answered 200", answered[0], StringComparison.Ordinal);
        Assert.StartsWith("GET " + fake.BaseAddress.AbsolutePath + "api/v1/collect/data/contact/101 answered 200", answered[1], StringComparison.Ordinal);
        Assert.DoesNotContain("secret-filter", logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeCollect.Password, logs.AllText, StringComparison.Ordinal);
        Assert.All(fake.IssuedSecrets, secret => Assert.DoesNotContain(secret, logs.AllText, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_entry_point_can_be_built_by_a_factory()
    {
        var fake = server.Tenant();
        var created = 0;
        await using var services = Build(fake, new LogCapture(), more: s => s.AddCollectDb(api =>
        {
            Interlocked.Increment(ref created);
            return new TestDb(api);
        }));

        var db = services.GetRequiredService<TestDb>();
        await db.Contacts.GetAsync(101);

        Assert.Equal(1, created);
        Assert.NotSame(db, services.GetRequiredService<TestDb>());
    }

    [Fact]
    public async Task The_app_client_and_the_record_api_share_the_session()
    {
        var fake = server.Tenant();
        fake.App = (context, path) => FakeCollect.Json(context, 200, """{"status":200,"result":{"name":"Debtor","id":"d-1"}}""");
        await using var services = Build(fake, new LogCapture());

        var form = await services.GetRequiredService<ICollectAppApi>().GetFormAsync("d-1");
        await services.GetRequiredService<ICollectRecordApi>().GetAsync<Contact>(101, CancellationToken.None);
        await services.GetRequiredService<CollectAppClient>().GetFormAsync("d-1");

        Assert.Equal("Debtor", form.Name);
        Assert.Equal(1, fake.Logins);
        Assert.IsType<CollectRecordClient>(services.GetRequiredService<ICollectRecordApi>());
    }

    [Fact]
    public async Task The_request_timeout_applies_through_di()
    {
        var fake = server.Tenant();
        using var arrived = new SemaphoreSlim(0);
        fake.App = async (context, path) =>
        {
            // Held until the client gives up (or the test ends): the limit is the only way the call can end.
            arrived.Release();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        };
        // The registered clock measures the limit, so it fires when the test moves the clock.
        var time = new Jobs.ManualTimeProvider();
        await using var services = Build(fake, new LogCapture(), options => options.RequestTimeout = TimeSpan.FromSeconds(30),
            s => s.AddSingleton<TimeProvider>(time));
        await services.GetRequiredService<ICollectSession>().SignInAsync();

        var call = services.GetRequiredService<ICollectAppApi>().GetFormAsync("slow");
        Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("30 s (CollectClientOptions.RequestTimeout)", error.Message, StringComparison.Ordinal);
        Assert.Same(time, services.GetRequiredService<IOptions<CollectClientOptions>>().Value.Clock);
    }

    [Fact]
    public void Invalid_options_fail_with_a_clear_message()
    {
        var fake = server.Tenant();
        using var services = Build(fake, new LogCapture(), options =>
        {
            options.OperatorId = null;
            options.Password = null;
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ICollectRecordApi>());
        Assert.Contains("CollectClientOptions.OperatorId is missing", error.Message, StringComparison.Ordinal);

        // The same message at start-up, as a host reports it.
        var atStart = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("OperatorId", atStart.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_base_address_fails_with_a_clear_message()
    {
        var services = new ServiceCollection();
        services.AddCollectClient(options => options.OperatorId = "OWN");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICollectSession>());

        Assert.Contains("CollectClientOptions.BaseAddress is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_named_clients_are_there_to_configure()
    {
        var services = new ServiceCollection();
        var builder = services.AddCollectClient(options =>
        {
            options.BaseAddress = new Uri("https://api.example.com/");
            options.OperatorId = "OWN";
            options.Password = "own";
        });

        Assert.Equal(CollectServiceCollectionExtensions.HttpClientName, builder.Name);
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        Assert.Equal(Timeout.InfiniteTimeSpan, factory.CreateClient(CollectServiceCollectionExtensions.HttpClientName).Timeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, factory.CreateClient(CollectServiceCollectionExtensions.AuthHttpClientName).Timeout);
    }
}
