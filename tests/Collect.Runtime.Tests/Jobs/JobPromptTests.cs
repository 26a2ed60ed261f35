using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Jobs;
using Xunit;
using static Collect.Runtime.Tests.Jobs.JobTestHelpers;

namespace Collect.Runtime.Tests.Jobs;

/// <summary>The job loop answering each prompt subtype, against a real Kestrel web socket.</summary>
public sealed class JobPromptTests(JobTestServer server) : IClassFixture<JobTestServer>
{
    [Fact]
    public async Task Button_prompt_is_answered_with_the_0_based_position()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.AskAsync(ProceedPrompt);
            return 200;
        });
        await using var socket = scope.Socket();
        ButtonPrompt? seen = null;
        var handlers = new CollectPromptHandlers().OnButton(prompt =>
        {
            seen = prompt;
            return prompt.PositionOf("No");
        });

        await socket.RunJobAsync(scope.RunPlan(plan), handlers);

        var job = Assert.Single(scope.Jobs);
        Assert.NotNull(seen);
        Assert.Equal(job.JobId, seen.JobId);
        Assert.Equal("button", seen.Subtype);
        Assert.Equal("Do you want to proceed?", seen.Message);
        Assert.Equal(["Yes", "No"], seen.Buttons);
        AssertJson($$"""{"jobid": "{{job.JobId}}", "button": 1}""", Assert.Single(job.Answers));
        // The HTTP call named the socket the job's messages came on.
        Assert.Equal(Assert.Single(scope.Sockets).Id, Assert.Single(scope.SocketIdsNamed));
        Assert.Equal(socket.SocketId, Assert.Single(scope.SocketIdsNamed));
    }

    [Fact]
    public async Task String_prompt_gets_its_default_and_is_answered_with_button_0_and_the_text()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.AskAsync("""
                "subtype": "string", "message": "Reference for the new contact?", "data": {"value": "REF-1"}
                """);
            await job.AskAsync("""
                "subtype": "string", "message": "Another reference?", "data": {"value": "REF-2"}
                """);
            return 200;
        });
        await using var socket = scope.Socket();
        var defaults = new ConcurrentQueue<string?>();
        var handlers = new CollectPromptHandlers().OnString(prompt =>
        {
            defaults.Enqueue(prompt.DefaultValue);
            return prompt.Message == "Reference for the new contact?" ? "REF-1 \"Müller\", Inc." : StringAnswer.Cancel;
        });

        await socket.RunJobAsync(scope.RunPlan(plan), handlers);

        var job = Assert.Single(scope.Jobs);
        Assert.Equal(["REF-1", "REF-2"], defaults);
        var answers = job.Answers.ToArray();
        AssertJson($$"""{"jobid": "{{job.JobId}}", "button": 0, "data": {"value": "REF-1 \"Müller\", Inc."} }""", answers[0]);
        // Cancel is button 1 and sends the default back.
        AssertJson($$"""{"jobid": "{{job.JobId}}", "button": 1, "data": {"value": "REF-2"} }""", answers[1]);
    }

    [Fact]
    public async Task Date_prompt_reads_its_default_and_answers_yyyy_MM_dd()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.AskAsync("""
                "subtype": "date", "message": "Start date?", "data": {"value": "2023-01-12"}
                """);
            return 200;
        });
        await using var socket = scope.Socket();
        DatePrompt? seen = null;
        var handlers = new CollectPromptHandlers().OnDate(async (prompt, cancellationToken) =>
        {
            seen = prompt;
            await Task.Yield();
            return prompt.DefaultValue!.Value.AddDays(1);
        });

        await socket.RunJobAsync(scope.RunPlan(plan), handlers);

        var job = Assert.Single(scope.Jobs);
        Assert.Equal(new DateOnly(2023, 1, 12), seen!.DefaultValue);
        Assert.Equal("2023-01-12", seen.DefaultText);
        AssertJson($$"""{"jobid": "{{job.JobId}}", "button": 0, "data": {"value": "2023-01-13"} }""", Assert.Single(job.Answers));
    }

    [Fact]
    public async Task Typed_form_prompt_is_answered_like_the_docs_example_keeping_every_default()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            // The docs' form prompt, split over three frames.
            await job.AskAsync($$"""
                "subtype": "form", "formid": "35d01ff2-775d-ccb4-8f53-25d36f517384", "data": {{ExampleFormData}}
                """, frames: 3);
            return 200;
        });
        await using var socket = scope.Socket();
        FormPrompt<ScheduleNextContactForm>? seen = null;
        var handlers = new CollectPromptHandlers().OnForm<ScheduleNextContactForm>((prompt, _) =>
        {
            seen = prompt;
            // The changes of the docs' example answer (EXAMPLES.md §11).
            var form = prompt.Form with
            {
                Description = "Please review Sales account",
                Priority = 25,
                Who = "SAL",
                Date = new DateOnly(2023, 1, 13),
                CreationDate = new DateOnly(2023, 1, 29),
            };
            return ValueTask.FromResult(FormAnswer.Create(ScheduleNextContactForm.Buttons.Ok, form));
        });

        await socket.RunJobAsync(scope.RunPlan(plan), handlers);

        var job = Assert.Single(scope.Jobs);
        Assert.NotNull(seen);
        Assert.Equal(ScheduleNextContactForm.FormId, seen.FormId);
        Assert.Equal(5, seen.Form.Type);
        Assert.Equal("Review file...", seen.Form.Description);
        Assert.Equal(new TimeOnly(13, 28, 21), seen.Form.CreationTime);
        Assert.Equal([new FormButton("OK", 4631), new FormButton("Cancel", 4632)], seen.Buttons);
        // Exactly the docs' answer, with this job's id.
        AssertJson($$"""
            {
              "jobid": "{{job.JobId}}",
              "button": 4631,
              "data": {
                  "co_type": "5",
                  "co_description": "Please review Sales account",
                  "co_priority": "25",
                  "co_who": "SAL",
                  "co_date": "2023-01-13",
                  "co_originator": "OWN",
                  "co_creation_date": "2023-01-29",
                  "co_creation_time": "13:28:21",
                  "co_who_from": "OWN",
                  "co_lock": "1024"
              }
            }
            """, Assert.Single(job.Answers));
    }

    [Fact]
    public async Task Typed_form_sends_back_columns_its_type_does_not_declare()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.AskAsync("""
                "subtype": "form", "formid": "35D01FF2-775D-CCB4-8F53-25D36F517384",
                "data": {"co_description": "Review file...", "co_rowid_debtor": "123", "co_flags": {"a": [1, 2]}}
                """);
            return 200;
        });
        await using var socket = scope.Socket();
        var handlers = new CollectPromptHandlers().OnForm<ScheduleNextContactForm>(form =>
            FormAnswer.Create(ScheduleNextContactForm.Buttons.Cancel, form with { Description = "Changed" }));

        await socket.RunJobAsync(scope.RunPlan(plan), handlers);

        var job = Assert.Single(scope.Jobs);
        AssertJson($$"""
            {"jobid": "{{job.JobId}}", "button": 4632,
             "data": {"co_description": "Changed", "co_rowid_debtor": "123", "co_flags": {"a": [1, 2]} } }
            """, Assert.Single(job.Answers));
    }

    [Fact]
    public async Task Unknown_form_id_is_answered_as_a_dictionary_form()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.AskAsync("""
                "subtype": "form", "formid": "0f0f0f0f-1111-2222-3333-444444444444", "message": "Confirm",
                "data": {"xx_name": "Smith", "xx_amount": 12.5, "xx_flag": "1"}
                """);
            return 200;
        });
        await using var socket = scope.Socket();
        FormPrompt<ICollectForm>? seen = null;
        var handlers = new CollectPromptHandlers(new CollectFormRegistry(CollectFormDescriptor.Create<ScheduleNextContactForm>()))
            .OnOtherForm(prompt =>
            {
                seen = prompt;
                var form = Assert.IsType<CollectDictionaryForm>(prompt.Form);
                return new FormAnswer<ICollectForm>(7, form.With("xx_name", "Jones").Without("xx_flag"));
            });

        await socket.RunJobAsync(scope.RunPlan(plan), handlers);

        Assert.NotNull(seen);
        Assert.Empty(seen.Buttons);
        Assert.Equal("Confirm", seen.Message);
        var values = Assert.IsType<CollectDictionaryForm>(seen.Form);
        Assert.Equal("Smith", values.GetString("xx_name"));
        Assert.Equal("12.5", values.GetString("xx_amount"));
        Assert.Equal(3, values.Count);
        var job = Assert.Single(scope.Jobs);
        AssertJson($$"""{"jobid": "{{job.JobId}}", "button": 7, "data": {"xx_name": "Jones", "xx_amount": 12.5} }""", Assert.Single(job.Answers));
    }

    [Fact]
    public async Task Fallback_gets_the_registrys_typed_form_when_no_typed_handler_takes_it()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.AskAsync($$"""
                "subtype": "form", "formid": "{{ScheduleNextContactForm.FormId}}", "data": {{ExampleFormData}}
                """);
            return 200;
        });
        await using var socket = scope.Socket();
        var handlers = new CollectPromptHandlers(new CollectFormRegistry(CollectFormDescriptor.Create<ScheduleNextContactForm>()))
            .OnOtherForm(prompt =>
            {
                var form = Assert.IsType<ScheduleNextContactForm>(prompt.Form);
                Assert.Equal(2, prompt.Buttons.Count);
                return new FormAnswer<ICollectForm>(ScheduleNextContactForm.Buttons.Ok, form with { Priority = 10 });
            });

        await socket.RunJobAsync(scope.RunPlan(plan), handlers);

        var answer = Assert.Single(Assert.Single(scope.Jobs).Answers);
        Assert.Equal(4631, answer.GetProperty("button").GetInt32());
        Assert.Equal("10", answer.GetProperty("data").GetProperty("co_priority").GetString());
        Assert.Equal(10, answer.GetProperty("data").EnumerateObject().Count());
    }

    [Fact]
    public async Task A_plan_with_several_prompts_answers_each_in_turn_and_returns_the_http_result()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            await job.AskAsync(ProceedPrompt);
            await job.AskAsync("""
                "subtype": "date", "message": "Start date?", "data": {"value": "2024-02-29"}
                """);
            await job.AskAsync($$"""
                "subtype": "form", "formid": "{{ScheduleNextContactForm.FormId}}", "data": {{ExampleFormData}}
                """);
            return 200;
        });
        await using var socket = scope.Socket();
        var handlers = new CollectPromptHandlers()
            .OnButton(prompt => prompt.PositionOf("yes"))
            .OnDate(prompt => prompt.DefaultValue!.Value)
            .OnForm<ScheduleNextContactForm>(form => FormAnswer.Create(ScheduleNextContactForm.Buttons.Ok, form));

        var status = await socket.RunJobAsync(scope.RunPlanWithResult(plan), handlers);

        Assert.Equal(200, status);
        var answers = Assert.Single(scope.Jobs).Answers.ToArray();
        Assert.Equal(3, answers.Length);
        Assert.Equal(0, answers[0].GetProperty("button").GetInt32());
        Assert.Equal("2024-02-29", answers[1].GetProperty("data").GetProperty("value").GetString());
        AssertJson(ExampleFormData, answers[2].GetProperty("data"));
    }

    [Fact]
    public async Task Concurrent_jobs_on_one_socket_each_answer_their_own_prompts()
    {
        const int Count = 5;
        var scope = server.Scope();
        var started = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverAnswers = new JsonElement[Count];
        var plans = Enumerable.Range(0, Count).Select(i => scope.Plan(async job =>
        {
            await job.StartAsync();
            // Every job is started before any prompts, so all prompts are out at once.
            if (Interlocked.Increment(ref started) == Count) allStarted.TrySetResult();
            await allStarted.Task.Signal();
            serverAnswers[i] = await job.AskAsync($$"""
                "subtype": "button", "message": "Job {{i}}?", "buttons": ["A", "B", "C"]
                """);
            return 200;
        })).ToArray();

        await using var socket = scope.Socket();
        var entered = 0;
        var allEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new string?[Count];
        var runs = Enumerable.Range(0, Count).Select(i => socket.RunJobAsync(scope.RunPlan(plans[i]),
            new CollectPromptHandlers().OnButton(async (prompt, cancellationToken) =>
            {
                seen[i] = prompt.Message;
                // Every handler waits for all the others: the prompts of all jobs are pending at once.
                if (Interlocked.Increment(ref entered) == Count) allEntered.TrySetResult();
                await allEntered.Task.WaitAsync(JobTestServer.Safety, cancellationToken);
                return i % 3;
            }))).ToArray();

        await Task.WhenAll(runs).Signal();

        Assert.Single(scope.Sockets);
        Assert.All(scope.SocketIdsNamed, id => Assert.Equal(scope.Sockets.Single().Id, id));
        Assert.Equal(Count, scope.Jobs.Select(j => j.JobId).Distinct().Count());
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal($"Job {i}?", seen[i]);
            Assert.Equal(i % 3, serverAnswers[i].GetProperty("button").GetInt32());
        }
    }

    [Fact]
    public async Task Malformed_foreign_and_unknown_job_messages_are_ignored()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            var socket = job.Socket;
            await socket.SendAsync("this is not JSON");
            await socket.SendAsync("[1, 2, 3]");
            await socket.SendAsync("""{"type": "prompt", "subtype": "button", "jobid": "NOT-A-JOB", "buttons": ["Yes"]}""");
            await socket.SendAsync("""{"type": "error", "jobid": "NOT-A-JOB", "message": "No job NOT-A-JOB is waiting for an answer."}""");
            await socket.SendAsync("""{"type": "start", "jobid": "STRAY"}""");
            await socket.SendAsync($$"""{"websocket-id": "another socket", "jobid": "{{job.JobId}}", "type": "prompt", "subtype": "button", "buttons": ["Yes"]}""");
            await socket.SendAsync($$"""{"jobid": "{{job.JobId}}", "type": "surprise"}""");
            // The button prompt of the docs carries no websocket-id: it is the job's all the same.
            await socket.SendAsync($$"""{"jobid": "{{job.JobId}}", "type": "prompt", "subtype": "button", "message": "Do you want to proceed?", "buttons": ["Yes", "No"]}""");
            await job.AnswerAsync();
            await job.EndAsync();
            return 200;
        });
        await using var socket = scope.Socket();
        var prompts = 0;
        var handlers = new CollectPromptHandlers().OnButton(_ =>
        {
            Interlocked.Increment(ref prompts);
            return 0;
        });

        await socket.RunJobAsync(scope.RunPlan(plan), handlers);

        Assert.Equal(1, prompts);
        var job = Assert.Single(scope.Jobs);
        Assert.Single(job.Answers);
        Assert.Empty(job.Socket.UnknownAnswers);
    }

    [Fact]
    public async Task A_plan_that_needs_no_prompt_finishes_when_the_http_call_answers()
    {
        var scope = server.Scope();
        var plan = scope.Plan(async job =>
        {
            await job.StartAsync();
            return 200;
        });
        await using var socket = scope.Socket();

        await socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers());
        await socket.RunJobAsync(scope.RunPlan(plan), new CollectPromptHandlers());

        Assert.Equal(2, scope.Jobs.Count);
        Assert.Single(scope.Sockets);
    }
}
