using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Tests.Jobs;
using Xunit;

namespace Collect.Runtime.Tests.Auth;

/// <summary>
/// Time limits against a server that holds the request until the client gives up (or the test ends), so
/// the limit is the only way a call can end. <see cref="CollectClientOptions.RequestTimeout"/> runs on a
/// <see cref="ManualTimeProvider"/>: it fires when the test moves the clock, however slow the machine.
/// </summary>
public sealed class TimeoutTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    /// <summary>A server that never answers <paramref name="slowPath"/> (until the client gives up), and counts each arrival.</summary>
    private static FakeCollect Hanging(FakeCollect fake, string slowPath, SemaphoreSlim arrived)
    {
        fake.Intercept = async (context, path) =>
        {
            if (path != slowPath) return false;
            arrived.Release();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            return true;
        };
        return fake;
    }

    private static Connection OpenWithClock(FakeCollect fake, ManualTimeProvider time) =>
        Connection.Open(fake, options =>
        {
            options.RequestTimeout = Limit;
            options.Clock = time;
        });

    // Starts a call, waits until the server holds it, then moves the clock to its limit. (A call that joins a
    // sign-in which has just timed out fails with that timeout without reaching the server again.)
    private static async Task<TimeoutException> TimesOutAsync(Func<Task> call, SemaphoreSlim arrived, ManualTimeProvider time)
    {
        var running = call();
        using var stop = new CancellationTokenSource();
        var arrival = arrived.WaitAsync(Safety, stop.Token);
        if (await Task.WhenAny(running, arrival) == arrival)
        {
            Assert.True(await arrival, "the request never reached the server");
            time.Advance(Limit - TimeSpan.FromSeconds(1));
            Assert.False(running.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(1));
        }
        else
        {
            // No arrival of this call's own: leave none for the next call to miss.
            stop.Cancel();
            await Task.WhenAny(arrival);
        }
        return await Assert.ThrowsAsync<TimeoutException>(() => running).WaitAsync(Safety);
    }

    [Fact]
    public async Task A_slow_answer_hits_the_request_timeout()
    {
        using var arrived = new SemaphoreSlim(0);
        var fake = Hanging(server.Tenant(), "api/v1/collect/data/contact/101", arrived);
        var time = new ManualTimeProvider();
        using var connection = OpenWithClock(fake, time);
        await connection.Session.SignInAsync(); // so that the limit applies to the call alone

        var error = await TimesOutAsync(() => connection.Records.GetAsync<Contact>(101, CancellationToken.None), arrived, time);

        Assert.Contains("GET", error.Message, StringComparison.Ordinal);
        Assert.Contains("contact/101", error.Message, StringComparison.Ordinal);
        Assert.Contains("30 s (CollectClientOptions.RequestTimeout)", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
    }

    [Fact]
    public async Task A_slow_sign_in_hits_the_request_timeout()
    {
        using var arrived = new SemaphoreSlim(0);
        var fake = Hanging(server.Tenant(), FakeCollect.LoginPath, arrived);
        var time = new ManualTimeProvider();
        using var connection = OpenWithClock(fake, time);

        await TimesOutAsync(() => connection.Records.GetAsync<Contact>(101, CancellationToken.None), arrived, time);
        await TimesOutAsync(() => connection.Session.SignInAsync(), arrived, time);
        await TimesOutAsync(() => connection.App.RunPlanAsync("REV", "debtor", 1, null), arrived, time);
        Assert.InRange(fake.To(FakeCollect.LoginPath).Count, 1, 3);
        Assert.Null(connection.Session.Operator);
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancellation_not_a_timeout()
    {
        using var arrived = new SemaphoreSlim(0);
        var fake = Hanging(server.Tenant(), "api/v1/collect/data/contact/101", arrived);
        using var connection = Connection.Open(fake);
        using var cancellation = new CancellationTokenSource();

        var call = connection.Records.GetAsync<Contact>(101, cancellation.Token);
        Assert.True(await arrived.WaitAsync(Safety));
        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task Cancelling_while_signing_in_is_a_cancellation()
    {
        using var arrived = new SemaphoreSlim(0);
        var fake = Hanging(server.Tenant(), FakeCollect.LoginPath, arrived);
        using var connection = Connection.Open(fake);
        using var cancellation = new CancellationTokenSource();

        var call = connection.Records.GetAsync<Contact>(101, cancellation.Token);
        Assert.True(await arrived.WaitAsync(Safety));
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Null(connection.Session.Operator);
    }

    [Fact]
    public async Task The_http_clients_own_timeout_is_a_timeout_too()
    {
        using var arrived = new SemaphoreSlim(0);
        var fake = Hanging(server.Tenant(), "api/v1/collect/data/contact/101", arrived);
        using var connection = Connection.Open(fake, options => options.RequestTimeout = Timeout.InfiniteTimeSpan);
        await connection.Session.SignInAsync(); // so that the HttpClient's limit applies to the call alone
        // The HttpClient's own timer cannot run on a manual clock; the server holds the call until the
        // client gives up, so that timer is still the only way the call can end.
        connection.Api.Timeout = TimeSpan.FromMilliseconds(300);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => connection.Records.GetAsync<Contact>(101, CancellationToken.None)).WaitAsync(Safety);

        Assert.Contains("HttpClient's Timeout", error.Message, StringComparison.Ordinal);
    }
}
