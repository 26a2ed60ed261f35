using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Collect.DevServer.Tests.Infrastructure;
using Xunit;

namespace Collect.DevServer.Tests;

/// <summary>The web socket protocol and contact plans, over real sockets.</summary>
[Collection(DevServerCollection.Name)]
public sealed class PlanTests(DevServerFixture fixture)
{
    private const string FormId = "35d01ff2-775d-ccb4-8f53-25d36f517384";
    private readonly ApiClient _api = fixture.Api;

    private Uri SocketAddress => fixture.Host.Server.WebSocketAddress;

    private string Dump() => DbDump.Of(fixture.Host.Server.GetDatabasePath("cv_masterdb"));

    private async Task<ApiResponse> RunPlanAsync(object body, string user = "OWN", string password = "own") =>
        await _api.SendAsync(HttpMethod.Post, "api/v1/collect/app/runplan", JsonSerializer.Serialize(body), await _api.TokenAsync(user: user, password: password), null);

    [Fact]
    public async Task TheKeyMessageComesFirstWithA128BitId()
    {
        await using var one = await TestSocket.ConnectAsync(SocketAddress);
        await using var two = await TestSocket.ConnectAsync(new Uri(SocketAddress, "/"));
        Assert.Equal(16, Convert.FromBase64String(one.Id).Length);
        Assert.Equal(16, Convert.FromBase64String(two.Id).Length);
        Assert.NotEqual(one.Id, two.Id);
    }

    [Fact]
    public async Task AnswersForUnknownJobsAndBadMessagesGetErrors()
    {
        await using var socket = await TestSocket.ConnectAsync(SocketAddress);
        await socket.SendAsync(new { jobid = "BB384B01-4C01-4678-8D9D-63D6B53A8804", button = 0 });
        var error = await socket.ExpectAsync("error", "BB384B01-4C01-4678-8D9D-63D6B53A8804");
        Assert.Contains("Unknown job", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        await socket.SendTextAsync("not json at all");
        error = await socket.ExpectAsync("error");
        Assert.Equal(JsonValueKind.Null, error.GetProperty("jobid").ValueKind);

        await socket.SendAsync(new { button = 1 });
        await socket.ExpectAsync("error");
    }

    [Fact]
    public async Task RevSchedulesTheAnsweredContactAndSetsTheStatus()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Review Me" }, mode: 4);
        await using var socket = await TestSocket.ConnectAsync(SocketAddress);
        var run = RunPlanAsync(new Dictionary<string, object> { ["plan"] = "REV", ["debtor"] = debtor, ["websocket-id"] = socket.Id });

        var start = await socket.ExpectAsync("start");
        var job = start.GetProperty("jobid").GetString()!;
        Assert.Equal(socket.Id, start.GetProperty("websocket-id").GetString());
        Assert.True(Guid.TryParse(job, out _));

        var question = await socket.ExpectAsync("prompt", job);
        Assert.Equal("button", question.GetProperty("subtype").GetString());
        Assert.Equal("Do you want to proceed?", question.GetProperty("message").GetString());
        Assert.Equal(["Yes", "No"], question.GetProperty("buttons").EnumerateArray().Select(b => b.GetString()!).ToArray());
        await socket.SendAsync(new { jobid = job, button = 0 });
        await socket.ExpectAsync("end", job);

        var form = await socket.ExpectAsync("prompt", job);
        Assert.Equal("form", form.GetProperty("subtype").GetString());
        Assert.Equal(FormId, form.GetProperty("formid").GetString());
        var data = form.GetProperty("data");
        var expected = new Dictionary<string, string>
        {
            ["co_type"] = "5", ["co_description"] = "Review file...", ["co_priority"] = "30", ["co_who"] = "OWN",
            ["co_date"] = "2026-03-14", ["co_originator"] = "OWN", ["co_creation_date"] = "2026-03-14",
            ["co_creation_time"] = "10:15:30", ["co_who_from"] = "OWN", ["co_lock"] = "1024",
        };
        Assert.Equal(expected, data.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));

