using System;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Jobs;
using Xunit;
using static Collect.Runtime.Tests.Jobs.JobTestHelpers;

namespace Collect.Runtime.Tests.Jobs;

/// <summary>
/// How jobs fail: a socket closed mid-prompt, answers never acknowledged, slow handlers,
/// cancellation at each stage, HTTP failures and unanswerable prompts. Timeouts run on a
/// <see cref="ManualTimeProvider"/>, so they fire exactly when the test moves the clock.
/// </summary>
public sealed class JobFailureTests(JobTestServer server) : IClassFixture<JobTestServer>
{
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource<T> NewSignal<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // A plan that prompts once and then holds its HTTP call until the client abandons it.
    private static string PromptAndHold(ServerScope scope, TaskCompletionSource<ServerJob> prompted, string prompt = ProceedPrompt) =>
        scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.PromptAsync(prompt);
            prompted.TrySetResult(job);
            await job.HoldUntilAbortedAsync();
            return 200;
        });

    private static string AskOnce(ServerScope scope) =>
        scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.AskAsync(ProceedPrompt);
            return 200;
        });

    // A button handler that signals when it runs and waits until it is cancelled.
    private static CollectPromptHandlers BlockingHandler(TaskCompletionSource entered, TaskCompletionSource cancelled) =>
        new CollectPromptHandlers().OnButton(async (_, cancellationToken) =>
        {
            entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }
            return 0;
        });

    [Fact]
    public async Task Socket_dropped_while_a_prompt_waits_fails_the_job_at_once_and_the_next_job_reconnects()
    {
        var scope = server.Scope();
        var prompted = NewSignal<ServerJob>();
        var plan = PromptAndHold(scope, prompted);
        var next = AskOnce(scope);
        await using var socket = scope.Socket();
        var entered = NewSignal();
        var cancelled = NewSignal();

        var run = socket.RunJobAsync(scope.RunPlan(plan), BlockingHandler(entered, cancelled));
        var job = await prompted.Task.Signal();
        await entered.Task.Signal();
        job.Socket.Abort();

        var error = await Assert.ThrowsAsync<CollectSocketClosedException>(() => run).Signal();
        Assert.Equal(job.JobId, error.JobId);
        Assert.True(error.PromptPending);
        Assert.Null(error.CloseStatus);
        Assert.Contains("closed", error.Message, StringComparison.Ordinal);
        Assert.Contains(job.JobId, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(job.Socket.Id, error.ToString(), StringComparison.Ordinal);
        // The server never answered the HTTP call: the job failed on the socket's word alone,
        // cancelled its handler and abandoned the HTTP call.
        Assert.False(job.Responded.Task.IsCompleted);
        await cancelled.Task.Signal();
        await job.Aborted.Task.Signal();

        await socket.RunJobAsync(scope.RunPlan(next), new CollectPromptHandlers().OnButton(_ => 0));

        var sockets = scope.Sockets.ToArray();
        Assert.Equal(2, sockets.Length);
        Assert.Equal([sockets[0].Id, sockets[1].Id], scope.SocketIdsNamed.ToArray());
        Assert.Equal(sockets[1].Id, socket.SocketId);
    }

    [Fact]
    public async Task Socket_closed_by_the_server_reports_its_close_status()
    {
        var scope = server.Scope();
        var prompted = NewSignal<ServerJob>();
        var plan = PromptAndHold(scope, prompted);
        await using var socket = scope.Socket();
        var entered = NewSignal();

        var run = socket.RunJobAsync(scope.RunPlan(plan), BlockingHandler(entered, NewSignal()));
        var job = await prompted.Task.Signal();
        await entered.Task.Signal();
        await job.Socket.CloseAsync("server restarting");

        var error = await Assert.ThrowsAsync<CollectSocketClosedException>(() => run).Signal();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, error.CloseStatus);
        Assert.Contains("server restarting", error.Message, StringComparison.Ordinal);
        await job.Aborted.Task.Signal();
        Assert.Null(socket.SocketId);
    }

    [Fact]
    public async Task Every_job_on_a_dropped_socket_fails_together()
    {
        var scope = server.Scope();
        var prompted = NewSignal<ServerJob>();
        var holding = NewSignal<ServerJob>();
        var prompting = PromptAndHold(scope, prompted);
        var between = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.AskAsync(ProceedPrompt);
            holding.TrySetResult(job);
            await job.HoldUntilAbortedAsync();
            return 200;
        });
        await using var socket = scope.Socket();
        var entered = NewSignal();

        var first = socket.RunJobAsync(scope.RunPlan(prompting), BlockingHandler(entered, NewSignal()));
        await entered.Task.Signal();
        var second = socket.RunJobAsync(scope.RunPlan(between), new CollectPromptHandlers().OnButton(_ => 0));
        var secondJob = await holding.Task.Signal();
        // A proper close arrives after everything sent before it (the second job's start and end).
        await (await prompted.Task.Signal()).Socket.CloseAsync("maintenance");

        var firstError = await Assert.ThrowsAsync<CollectSocketClosedException>(() => first).Signal();
        var secondError = await Assert.ThrowsAsync<CollectSocketClosedException>(() => second).Signal();
        Assert.True(firstError.PromptPending);
        // The second job was between prompts: the server may still finish it.
        Assert.False(secondError.PromptPending);
        Assert.Equal(secondJob.JobId, secondError.JobId);
    }

    // A plan that prompts once, reads the answer, never acknowledges it and holds its HTTP call.
    private static string AnswerNeverAcknowledged(ServerScope scope, TaskCompletionSource<ServerJob> answered) =>
        scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.PromptAsync(ProceedPrompt);
            await job.AnswerAsync();
            answered.TrySetResult(job);
            await job.HoldUntilAbortedAsync();
            return 200;
        });

    [Fact]
    public void Job_limits_are_finite_by_default_and_infinite_only_when_asked()
    {
        var options = new CollectJobOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), options.AnswerTimeout);
        Assert.Equal(TimeSpan.FromMinutes(30), options.JobTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), options.PromptTimeout);
        Assert.Equal(CollectJobOptions.DefaultAnswerTimeout, options.AnswerTimeout);
        Assert.Equal(CollectJobOptions.DefaultJobTimeout, options.JobTimeout);
        Assert.Equal(TimeSpan.FromHours(1), new CollectClientOptions().JobRequestTimeout);
        options.Validate();

        new CollectJobOptions { AnswerTimeout = Timeout.InfiniteTimeSpan, JobTimeout = Timeout.InfiniteTimeSpan }.Validate();
        var error = Assert.Throws<InvalidOperationException>(new CollectJobOptions { AnswerTimeout = TimeSpan.Zero }.Validate);
        Assert.Contains("CollectJobOptions.AnswerTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_default_options_an_answer_the_server_never_acknowledges_fails_in_the_answer_timeout()
    {
        var scope = server.Scope();
        var answered = NewSignal<ServerJob>();
        var plan = AnswerNeverAcknowledged(scope, answered);
        var time = new ManualTimeProvider();
        await using var socket = scope.Socket(time);

        // No options: the defaults. The answer's timer starts before the answer is sent, so it runs once the server has it.
        var run = socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnButton(_ => 0));
        var job = await answered.Task.Signal();
        time.Advance(CollectJobOptions.DefaultAnswerTimeout - TimeSpan.FromSeconds(1));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => run).Signal();
        Assert.Contains("CollectJobOptions.AnswerTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("did not acknowledge the answer to a button prompt of job " + job.JobId, error.Message, StringComparison.Ordinal);
        await job.Aborted.Task.Signal();
    }

    [Fact]
    public async Task An_answer_the_server_never_acknowledges_ends_in_the_default_job_timeout_when_the_answer_timeout_is_off()
    {
        var scope = server.Scope();
        var answered = NewSignal<ServerJob>();
        var plan = AnswerNeverAcknowledged(scope, answered);
        var time = new ManualTimeProvider();
        await using var socket = scope.Socket(time);

        var run = socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnButton(_ => 0),
            new CollectJobOptions { AnswerTimeout = Timeout.InfiniteTimeSpan });
        var job = await answered.Task.Signal();
        time.Advance(CollectJobOptions.DefaultJobTimeout);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => run).Signal();
        Assert.Contains("JobTimeout", error.Message, StringComparison.Ordinal);
        // (Sending the answer, or waiting for its acknowledgement: the server has it before the client's send returns.)
        Assert.True(error.Message.Contains("answer to a button prompt of job " + job.JobId, StringComparison.Ordinal), error.Message);
        await job.Aborted.Task.Signal();
    }

    [Fact]
    public async Task A_handler_slower_than_the_prompt_timeout_fails_the_job_and_is_cancelled()
    {
        var scope = server.Scope();
        var prompted = NewSignal<ServerJob>();
        var plan = PromptAndHold(scope, prompted);
        var time = new ManualTimeProvider();
        await using var socket = scope.Socket(time);
        var entered = NewSignal();
        var cancelled = NewSignal();

        var run = socket.RunJobAsync(scope.RunPlan(plan), BlockingHandler(entered, cancelled),
            new CollectJobOptions { PromptTimeout = TimeSpan.FromSeconds(30) });
        await entered.Task.Signal();
        time.Advance(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => run).Signal();
        Assert.Contains("PromptTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("button", error.Message, StringComparison.Ordinal);
        await cancelled.Task.Signal();
        await (await prompted.Task.Signal()).Aborted.Task.Signal();
    }

    [Fact]
    public async Task A_handler_that_ignores_its_token_still_times_out()
    {
        var scope = server.Scope();
        var prompted = NewSignal<ServerJob>();
        var plan = PromptAndHold(scope, prompted);
        var time = new ManualTimeProvider();
        await using var socket = scope.Socket(time);
        var entered = NewSignal();
        var never = NewSignal<int>();
        var handlers = new CollectPromptHandlers().OnButton((_, _) =>
        {
            entered.TrySetResult();
            return new ValueTask<int>(never.Task);
        });

        var run = socket.RunJobAsync(scope.RunPlan(plan), handlers, new CollectJobOptions { PromptTimeout = TimeSpan.FromSeconds(30) });
        await entered.Task.Signal();
        time.Advance(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<TimeoutException>(() => run).Signal();
        never.SetResult(0);
    }

    [Fact]
    public async Task Cancelled_before_connecting_sends_nothing()
    {
        var scope = server.Scope();
        await using var socket = scope.Socket();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var sent = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => socket.RunJobAsync((_, _) =>
        {
            sent = true;
            return Task.CompletedTask;
        }, new CollectPromptHandlers(), cancellationToken: cancellation.Token));

        Assert.False(sent);
        Assert.Empty(scope.Sockets);
    }

    [Fact]
    public async Task Cancelled_while_connecting_leaves_the_shared_connect_to_finish_for_the_next_job()
    {
        var scope = server.Scope();
        var release = NewSignal();
        scope.OnConnect = async socket =>
        {
            await release.Task.Signal();
            await socket.SendAsync($$"""{"type": "key", "message": "{{socket.Id}}"}""");
        };
        var plan = AskOnce(scope);
        await using var socket = scope.Socket();
        using var cancellation = new CancellationTokenSource();

        var run = socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnButton(_ => 0), cancellationToken: cancellation.Token);
        await scope.SocketOpened.Task.Signal();
        cancellation.Cancel();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).Signal();
        Assert.Equal(cancellation.Token, error.CancellationToken);
        release.SetResult();

        await socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnButton(_ => 0)).Signal();
        Assert.Single(scope.Sockets);
        Assert.Single(scope.Jobs);
    }

    [Fact]
    public async Task Cancelled_while_waiting_for_a_prompt_abandons_the_http_call()
    {
        var scope = server.Scope();
        var started = NewSignal<ServerJob>();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            started.TrySetResult(job);
            await job.HoldUntilAbortedAsync();
            return 200;
        });
        await using var socket = scope.Socket();
        using var cancellation = new CancellationTokenSource();

        var run = socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers(), cancellationToken: cancellation.Token);
        var job = await started.Task.Signal();
        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).Signal();
        Assert.Equal(cancellation.Token, error.CancellationToken);
        await job.Aborted.Task.Signal();
        // The socket stays open for other jobs.
        Assert.Equal(job.Socket.Id, socket.SocketId);
    }

    [Fact]
    public async Task Cancelled_while_waiting_for_the_start_message_abandons_the_http_call()
    {
        var scope = server.Scope();
        var called = NewSignal<ServerJob>();
        var plan = scope.Plan(async job =>
        {
            called.TrySetResult(job);
            await job.HoldUntilAbortedAsync(); // never sends start
            return 200;
        });
        await using var socket = scope.Socket();
        using var cancellation = new CancellationTokenSource();

        var run = socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers(), cancellationToken: cancellation.Token);
        var job = await called.Task.Signal();
        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).Signal();
        Assert.Equal(cancellation.Token, error.CancellationToken);
        await job.Aborted.Task.Signal();
    }

    [Fact]
    public async Task Cancelled_while_waiting_behind_another_jobs_start_sends_nothing_and_leaves_the_other_job_running()
    {
        var scope = server.Scope();
        var called = NewSignal<ServerJob>();
        var startNow = NewSignal();
        var first = scope.Plan(async job =>
        {
            called.TrySetResult(job);
            await startNow.Task.WaitAsync(job.RequestAborted); // holds the socket's start gate until the test says
            await job.StartAsync();
            await job.AskAsync(ProceedPrompt);
            return 200;
        });
        var next = AskOnce(scope);
        await using var socket = scope.Socket();
        using var cancellation = new CancellationTokenSource();
        var firstRun = socket.RunJobAsync(scope.RunPlan(first), new CollectPromptHandlers().OnButton(_ => 0));
        await called.Task.Signal();

        // The socket is open, so the second job goes straight to the start gate, which the first job holds.
        var sent = false;
        var waiting = socket.RunJobAsync((_, _) =>
        {
            sent = true;
            return Task.CompletedTask;
        }, new CollectPromptHandlers(), cancellationToken: cancellation.Token);
        Assert.False(waiting.IsCompleted);
        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).Signal();
        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Contains("waiting for another job on the socket to start", error.Message, StringComparison.Ordinal);
        Assert.False(sent);

        // The first job goes on undisturbed, and the gate is free for the next.
        startNow.SetResult();
        await firstRun.Signal();
        await socket.RunJobAsync(scope.RunPlan(next), new CollectPromptHandlers().OnButton(_ => 0)).Signal();
        Assert.Single(scope.Sockets);
    }

    [Fact]
    public async Task Cancelled_while_sending_an_answer_stops_the_job_at_once()
    {
        var scope = server.Scope();
        var prompted = NewSignal<ServerJob>();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            job.Socket.PauseReceivingMidMessage();
            await job.PromptAsync("""
                "subtype": "string", "message": "Notes?", "data": {"value": ""}
                """);
            prompted.TrySetResult(job);
            await job.HoldUntilAbortedAsync();
            return 200;
        });
        await using var socket = scope.Socket();
        using var cancellation = new CancellationTokenSource();
        // Far more than the connection buffers: with the server no longer reading, the send cannot finish.
        var huge = new string('x', 32 * 1024 * 1024);

        var run = socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnString(_ => huge), cancellationToken: cancellation.Token);
        var job = await prompted.Task.Signal();
        await job.Socket.ReceivePaused.Task.Signal(); // the answer's first bytes arrived: the client is sending it
        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).Signal();
        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Contains("sending the answer to a string prompt of job " + job.JobId, error.Message, StringComparison.Ordinal);
        await job.Aborted.Task.Signal();
    }

    [Fact]
    public async Task Cancelled_while_waiting_for_the_acknowledgement_of_an_answer_abandons_the_http_call()
    {
        var scope = server.Scope();
        var answered = NewSignal<ServerJob>();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.PromptAsync(ProceedPrompt);
            await job.AnswerAsync();
            answered.TrySetResult(job);
            await job.HoldUntilAbortedAsync(); // never acknowledges with end
            return 200;
        });
        await using var socket = scope.Socket();
        using var cancellation = new CancellationTokenSource();

        var run = socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnButton(_ => 0), cancellationToken: cancellation.Token);
        var job = await answered.Task.Signal();
        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).Signal();
        Assert.Equal(cancellation.Token, error.CancellationToken);
        await job.Aborted.Task.Signal();
        Assert.Equal(0, Assert.Single(job.Answers).GetProperty("button").GetInt32());
    }

    [Fact]
    public async Task Cancelled_inside_a_handler_cancels_the_handler_and_the_job()
    {
        var scope = server.Scope();
        var prompted = NewSignal<ServerJob>();
        var plan = PromptAndHold(scope, prompted);
        await using var socket = scope.Socket();
        using var cancellation = new CancellationTokenSource();
        var entered = NewSignal();
        var cancelled = NewSignal();

        var run = socket.RunJobAsync(scope.RunPlan(plan), BlockingHandler(entered, cancelled), cancellationToken: cancellation.Token);
        await entered.Task.Signal();
        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).Signal();
        Assert.Equal(cancellation.Token, error.CancellationToken);
        await cancelled.Task.Signal();
        await (await prompted.Task.Signal()).Aborted.Task.Signal();
    }

    [Fact]
    public async Task Http_408_after_an_unacknowledged_prompt_surfaces_as_a_CollectApiException()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.PromptAsync(ProceedPrompt);
            await job.AnswerAsync();
            return 408;
        });
        await using var socket = scope.Socket();

        var error = await Assert.ThrowsAsync<CollectApiException>(() =>
            socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnButton(_ => 0))).Signal();

        Assert.Equal(408, error.StatusCode);
    }

    [Fact]
    public async Task Http_409_without_a_start_fails_the_job_and_frees_the_socket_for_the_next()
    {
        var scope = server.Scope();
        var refused = scope.Plan(_ => Task.FromResult(409));
        var next = AskOnce(scope);
        await using var socket = scope.Socket();

        var error = await Assert.ThrowsAsync<CollectApiException>(() =>
            socket.RunJobAsync(scope.RunPlan(refused), new CollectPromptHandlers())).Signal();
        Assert.Equal(409, error.StatusCode);

        await socket.RunJobAsync(scope.RunPlan(next), new CollectPromptHandlers().OnButton(_ => 0)).Signal();
        Assert.Single(scope.Sockets);
        Assert.Single(Assert.Single(scope.Jobs, j => !j.Answers.IsEmpty).Answers);
    }

    [Fact]
    public async Task A_prompt_without_a_handler_fails_the_job_and_abandons_the_http_call()
    {
        var scope = server.Scope();
        var prompted = NewSignal<ServerJob>();
        var plan = PromptAndHold(scope, prompted, """
            "subtype": "string", "message": "Reference?", "data": {"value": ""}
            """);
        await using var socket = scope.Socket();

        var error = await Assert.ThrowsAsync<CollectPromptException>(() =>
            socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnButton(_ => 0))).Signal();

        var job = await prompted.Task.Signal();
        Assert.Equal("string", error.Subtype);
        Assert.Equal(job.JobId, error.JobId);
        Assert.Contains("OnString", error.Message, StringComparison.Ordinal);
        await job.Aborted.Task.Signal();
    }

    [Fact]
    public async Task A_button_position_out_of_range_fails_the_job()
    {
        var scope = server.Scope();
        var plan = PromptAndHold(scope, NewSignal<ServerJob>());
        await using var socket = scope.Socket();

        var error = await Assert.ThrowsAsync<CollectPromptException>(() =>
            socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers().OnButton(_ => 2))).Signal();

        Assert.Contains("position 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_answered_with_a_position_instead_of_a_button_value_fails_the_job()
    {
        var scope = server.Scope();
        var plan = PromptAndHold(scope, NewSignal<ServerJob>(), $$"""
            "subtype": "form", "formid": "{{ScheduleNextContactForm.FormId}}", "data": {{ExampleFormData}}
            """);
        await using var socket = scope.Socket();
        var handlers = new CollectPromptHandlers().OnForm<ScheduleNextContactForm>(form => FormAnswer.Create(0, form));

        var error = await Assert.ThrowsAsync<CollectPromptException>(() => socket.RunJobAsync(scope.RunPlan(plan), handlers)).Signal();

        Assert.Equal(ScheduleNextContactForm.FormId, error.FormId);
        Assert.Contains("OK 4631", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_data_the_form_type_cannot_read_fails_the_job_clearly()
    {
        var scope = server.Scope();
        var plan = PromptAndHold(scope, NewSignal<ServerJob>(), $$"""
            "subtype": "form", "formid": "{{ScheduleNextContactForm.FormId}}", "data": {"co_date": "not a date"}
            """);
        await using var socket = scope.Socket();
        var handlers = new CollectPromptHandlers().OnForm<ScheduleNextContactForm>(form => FormAnswer.Create(ScheduleNextContactForm.Buttons.Ok, form));

        var error = await Assert.ThrowsAsync<CollectPromptException>(() => socket.RunJobAsync(scope.RunPlan(plan), handlers)).Signal();

        Assert.Contains("not a date", error.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(error.InnerException);
    }

    [Fact]
    public async Task An_exception_from_a_handler_surfaces_unchanged()
    {
        var scope = server.Scope();
        var plan = PromptAndHold(scope, NewSignal<ServerJob>());
        await using var socket = scope.Socket();
        var handlers = new CollectPromptHandlers().OnButton(_ => throw new InvalidOperationException("the user closed the dialog"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => socket.RunJobAsync(scope.RunPlan(plan), handlers)).Signal();

        Assert.Equal("the user closed the dialog", error.Message);
    }
}
