using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Collect.Runtime.Tests.Auth;

public sealed class RefreshTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    private const string Data = "api/v1/collect/data/contact/101";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_401_refreshes_once_and_sends_the_request_again()
    {
        var fake = server.Tenant();
        using var connection = Connection.Open(fake);
        await connection.Records.GetAsync<Contact>(101, None);
        fake.RevokeAccessTokens();

        var contact = await connection.Records.GetAsync<Contact>(101, None);

        Assert.Equal(101, contact.RowId!.Value.Value);
        Assert.Equal([FakeCollect.LoginPath, Data, Data, FakeCollect.RefreshPath, Data], fake.Paths);
        Assert.Equal(1, fake.Logins);
        Assert.Equal(1, fake.Refreshes);
        var data = fake.To(Data);
        Assert.Equal(data[0].Header("authorization"), data[1].Header("authorization"));
        Assert.StartsWith("Bearer opaque-2-", data[2].Header("authorization"), StringComparison.Ordinal);
        var refresh = fake.To(FakeCollect.RefreshPath).Single();
        Assert.StartsWith("""{"refresh_token":"refresh-1-""", refresh.Body, StringComparison.Ordinal);
        Assert.Null(refresh.Header("authorization"));
    }

    [Fact]
    public async Task A_second_401_is_not_retried_again()
    {
        var fake = server.Tenant();
        fake.App = (context, _) => FakeCollect.Json(context, 401, """{"status":401,"message":"Operator may not see forms"}""");
        using var connection = Connection.Open(fake);

        var error = await Assert.ThrowsAsync<CollectAuthenticationException>(() => connection.App.GetFormAsync("f-1"));

        Assert.Equal("Operator may not see forms", error.ServerMessage);
        Assert.Equal(2, fake.To("ui/forms/f-1").Count);
        Assert.Equal(1, fake.Logins);
        Assert.Equal(1, fake.Refreshes);
    }

    [Fact]
    public async Task When_refresh_fails_the_client_signs_in_again()
    {
        var fake = server.Tenant();
        fake.RefreshFails = true;
        using var connection = Connection.Open(fake);
        await connection.Records.GetAsync<Contact>(101, None);
        fake.RevokeAccessTokens();

        await connection.Records.GetAsync<Contact>(101, None);

        Assert.Equal([FakeCollect.LoginPath, Data, Data, FakeCollect.RefreshPath, FakeCollect.LoginPath, Data], fake.Paths);
        Assert.Equal(2, fake.Logins);
        Assert.Contains(connection.Logs.Entries, e => e.EventId.Name == "CollectTokenRefreshFailed");
    }

    [Fact]
    public async Task A_jwt_whose_exp_is_near_is_refreshed_before_the_request()
    {
        var clock = new ManualClock(Start);
        var fake = server.Tenant();
        fake.Clock = clock;
        fake.JwtLifetime = TimeSpan.FromMinutes(10);
        using var connection = Connection.Open(fake, options => options.TokenRefreshMargin = TimeSpan.FromMinutes(1), clock);
        await connection.Records.GetAsync<Contact>(101, None);

        clock.Advance(TimeSpan.FromMinutes(8));
        await connection.Records.GetAsync<Contact>(101, None);
        Assert.Equal(0, fake.Refreshes);

        clock.Advance(TimeSpan.FromSeconds(61)); // 59 s before exp: within the margin
        await connection.Records.GetAsync<Contact>(101, None);

        Assert.Equal(1, fake.Refreshes);
        Assert.Equal(0, fake.Rejections);
        Assert.Equal([FakeCollect.LoginPath, Data, Data, FakeCollect.RefreshPath, Data], fake.Paths);
        var data = fake.To(Data);
        Assert.NotEqual(data[1].Header("authorization"), data[2].Header("authorization"));
    }

    [Fact]
    public async Task A_short_lived_jwt_is_refreshed_half_way_not_on_every_request()
    {
        var clock = new ManualClock(Start);
        var fake = server.Tenant();
        fake.Clock = clock;
        fake.JwtLifetime = TimeSpan.FromSeconds(40); // shorter than the margin
        using var connection = Connection.Open(fake, options => options.TokenRefreshMargin = TimeSpan.FromMinutes(5), clock);

        await connection.Records.GetAsync<Contact>(101, None);
        await connection.Records.GetAsync<Contact>(101, None);
        clock.Advance(TimeSpan.FromSeconds(19));
        await connection.Records.GetAsync<Contact>(101, None);
        Assert.Equal(0, fake.Refreshes);

        clock.Advance(TimeSpan.FromSeconds(2));
        await connection.Records.GetAsync<Contact>(101, None);
        await connection.Records.GetAsync<Contact>(101, None);
        Assert.Equal(1, fake.Refreshes);
    }

    [Fact]
    public async Task An_opaque_token_is_not_refreshed_until_the_server_refuses_it()
    {
        var clock = new ManualClock(Start);
        var fake = server.Tenant();
        using var connection = Connection.Open(fake, clock: clock);
        await connection.Records.GetAsync<Contact>(101, None);

        clock.Advance(TimeSpan.FromDays(30));
        await connection.Records.GetAsync<Contact>(101, None);

        Assert.Equal(0, fake.Refreshes);
        Assert.Equal(1, fake.Logins);
    }

    [Fact]
    public async Task A_token_expiring_mid_run_is_renewed_without_failing_a_call()
    {
        var fake = server.Tenant();
        using var connection = Connection.Open(fake);

        for (var i = 0; i < 10; i++)
        {
            if (i == 5) fake.RevokeAccessTokens();
            var page = await connection.Records.ListAsync<Contact>(null, None);
            Assert.Equal(2, page.Rows.Count);
        }

        Assert.Equal(1, fake.Logins);
        Assert.Equal(1, fake.Refreshes);
        Assert.Equal(1, fake.Rejections);
        Assert.Equal(11, fake.To("data/contact").Count);
    }

    [Fact]
    public async Task A_jwt_expiring_mid_run_is_refreshed_ahead_of_time()
    {
        var clock = new ManualClock(Start);
        var fake = server.Tenant();
        fake.Clock = clock;
        fake.JwtLifetime = TimeSpan.FromMinutes(5);
        using var connection = Connection.Open(fake, clock: clock);

        for (var i = 0; i < 20; i++)
        {
            await connection.Records.GetAsync<Contact>(101, None);
            clock.Advance(TimeSpan.FromSeconds(30)); // 10 minutes in all: two tokens' lives
        }

        Assert.Equal(1, fake.Logins);
        Assert.Equal(2, fake.Refreshes);
        Assert.Equal(0, fake.Rejections);
    }

    [Fact]
    public async Task A_refresh_storm_of_100_requests_meeting_a_refused_token_makes_one_refresh()
    {
        const int Concurrent = 100;
        var fake = server.Tenant();
        using var connection = Connection.Open(fake);
        await connection.Records.GetAsync<Contact>(101, None);
        fake.RevokeAccessTokens();
        // The refresh is answered only once all requests were refused, so all of them meet the old token.
        fake.HoldRefreshUntilRejections = Concurrent;

        var contacts = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => Task.Run(() => connection.Records.GetAsync<Contact>(101, None))));

        Assert.All(contacts, c => Assert.Equal(101, c.RowId!.Value.Value));
        Assert.Equal(Concurrent, fake.Rejections);
        Assert.Equal(1, fake.Refreshes);
        Assert.Equal(1, fake.Logins);
        Assert.Equal(1 + 2 * Concurrent, fake.To(Data).Count);
    }

    [Fact]
    public async Task A_refresh_storm_of_100_requests_meeting_an_expiring_jwt_makes_one_refresh()
    {
        const int Concurrent = 100;
        var clock = new ManualClock(Start);
        var fake = server.Tenant();
        fake.Clock = clock;
        fake.JwtLifetime = TimeSpan.FromMinutes(10);
        var waiting = new WaitingRequests(Concurrent + 1);
        using var connection = Connection.Open(fake, clock: clock, outer: waiting);
        await connection.Records.GetAsync<Contact>(101, None);
        clock.Advance(TimeSpan.FromMinutes(9.5));
        // The refresh is answered only once all 100 requests wait for a token, so all of them meet the expiring one.
        fake.HoldRefreshUntil = waiting.AllWaiting.Task;

        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => Task.Run(() => connection.Records.GetAsync<Contact>(101, None))));

        Assert.True(waiting.AllWaiting.Task.IsCompleted);
        Assert.Equal(1, fake.Refreshes);
        Assert.Equal(1, fake.Logins);
        Assert.Equal(0, fake.Rejections);
    }

    [Fact]
    public async Task A_storm_with_no_token_yet_makes_one_sign_in()
    {
        const int Concurrent = 100;
        var fake = server.Tenant();
        using var connection = Connection.Open(fake);

        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => Task.Run(() => connection.Records.GetAsync<Contact>(101, None))));

        Assert.Equal(1, fake.Logins);
        Assert.Equal(0, fake.Refreshes);
    }

    [Fact]
    public async Task A_small_request_body_is_sent_again_after_a_401()
    {
        var fake = server.Tenant();
        using var connection = Connection.Open(fake);
        await connection.Session.SignInAsync();
        fake.RevokeAccessTokens();

        var created = await connection.Records.CreateAsync(new Contact { Description = "Call back", Type = 5 }, BusinessLogic.FullLogic, None);

        Assert.Equal(501, created.RowId!.Value.Value);
        var posts = fake.To("data/contact").Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Body, posts[1].Body);
        Assert.Contains("\"co_description\":\"Call back\"", posts[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_upload_is_not_sent_again_and_its_401_surfaces()
    {
        var fake = server.Tenant();
        var uploads = 0;
        fake.App = async (context, path) =>
        {
            Interlocked.Increment(ref uploads);
            await context.Request.Body.CopyToAsync(Stream.Null);
            await FakeCollect.Json(context, 200, """{"status":200,"result":{"recordType":"debtor","fileName":"a.bin","fileNumber":"1"}}""");
        };
        using var connection = Connection.Open(fake);
        await connection.Session.SignInAsync();
        fake.RevokeAccessTokens();

        // A stream that cannot seek: its length is unknown, so the client cannot buffer it to send it twice.
        using var source = new OneWayStream(new MemoryStream(new byte[256 * 1024]));
        var error = await Assert.ThrowsAsync<CollectAuthenticationException>(() =>
            connection.App.UploadAsync("debtor", 123, "a.bin", source, CollectOverwrite.Yes));

        Assert.Equal(401, error.StatusCode);
        Assert.Single(fake.To("app/upload"));
        Assert.Equal(0, uploads);
        // The token was renewed all the same: the next call needs no other renewal.
        Assert.Equal(1, fake.Refreshes);
        await connection.Records.GetAsync<Contact>(101, None);
        Assert.Equal(1, fake.Refreshes);
        Assert.Equal(1, fake.Rejections);
    }

    [Fact]
    public async Task A_small_seekable_upload_is_buffered_and_sent_again()
    {
        var fake = server.Tenant();
        fake.App = async (context, path) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            await FakeCollect.Json(context, 200, """{"status":200,"result":{"recordType":"debtor","fileName":"a.txt","fileNumber":"1"}}""");
        };
        using var connection = Connection.Open(fake);
        await connection.Session.SignInAsync();
        fake.RevokeAccessTokens();

        using var source = new MemoryStream("hello"u8.ToArray());
        var result = await connection.App.UploadAsync("debtor", 123, "a.txt", source, CollectOverwrite.Yes);

        Assert.Equal("a.txt", result.FileName);
        Assert.Equal(2, fake.To("app/upload").Count);
    }
}