        var answer = expected.ToDictionary(p => p.Key, p => p.Value);
        answer["co_description"] = "Please review Sales account";
        answer["co_priority"] = "25";
        answer["co_date"] = "2026-03-16";
        await socket.SendAsync(new Dictionary<string, object> { ["jobid"] = job, ["button"] = 4631, ["data"] = answer });
        await socket.ExpectAsync("end", job);

        var finished = await run;
        Assert.Equal(200, finished.Status);
        Assert.Empty(finished.Bytes);

        var contacts = await _api.GetAsync($"api/v1/collect/data/debtor/{debtor}/contact");
        var contact = Assert.Single(ApiClient.Rows(contacts));
        Assert.Equal("Please review Sales account", contact.GetProperty("co_description").GetString());
        Assert.Equal("25", contact.GetProperty("co_priority").GetString());
        Assert.Equal("2026-03-16", contact.GetProperty("co_date").GetString());
        Assert.Equal("OWN", contact.GetProperty("co_who").GetString());
        Assert.Equal("1024", contact.GetProperty("co_lock").GetString());
        Assert.Equal("REV", (await _api.GetAsync($"api/v1/collect/data/debtor/{debtor}")).Data.GetProperty("de_status").GetString());
    }

    [Fact]
    public async Task FormDefaultsNameTheSignedInOperator()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Manager's" });
        await using var socket = await TestSocket.ConnectAsync(SocketAddress);
        var run = RunPlanAsync(new Dictionary<string, object> { ["plan"] = "REV", ["debtor"] = debtor.ToString(CultureInfo.InvariantCulture), ["websocket-id"] = socket.Id }, "MGR", "mgr");
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", job);
        await socket.SendAsync(new { jobid = job, button = 0 });
        await socket.ExpectAsync("end", job);
        var data = (await socket.ExpectAsync("prompt", job)).GetProperty("data");
        Assert.Equal("MGR", data.GetProperty("co_who").GetString());
        Assert.Equal("MGR", data.GetProperty("co_originator").GetString());
        Assert.Equal("MGR", data.GetProperty("co_who_from").GetString());
        await socket.SendAsync(new { jobid = job, button = 4631 }); // OK with the defaults
        await socket.ExpectAsync("end", job);
        Assert.Equal(200, (await run).Status);
        var contact = Assert.Single(ApiClient.Rows(await _api.GetAsync($"api/v1/collect/data/debtor/{debtor}/contact")));
        Assert.Equal("Review file...", contact.GetProperty("co_description").GetString());
        Assert.Equal("MGR", contact.GetProperty("co_who").GetString());
    }

    [Theory]
    [InlineData("no")]
    [InlineData("cancel")]
    [InlineData("socket-closed")]
    public async Task EndingRevEarlyLeavesTheDatabaseUnchanged(string how)
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Unchanged " + how });
        var before = Dump();
        var socket = await TestSocket.ConnectAsync(SocketAddress);
        var run = RunPlanAsync(new Dictionary<string, object> { ["plan"] = "REV", ["debtor"] = debtor, ["websocket-id"] = socket.Id });
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", job);
        if (how == "no")
        {
            await socket.SendAsync(new { jobid = job, button = 1 });
            await socket.ExpectAsync("end", job);
        }
        else
        {
            await socket.SendAsync(new { jobid = job, button = 0 });
            await socket.ExpectAsync("end", job);
            await socket.ExpectAsync("prompt", job);
            if (how == "cancel")
            {
                await socket.SendAsync(new { jobid = job, button = 4632, data = new { co_description = "never stored" } });
                await socket.ExpectAsync("end", job);
            }
            else
            {
                await socket.CloseAsync();
            }
        }
        var finished = await run;
        Assert.Equal(how == "socket-closed" ? 409 : 200, finished.Status);
        Assert.Equal(before, Dump());
        await socket.DisposeAsync();
    }

    [Theory]
    [InlineData("keep")]
    [InlineData("drop")]
    [InlineData("also-drop")]
    [InlineData("socket-closed")]
    public async Task WritesBeforeAPromptAreRolledBackWhenThePlanEndsEarly(string how)
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Writes first " + how, de_status = "OLD" });
        var before = Dump();
        var socket = await TestSocket.ConnectAsync(SocketAddress);
        var run = RunPlanAsync(new Dictionary<string, object> { ["plan"] = "WRT", ["debtor"] = debtor, ["websocket-id"] = socket.Id });
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        var prompt = await socket.ExpectAsync("prompt", job);
        Assert.Equal(3, prompt.GetProperty("buttons").GetArrayLength());
        if (how == "socket-closed")
        {
            await socket.CloseAsync();
        }
        else
        {
            await socket.SendAsync(new { jobid = job, button = how switch { "keep" => 0, "drop" => 1, _ => 2 } });
            await socket.ExpectAsync("end", job);
        }
        var finished = await run;
        Assert.Equal(how == "socket-closed" ? 409 : 200, finished.Status);
        if (how == "keep")
        {
            var row = (await _api.GetAsync($"api/v1/collect/data/debtor/{debtor}")).Data;
            Assert.Equal("WRT", row.GetProperty("de_status").GetString());
            Assert.Equal("OWN 2026-03-14", row.GetProperty("de_user_1").GetString());
            var contact = Assert.Single(ApiClient.Rows(await _api.GetAsync($"api/v1/collect/data/debtor/{debtor}/contact")));
            Assert.Equal("2026-03-14", contact.GetProperty("co_creation_date").GetString());
        }
        else
        {
            Assert.Equal(before, Dump());
        }
        await socket.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APlanThatMustPromptWithoutASocketAnswers409AndChangesNothing(bool unknownSocket)
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "No socket" });
        var before = Dump();
        var body = new Dictionary<string, object> { ["plan"] = "WRT", ["debtor"] = debtor };
        if (unknownSocket) body["websocket-id"] = Convert.ToBase64String(new byte[16]);
        var answer = await RunPlanAsync(body);
        Assert.Equal(409, answer.Status);
        Assert.Equal(before, Dump());
    }

    [Fact]
    public async Task AJobWhoseStepFailsOnAnAnsweredValueAnswers400AndLeavesNothingBehind()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Fails late", de_status = "OLD" });
        var before = Dump();
        await using var socket = await TestSocket.ConnectAsync(SocketAddress);
        var run = RunPlanAsync(new Dictionary<string, object> { ["plan"] = "FAIL", ["debtor"] = debtor, ["websocket-id"] = socket.Id });
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", job);

        // After two writes, the answer cannot go into de_timezone (an int): the job fails.
        await socket.SendAsync(new { jobid = job, button = 0, data = new { value = "not a zone" } });
        await socket.ExpectAsync("end", job);
        var failed = await run;

        Assert.Equal(400, failed.Status);
        Assert.Contains("Plan FAIL step 4 failed", failed.Json!.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("rolled back", failed.Json!.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, Dump());

        // The same plan with a good answer keeps all three writes.
        var good = RunPlanAsync(new Dictionary<string, object> { ["plan"] = "FAIL", ["debtor"] = debtor, ["websocket-id"] = socket.Id });
        var goodJob = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", goodJob);
        await socket.SendAsync(new { jobid = goodJob, button = 0, data = new { value = "7" } });
        await socket.ExpectAsync("end", goodJob);
        Assert.Equal(200, (await good).Status);
        var row = (await _api.GetAsync($"api/v1/collect/data/debtor/{debtor}")).Data;
        Assert.Equal("FAIL", row.GetProperty("de_status").GetString());
        Assert.Equal("7", row.GetProperty("de_timezone").GetString());
        Assert.Single(ApiClient.Rows(await _api.GetAsync($"api/v1/collect/data/debtor/{debtor}/contact")));
    }

    [Fact]
    public async Task AClientThatAbandonsTheJobsRequestRollsTheJobBack()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Abandoned", de_status = "OLD" });
        var before = Dump();
        await using var socket = await TestSocket.ConnectAsync(SocketAddress);
        using var abandon = new System.Threading.CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/collect/app/runplan")
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, object> { ["plan"] = "WRT", ["debtor"] = debtor, ["websocket-id"] = socket.Id }),
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await _api.TokenAsync());
        var run = _api.Http.SendAsync(request, abandon.Token);
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", job); // WRT has written by now, and waits for the answer

        abandon.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        // The server sees the request aborted and rolls the job back; wait (bounded) for that.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Dump() != before && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(before, Dump());
    }

    [Fact]
    public async Task APlanWithoutPromptsRunsWithoutASocket()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Automatic" });
        var answer = await RunPlanAsync(new Dictionary<string, object> { ["plan"] = "AUTO", ["debtor"] = debtor });
        Assert.Equal(200, answer.Status);
        Assert.Equal("AUT", (await _api.GetAsync($"api/v1/collect/data/debtor/{debtor}")).Data.GetProperty("de_status").GetString());
    }

    [Theory]
    [InlineData("{\"plan\":\"NOPE\",\"debtor\":1}", 404)]
    [InlineData("{\"plan\":\"REV\",\"debtor\":987654}", 404)]
    [InlineData("{\"plan\":\"REV\"}", 400)]
    [InlineData("{\"plan\":\"REV\",\"client\":1}", 400)]
    [InlineData("{\"plan\":\"REV\",\"debtor\":\"one\"}", 400)]
    [InlineData("{\"debtor\":1}", 400)]
    [InlineData("{\"plan\":5,\"debtor\":1}", 400)]
    public async Task BadPlanRequestsAnswer4xx(string body, int status)
    {
        var answer = await _api.SendAsync(HttpMethod.Post, "api/v1/collect/app/runplan", body, await _api.TokenAsync(), null);
        Assert.Equal(status, answer.Status);
    }

    [Fact]
    public async Task InvalidAnswersAreRefusedAndThePromptKeepsWaiting()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Patient" });
        await using var socket = await TestSocket.ConnectAsync(SocketAddress);
        var run = RunPlanAsync(new Dictionary<string, object> { ["plan"] = "REV", ["debtor"] = debtor, ["websocket-id"] = socket.Id });
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", job);

        await socket.SendAsync(new { jobid = job, button = 7 });
        await socket.ExpectAsync("error", job);
        await socket.SendAsync(new { jobid = job });
        await socket.ExpectAsync("error", job);
        await socket.SendAsync(new { jobid = job.ToLowerInvariant(), button = "0" }); // ids compare case-insensitively; "0" reads as 0
        await socket.ExpectAsync("end", job.ToLowerInvariant());

        await socket.ExpectAsync("prompt", job);
        await socket.SendAsync(new { jobid = job, button = 1234 });
        await socket.ExpectAsync("error", job);
        await socket.SendAsync(new { jobid = job, button = 4631, data = new { co_nope = "x" } });
        await socket.ExpectAsync("error", job);
        await socket.SendAsync(new { jobid = job, button = 4631, data = new { co_priority = "high" } });
        await socket.ExpectAsync("error", job);
        await socket.SendAsync(new { jobid = job, button = 4631, data = new { co_rowid = "1" } });
        await socket.ExpectAsync("error", job);
        await socket.SendAsync(new { jobid = job, button = 4631, data = new { co_priority = "1" } });
        await socket.ExpectAsync("end", job);
        Assert.Equal(200, (await run).Status);

        // The job is over: a late answer is for an unknown job.
        await socket.SendAsync(new { jobid = job, button = 0 });
        await socket.ExpectAsync("error", job);
    }

    [Fact]
    public async Task OneSocketCarriesSeveralJobsAtOnce()
    {
        var first = await _api.CreateIdAsync("debtor", new { de_name = "First of two" });
        var second = await _api.CreateIdAsync("debtor", new { de_name = "Second of two" });
        await using var socket = await TestSocket.ConnectAsync(SocketAddress);
        var runOne = RunPlanAsync(new Dictionary<string, object> { ["plan"] = "REV", ["debtor"] = first, ["websocket-id"] = socket.Id });
        var jobOne = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", jobOne);
        var runTwo = RunPlanAsync(new Dictionary<string, object> { ["plan"] = "REV", ["debtor"] = second, ["websocket-id"] = socket.Id });
        var jobTwo = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", jobTwo);
        Assert.NotEqual(jobOne, jobTwo);

        // Answer the second job first: No ends it. Then the first goes through.
        await socket.SendAsync(new { jobid = jobTwo, button = 1 });
        await socket.ExpectAsync("end", jobTwo);
        Assert.Equal(200, (await runTwo).Status);
        await socket.SendAsync(new { jobid = jobOne, button = 0 });
        await socket.ExpectAsync("end", jobOne);
        await socket.ExpectAsync("prompt", jobOne);
        await socket.SendAsync(new { jobid = jobOne, button = 4631 });
        await socket.ExpectAsync("end", jobOne);
        Assert.Equal(200, (await runOne).Status);

        Assert.Equal("REV", (await _api.GetAsync($"api/v1/collect/data/debtor/{first}")).Data.GetProperty("de_status").GetString());
        Assert.Equal("", (await _api.GetAsync($"api/v1/collect/data/debtor/{second}")).Data.GetProperty("de_status").GetString());
    }

    [Fact]
    public async Task StringAndDatePromptsFeedTheirValuesIntoThePlan()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Noted" });
        await using var socket = await TestSocket.ConnectAsync(SocketAddress);
        var run = RunPlanAsync(new Dictionary<string, object> { ["plan"] = "NOTE", ["debtor"] = debtor, ["websocket-id"] = socket.Id });
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;

        var text = await socket.ExpectAsync("prompt", job);
        Assert.Equal("string", text.GetProperty("subtype").GetString());
        Assert.Equal("Call OWN", text.GetProperty("data").GetProperty("value").GetString());
        await socket.SendAsync(new { jobid = job, button = 0, data = new { value = "Promised to pay, O'Brien (Inc.)" } });
        await socket.ExpectAsync("end", job);

        var date = await socket.ExpectAsync("prompt", job);
        Assert.Equal("date", date.GetProperty("subtype").GetString());
        Assert.Equal("2026-03-14", date.GetProperty("data").GetProperty("value").GetString());
        await socket.SendAsync(new { jobid = job, button = 0, data = new { value = "next tuesday" } });
        await socket.ExpectAsync("error", job);
        await socket.SendAsync(new { jobid = job, button = 0, data = new { value = "2026-04-01" } });
        await socket.ExpectAsync("end", job);
        Assert.Equal(200, (await run).Status);

        var contact = Assert.Single(ApiClient.Rows(await _api.GetAsync($"api/v1/collect/data/debtor/{debtor}/contact")));
        Assert.Equal("Promised to pay, O'Brien (Inc.)", contact.GetProperty("co_description").GetString());
        Assert.Equal("2026-04-01", contact.GetProperty("co_date").GetString());
        Assert.Equal("10:15:30", contact.GetProperty("co_creation_time").GetString());
    }

    [Fact]
    public async Task CancellingAStringPromptEndsThePlan()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Not noted" });
        var before = Dump();
        await using var socket = await TestSocket.ConnectAsync(SocketAddress);
        var run = RunPlanAsync(new Dictionary<string, object> { ["plan"] = "NOTE", ["debtor"] = debtor, ["websocket-id"] = socket.Id });
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", job);
        await socket.SendAsync(new { jobid = job, button = 1 });
        await socket.ExpectAsync("end", job);
        Assert.Equal(200, (await run).Status);
        Assert.Equal(before, Dump());
    }
}
