using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Collect.Runtime.Tests.Auth;

public sealed class TimeoutTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    /// <summary>A server that never answers <paramref name="slowPath"/> (until the client gives up), and says when it got it.</summary>
    private static FakeCollect Hanging(FakeCollect fake, string slowPath, TaskCompletionSource arrived)
    {
        fake.Intercept = async (context, path) =>
        {
            if (path != slowPath) return false;
            arrived.TrySetResult();
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

    [Fact]
    public async Task A_slow_answer_hits_the_request_timeout()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = Hanging(server.Tenant(), "api/v1/collect/data/contact/101", arrived);
        using var connection = Connection.Open(fake, options => options.RequestTimeout = Short);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => connection.Records.GetAsync<Contact>(101, CancellationToken.None));

        Assert.True(arrived.Task.IsCompleted);
        Assert.Contains("GET", error.Message, StringComparison.Ordinal);
        Assert.Contains("contact/101", error.Message, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
    }

    [Fact]
    public async Task A_slow_sign_in_hits_the_request_timeout()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = Hanging(server.Tenant(), FakeCollect.LoginPath, arrived);
        using var connection = Connection.Open(fake, options => options.RequestTimeout = Short);

        await Assert.ThrowsAsync<TimeoutException>(() => connection.Records.GetAsync<Contact>(101, CancellationToken.None));
        await Assert.ThrowsAsync<TimeoutException>(() => connection.Session.SignInAsync());
        await Assert.ThrowsAsync<TimeoutException>(() => connection.App.RunPlanAsync("REV", "debtor", 1, null));
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancellation_not_a_timeout()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = Hanging(server.Tenant(), "api/v1/collect/data/contact/101", arrived);
        using var connection = Connection.Open(fake);
        using var cancellation = new CancellationTokenSource();

        var call = connection.Records.GetAsync<Contact>(101, cancellation.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(20));
        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task Cancelling_while_signing_in_is_a_cancellation()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = Hanging(server.Tenant(), FakeCollect.LoginPath, arrived);
        using var connection = Connection.Open(fake);
        using var cancellation = new CancellationTokenSource();

        var call = connection.Records.GetAsync<Contact>(101, cancellation.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(20));
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Null(connection.Session.Operator);
    }

    [Fact]
    public async Task The_http_clients_own_timeout_is_a_timeout_too()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = Hanging(server.Tenant(), "api/v1/collect/data/contact/101", arrived);
        using var connection = Connection.Open(fake, options => options.RequestTimeout = Timeout.InfiniteTimeSpan);
        connection.Api.Timeout = Short;

        var error = await Assert.ThrowsAsync<TimeoutException>(() => connection.Records.GetAsync<Contact>(101, CancellationToken.None));

        Assert.Contains("HttpClient's Timeout", error.Message, StringComparison.Ordinal);
    }
}
