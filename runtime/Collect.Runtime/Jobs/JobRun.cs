using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Runtime.Jobs;

/// <summary>
/// One run of <see cref="CollectSocket.RunJobAsync{TResult}"/>: connect, send the HTTP request
/// while holding the socket's start gate, claim the <c>start</c>, then answer prompts until the
/// HTTP call answers. Cancellation and timeouts come in through one token; the caller turns them
/// into <see cref="OperationCanceledException"/> or <see cref="TimeoutException"/>.
/// </summary>
internal sealed class JobRun<TResult>(
    CollectSocket owner,
    Func<string, CancellationToken, Task<TResult>> sendRequest,
    CollectPromptHandlers handlers,
    CollectJobOptions options,
    CancellationToken token)
{
    private volatile string _stage = "opening the web socket";
    private volatile bool _sent;
    private string _lastSubtype = "";

    /// <summary>What the job was doing, for timeout and cancellation messages.</summary>
    public string Stage => _stage;

    public async Task<TResult> RunAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            _stage = "opening the web socket";
            var connection = await owner.GetConnectionAsync(token).ConfigureAwait(false);
            var job = new JobState();
            try
            {
                connection.Register(job);
                return await RunOnAsync(connection, job).ConfigureAwait(false);
            }
            catch (CollectSocketClosedException) when (!_sent && attempt < CollectSocket.Attempts && !token.IsCancellationRequested)
            {
                // The socket closed before the request named it: nothing reached the server, so try a new socket.
            }
            finally
            {
                connection.Unregister(job);
                job.Dispose();
            }
        }
    }

    private async Task<TResult> RunOnAsync(SocketConnection connection, JobState job)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, job.Aborted.Token);
        var jobToken = linked.Token;

        _stage = "waiting for another job on the socket to start";
        try
        {
            await connection.StartGate.WaitAsync(jobToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (SocketFailure(job) is { } failure)
        {
            throw failure;
        }

        using var httpCancel = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task<TResult> http;
        try
        {
            connection.AwaitStart(job);
            _stage = "waiting for the server to start the job";
            _sent = true;
            http = Send(connection.Id, httpCancel.Token);
            try
            {
                await Task.WhenAny(job.Started.Task, http).WaitAsync(jobToken).ConfigureAwait(false);
                if (!job.Started.Task.IsCompleted && http.IsCompletedSuccessfully)
                {
                    // The server sends the start on receipt, before it answers, so a successful job's start
                    // may still be on its way: wait for it (briefly), so that the next job cannot claim it.
                    await WaitForLateStartAsync(job, jobToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                httpCancel.Cancel();
                TaskHelpers.Observe(http);
                if (SocketFailure(job) is { } failure) throw failure;
                throw;
            }
        }
        finally
        {
            connection.StopAwaitingStart(job);
            connection.StartGate.Release();
        }

        if (!http.IsCompleted)
        {
            using var answerCancel = CancellationTokenSource.CreateLinkedTokenSource(jobToken);
            var answering = AnswerPromptsAsync(connection, job, answerCancel.Token);
            var first = await Task.WhenAny(http, answering).ConfigureAwait(false);
            if (first == answering)
            {
                // Answering ends only by failing: the socket closed, a prompt failed, or the job was cancelled or timed out.
                httpCancel.Cancel();
                TaskHelpers.Observe(http);
                try
                {
                    await answering.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (SocketFailure(job) is { } failure)
                {
                    throw failure;
                }
                throw new UnreachableException("The prompt loop ended without failing.");
            }
            // The HTTP call answered: the job is over, so stop answering (a handler still running is cancelled).
            answerCancel.Cancel();
            TaskHelpers.Observe(answering);
        }
        else if (!job.Started.Task.IsCompleted)
        {
            JobLog.NotStarted(owner.Logger);
        }

        // (A call ended by the job's cancellation or timeout keeps the stage the job was in.)
        if (!token.IsCancellationRequested) _stage = "waiting for the HTTP call to answer";
        return await http.ConfigureAwait(false);
    }

    private async Task WaitForLateStartAsync(JobState job, CancellationToken cancellationToken)
    {
        try
        {
            await job.Started.Task.WaitAsync(CollectSocket.LateStartWait, owner.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // This server sends no start for a job that needs no prompt.
        }
    }

    // The socket's failure of the job, unless the caller's cancellation or timeout came first.
    private Exception? SocketFailure(JobState job) => token.IsCancellationRequested ? null : job.Failure;

    private Task<TResult> Send(string socketId, CancellationToken cancellationToken)
    {
        try
        {
            return sendRequest(socketId, cancellationToken)
                ?? Task.FromException<TResult>(new InvalidOperationException("The job's sendRequest delegate returned null instead of a task."));
        }
        catch (Exception e)
        {
            return Task.FromException<TResult>(e);
        }
    }

    private async Task AnswerPromptsAsync(SocketConnection connection, JobState job, CancellationToken cancellationToken)
    {
        var messages = job.Messages.Reader;
        var jobId = job.JobId!;
        // Runs from sending an answer until the server acknowledges it (or sends the next prompt, which
        // shows it has the answer): CollectJobOptions.AnswerTimeout.
        CancellationTokenSource? answerTimeout = null;
        var unacknowledged = 0;
        try
        {
            while (true)
            {
                _stage = unacknowledged > 0
                    ? $"waiting for the server to acknowledge the answer to a {_lastSubtype} prompt of job {jobId}"
                    : $"waiting for a prompt of job {jobId} or the HTTP call's answer";
                var message = await WithAnswerTimeout(answerTimeout, jobId, cancellationToken,
                    static (reader, token) => reader.ReadAsync(token), messages).ConfigureAwait(false);
                if (message.IsType("prompt"))
                {
                    unacknowledged = 0;
                    answerTimeout?.Dispose();
                    answerTimeout = null;
                    _lastSubtype = message.Subtype ?? "";
                    _stage = $"waiting for the {_lastSubtype} prompt handler of job {jobId}";
                    var (answer, button) = await AnswerAsync(jobId, message, cancellationToken).ConfigureAwait(false);
                    _stage = $"sending the answer to a {_lastSubtype} prompt of job {jobId}";
                    // Started before sending, so a send that cannot get through counts too.
                    answerTimeout = TaskHelpers.StartTimeout(options.AnswerTimeout, owner.Time);
                    unacknowledged++;
                    await WithAnswerTimeout(answerTimeout, jobId, cancellationToken,
                        async (state, token) =>
                        {
                            await state.connection.SendAsync(state.answer, state.job, token).ConfigureAwait(false);
                            return true;
                        }, (connection, answer, job)).ConfigureAwait(false);
                    JobLog.Answered(owner.Logger, _lastSubtype, jobId, button);
                }
                else if (message.IsType("end"))
                {
                    JobLog.Acknowledged(owner.Logger, jobId);
                    if (unacknowledged > 0 && --unacknowledged == 0)
                    {
                        answerTimeout?.Dispose();
                        answerTimeout = null;
                    }
                }
                else if (message.IsType("error"))
                {
                    JobLog.ServerError(owner.Logger, jobId, message.Message);
                }
                else
                {
                    JobLog.Ignored(owner.Logger, message.Type, jobId, "the runtime does not know that message type");
                }
            }
        }
        finally
        {
            answerTimeout?.Dispose();
        }
    }

    // Runs one step under the answer's time limit (when one runs), reporting its expiry as a TimeoutException.
    private async ValueTask<T> WithAnswerTimeout<TState, T>(CancellationTokenSource? answerTimeout, string jobId, CancellationToken cancellationToken,
        Func<TState, CancellationToken, ValueTask<T>> step, TState state)
    {
        if (answerTimeout is null) return await step(state, cancellationToken).ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, answerTimeout.Token);
        try
        {
            return await step(state, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (answerTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The server did not acknowledge the answer to a {_lastSubtype} prompt of job {jobId} within {options.AnswerTimeout} (CollectJobOptions.AnswerTimeout): it was {_stage}. Its HTTP call was cancelled.", e);
        }
    }

    private async Task<(ReadOnlyMemory<byte> Answer, int Button)> AnswerAsync(string jobId, SocketMessage message, CancellationToken cancellationToken)
    {
        var subtype = message.Subtype ?? "";
        // Started before the handler runs, so the handler's whole time counts.
        using var promptTimeout = TaskHelpers.StartTimeout(options.PromptTimeout, owner.Time);
        using var handlerCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, promptTimeout.Token);
        try
        {
            switch (subtype.ToLowerInvariant())
            {
                case "button": return await AnswerButtonAsync(jobId, message, handlerCancel.Token).ConfigureAwait(false);
                case "string": return await AnswerStringAsync(jobId, message, handlerCancel.Token).ConfigureAwait(false);
                case "date": return await AnswerDateAsync(jobId, message, handlerCancel.Token).ConfigureAwait(false);
                case "form": return await AnswerFormAsync(jobId, message, handlerCancel.Token).ConfigureAwait(false);
                default:
                    throw new CollectPromptException(
                        $"Job {jobId} sent a prompt of subtype '{subtype}', which the runtime cannot answer (it answers button, string, date and form prompts).",
                        jobId, subtype);
            }
        }
        catch (OperationCanceledException e) when (promptTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The {subtype} prompt handler did not answer a prompt of job {jobId} within {options.PromptTimeout} (CollectJobOptions.PromptTimeout).", e);
        }
    }

    private async Task<(ReadOnlyMemory<byte>, int)> AnswerButtonAsync(string jobId, SocketMessage message, CancellationToken cancellationToken)
    {
        var handler = handlers.Button ?? throw NoHandler(jobId, "button", "OnButton");
        var buttons = message.Buttons ?? [];
        var position = await TaskHelpers.AwaitHandler(handler(new ButtonPrompt(jobId, message.Message, buttons), cancellationToken), cancellationToken).ConfigureAwait(false);
        if (position < 0 || (buttons.Count > 0 && position >= buttons.Count))
        {
            throw new CollectPromptException(
                $"The OnButton handler answered position {position} to a prompt of job {jobId} that has {buttons.Count} button(s) ({string.Join(", ", buttons)}); a button prompt is answered with a 0-based position.",
                jobId, "button");
        }
        return (AnswerWriter.Button(jobId, position), position);
    }

    private async Task<(ReadOnlyMemory<byte>, int)> AnswerStringAsync(string jobId, SocketMessage message, CancellationToken cancellationToken)
    {
        var handler = handlers.String ?? throw NoHandler(jobId, "string", "OnString");
        var defaultValue = message.DataValue();
        var answer = await TaskHelpers.AwaitHandler(handler(new StringPrompt(jobId, message.Message, defaultValue), cancellationToken), cancellationToken).ConfigureAwait(false);
        CheckButton(jobId, "string", "OnString", answer.Button);
        return (AnswerWriter.Value(jobId, answer.Button, answer.Value ?? defaultValue ?? ""), answer.Button);
    }

    private async Task<(ReadOnlyMemory<byte>, int)> AnswerDateAsync(string jobId, SocketMessage message, CancellationToken cancellationToken)
    {
        var handler = handlers.Date ?? throw NoHandler(jobId, "date", "OnDate");
        var defaultText = message.DataValue();
        DateOnly? defaultValue = DateOnly.TryParseExact(defaultText?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : null;
        var answer = await TaskHelpers.AwaitHandler(handler(new DatePrompt(jobId, message.Message, defaultValue, defaultText), cancellationToken), cancellationToken).ConfigureAwait(false);
        CheckButton(jobId, "date", "OnDate", answer.Button);
        var value = answer.Value is { } date ? AnswerWriter.Date(date) : defaultText ?? "";
        return (AnswerWriter.Value(jobId, answer.Button, value), answer.Button);
    }

    private async Task<(ReadOnlyMemory<byte>, int)> AnswerFormAsync(string jobId, SocketMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.FormId))
            throw new CollectPromptException($"Job {jobId} sent a form prompt without a formid.", jobId, "form");
        var formId = message.FormId;
        var route = handlers.FindForm(formId)
            ?? throw new CollectPromptException(
                $"Job {jobId} sent a form prompt for form {formId}, and no OnForm handler takes that form and no OnOtherForm fallback is registered.",
                jobId, "form", formId);

        ICollectForm form;
        try
        {
            var data = message.Data.Span;
            form = route.Read(data.IsEmpty || data.SequenceEqual("null"u8) ? "{}"u8 : data);
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            throw new CollectPromptException($"Could not read the data of form {formId} in a prompt of job {jobId}: {e.Message}", jobId, "form", formId, e);
        }

        var (button, answer) = await TaskHelpers.AwaitHandler(route.AnswerAsync(jobId, message.Message, formId, form, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (answer is null)
            throw new CollectPromptException($"The form handler answered a prompt of job {jobId} (form {formId}) without form data.", jobId, "form", formId);
        if (route.Buttons.Count > 0 && !route.Buttons.Any(b => b.Value == button))
        {
            throw new CollectPromptException(
                $"The form handler answered button value {button} to a prompt of job {jobId} (form {formId}), which is not one of the form's buttons ({string.Join(", ", route.Buttons.Select(b => $"{b.Name} {b.Value}"))}); a form prompt is answered with a button value, not a position.",
                jobId, "form", formId);
        }
        return (AnswerWriter.Form(jobId, button, answer), button);
    }

    private static void CheckButton(string jobId, string subtype, string handler, int button)
    {
        if (button is StringAnswer.OkButton or StringAnswer.CancelButton) return;
        throw new CollectPromptException(
            $"The {handler} handler answered button {button} to a prompt of job {jobId}; a {subtype} prompt is answered with button 0 (OK) or 1 (cancel).",
            jobId, subtype);
    }

    private static CollectPromptException NoHandler(string jobId, string subtype, string registration) =>
        new($"Job {jobId} sent a {subtype} prompt and no {registration} handler is registered.", jobId, subtype);
}