/// <summary>A read-only stream that cannot seek and does not say its length.</summary>
public sealed class OneWayStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class SingleFlightTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    [Fact]
    public async Task Concurrent_callers_share_one_refused_sign_in()
    {
        var fake = server.Tenant();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fake.Intercept = async (context, path) =>
        {
            if (path == FakeCollect.LoginPath) await release.Task.WaitAsync(TimeSpan.FromSeconds(20));
            return false;
        };
        using var connection = Connection.Open(fake, options => options.Password = "not-the-password");

        // Each call reaches the session before its first await, so all 50 wait for the same sign-in,
        // which the server answers only now.
        var calls = Enumerable.Range(0, 50).Select(_ => connection.Records.GetAsync<Contact>(101, CancellationToken.None)).ToList();
        release.SetResult();
        foreach (var call in calls) await Assert.ThrowsAsync<CollectAuthenticationException>(() => call);

        // One attempt, not one per caller (an operator account may lock after a few failures).
        Assert.Equal(1, fake.LoginAttempts);
        Assert.Equal(0, fake.Logins);

        // The next call tries again.
        await Assert.ThrowsAsync<CollectAuthenticationException>(() => connection.Records.GetAsync<Contact>(101, CancellationToken.None));
        Assert.Equal(2, fake.LoginAttempts);
    }

    [Fact]
    public async Task A_caller_that_cancels_does_not_fail_the_others_waiting_for_the_sign_in()
    {
        var fake = server.Tenant();
        var loginArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseLogin = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fake.Intercept = async (context, path) =>
        {
            if (path == FakeCollect.LoginPath)
            {
                loginArrived.TrySetResult();
                await releaseLogin.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }
            return false;
        };
        using var connection = Connection.Open(fake);
        using var cancellation = new CancellationTokenSource();

        var first = connection.Records.GetAsync<Contact>(101, cancellation.Token);
        await loginArrived.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var second = connection.Records.GetAsync<Contact>(101, CancellationToken.None);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        releaseLogin.SetResult();

        var contact = await second;
        Assert.Equal(101, contact.RowId!.Value.Value);
        Assert.Equal(1, fake.LoginAttempts);
        Assert.Equal("OWN", connection.Session.Operator?.Id);
    }

    [Fact]
    public async Task A_caller_that_cancels_during_a_refresh_gets_its_cancellation_and_the_others_the_new_token()
    {
        var fake = server.Tenant();
        var refreshArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseRefresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fake.Intercept = async (context, path) =>
        {
            if (path == FakeCollect.RefreshPath)
            {
                refreshArrived.TrySetResult();
                await releaseRefresh.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }
            return false;
        };
        using var connection = Connection.Open(fake);
        await connection.Records.GetAsync<Contact>(101, CancellationToken.None);
        fake.RevokeAccessTokens();
        using var cancellation = new CancellationTokenSource();

        // The first caller meets the 401 and starts the refresh, which the server holds; it cancels meanwhile.
        var first = connection.Records.GetAsync<Contact>(101, cancellation.Token);
        await refreshArrived.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var second = connection.Records.GetAsync<Contact>(101, CancellationToken.None);
        cancellation.Cancel();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(cancellation.Token, error.CancellationToken);
        releaseRefresh.SetResult();

        var contact = await second;
        Assert.Equal(101, contact.RowId!.Value.Value);
        Assert.Equal(1, fake.Refreshes);
        Assert.Equal(1, fake.Logins);
    }
}
