using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Tests.Auth;
using Collect.Runtime.Tests.Jobs;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Collect.Runtime.Tests.App;

public sealed class AppClientTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    private const string SocketId = "43tzLWO2RJzlxQPpsw4EOA==";

    // Plan SLOW and every report answer when the test opens this gate, as a job does once a person has answered
    // its prompts; until then (or until the client gives up) they hold. Each arrival is counted.
    private readonly TaskCompletionSource _slowPlanGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _slowArrivals = new(0);
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    private FakeCollect Plans()
    {
        var fake = server.Tenant();
        fake.App = async (context, path) =>
        {
            if (path == "api/v1/collect/app/report")
            {
                _slowArrivals.Release();
                await _slowPlanGate.Task.WaitAsync(context.RequestAborted);
                await FakeCollect.Json(context, 200, """{"status":200,"result":{}}""");
                return;
            }
            if (path != "api/v1/collect/app/runplan")
            {
                await FakeCollect.Json(context, 404, """{"status":404,"message":"Unknown endpoint"}""");
                return;
            }
            using var body = JsonDocument.Parse(fake.Requests.Last().Body);
            var plan = body.RootElement.GetProperty("plan").GetString();
            var hasSocket = body.RootElement.TryGetProperty("websocket-id", out _);
            switch (plan)
            {
                case "REV":
                    context.Response.StatusCode = 200; // no body, as the docs say
                    break;
                case "SLOW":
                    _slowArrivals.Release();
                    await _slowPlanGate.Task.WaitAsync(context.RequestAborted);
                    context.Response.StatusCode = 200;
                    break;
                case "ASK" when !hasSocket:
                    await FakeCollect.Json(context, 409, """{"status":409,"message":"Plan ASK must prompt and has no web socket; changes rolled back"}""");
                    break;
                case "ASK":
                    await FakeCollect.Json(context, 408, """{"status":408,"message":"Prompt timed out"}""");
                    break;
                default:
                    await FakeCollect.Json(context, 404, JsonText.Object(("status", 404), ("message", $"Unknown plan {plan}")));
                    break;
            }
        };
        return fake;
    }

    [Fact]
    public async Task Running_a_plan_posts_the_plan_the_record_and_the_socket()
    {
        var fake = Plans();
        using var connection = Connection.Open(fake, options => options.Database = "demodb");

        await connection.App.RunPlanAsync("REV", "debtor", 123, SocketId);

        var request = fake.To("app/runplan").Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("""{"plan":"REV","debtor":123,"websocket-id":"43tzLWO2RJzlxQPpsw4EOA=="}""", request.Body);
        Assert.StartsWith("application/json", request.Header("content-type"), StringComparison.Ordinal);
        Assert.Equal("cv_demodb", request.Header("x-collect-database"));
        Assert.StartsWith("Bearer ", request.Header("authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_a_plan_without_a_socket_leaves_the_socket_out()
    {
        var fake = Plans();
        using var connection = Connection.Open(fake);

        await connection.App.RunPlanAsync("REV", "client", 7, websocketId: null);

        Assert.Equal("""{"plan":"REV","client":7}""", fake.To("app/runplan").Single().Body);
    }

    [Fact]
    public async Task Plan_failures_map_to_the_exception_family()
    {
        var fake = Plans();
        using var connection = Connection.Open(fake);

        var unknown = await Assert.ThrowsAsync<CollectNotFoundException>(() => connection.App.RunPlanAsync("NOPE", "debtor", 1, null));
        var conflict = await Assert.ThrowsAsync<CollectConflictException>(() => connection.App.RunPlanAsync("ASK", "debtor", 1, null));
        var timedOut = await Assert.ThrowsAsync<CollectPromptTimeoutException>(() => connection.App.RunPlanAsync("ASK", "debtor", 1, SocketId));

        Assert.Equal("Unknown plan NOPE", unknown.ServerMessage);
        Assert.Equal("debtor", unknown.Table);
        Assert.EndsWith("/api/v1/collect/app/runplan", unknown.Path, StringComparison.Ordinal);
        Assert.Equal(409, conflict.StatusCode);
        Assert.Contains("rolled back", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(408, timedOut.StatusCode);
    }

    [Fact]
    public async Task A_plan_that_names_a_socket_waits_past_RequestTimeout_for_its_job()
    {
        var fake = Plans();
        // The limits run on a manual clock: they fire when the test moves it, and only then.
        var time = new ManualTimeProvider();
        using var connection = Connection.Open(fake, options =>
        {
            options.RequestTimeout = TimeSpan.FromSeconds(30);
            options.Clock = time;
        });
        await connection.Session.SignInAsync(); // so that the limits apply to the plan's call alone

        // The job's call is bounded by JobRequestTimeout (1 hour by default), not by RequestTimeout: past
        // four times RequestTimeout it still waits for the plan, and answers once the plan does. (Had a
        // RequestTimeout timer run, moving the clock would have cancelled the call before the plan answered.)
        var plan = connection.App.RunPlanAsync("SLOW", "debtor", 123, SocketId);
        Assert.True(await _slowArrivals.WaitAsync(Safety));
        time.Advance(TimeSpan.FromMinutes(2));
        _slowPlanGate.SetResult();
        await plan.WaitAsync(Safety);
    }

    [Fact]
    public async Task A_plan_without_a_socket_keeps_RequestTimeout_and_a_job_keeps_JobRequestTimeout()
    {
        var fake = Plans();
        var time = new ManualTimeProvider();
        using var connection = Connection.Open(fake, options =>
        {
            options.RequestTimeout = TimeSpan.FromSeconds(30);
            options.JobRequestTimeout = TimeSpan.FromMinutes(10);
            options.Clock = time;
        });
        await connection.Session.SignInAsync(); // so that the limits apply to the plans' calls alone

        // Each call is held until it gives up; its message names the limit that ended it.
        async Task<TimeoutException> HeldUntil(TimeSpan limit, Func<Task> call)
        {
            var running = call();
            Assert.True(await _slowArrivals.WaitAsync(Safety));
            time.Advance(limit - TimeSpan.FromSeconds(1));
            Assert.False(running.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(1));
            return await Assert.ThrowsAsync<TimeoutException>(() => running).WaitAsync(Safety);
        }

        var plain = await HeldUntil(TimeSpan.FromSeconds(30), () => connection.App.RunPlanAsync("SLOW", "debtor", 1, null));
        var job = await HeldUntil(TimeSpan.FromMinutes(10), () => connection.App.RunPlanAsync("SLOW", "debtor", 1, SocketId));
        var report = await HeldUntil(TimeSpan.FromMinutes(10), () => connection.App.RunReportAsync(new CollectReportRequest { Report = "R" }, SocketId));

        Assert.Contains("30 s (CollectClientOptions.RequestTimeout)", plain.Message, StringComparison.Ordinal);
        Assert.Contains("600 s (CollectClientOptions.JobRequestTimeout)", job.Message, StringComparison.Ordinal);
        Assert.Contains("600 s (CollectClientOptions.JobRequestTimeout)", report.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cancelling_a_report_while_it_runs_is_a_cancellation(bool withSocket)
    {
        var fake = Plans();
        using var connection = Connection.Open(fake);
        await connection.Session.SignInAsync();
        using var cancellation = new CancellationTokenSource();

        // The server holds the report until the client gives up: only the cancellation can end the call.
        var report = connection.App.RunReportAsync(new CollectReportRequest { Report = "R" }, withSocket ? SocketId : null, cancellation.Token);
        Assert.True(await _slowArrivals.WaitAsync(Safety));
        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => report).WaitAsync(Safety);
        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task Cancelling_a_plan_while_it_runs_is_a_cancellation()
    {
        var fake = Plans();
        using var connection = Connection.Open(fake);
        await connection.Session.SignInAsync();
        using var cancellation = new CancellationTokenSource();

        var plan = connection.App.RunPlanAsync("SLOW", "debtor", 1, SocketId, cancellation.Token);
        Assert.True(await _slowArrivals.WaitAsync(Safety));
        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => plan).WaitAsync(Safety);
        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task A_report_sends_every_member_and_answers_its_outputs()
    {
        var fake = server.Tenant();
        fake.App = (context, path) => FakeCollect.Json(context, 200,
            """{"status":200,"result":{"SVG":"<svg xmlns=\"http://www.w3.org/2000/svg\"/>","CSV":"de_name,de_owing\r\nSmith,12.50\r\n"}}""");
        using var connection = Connection.Open(fake);

        var report = await connection.App.RunReportAsync(new CollectReportRequest
        {
            Report = "Debtor Letter",
            Script = "@de_name",
            StartOn = "debtor",
            RowIds = [123, 124],
            Destinations = [CollectReport.SvgDestination, CollectReport.CsvDestination],
            ShowMargins = true,
        }, SocketId);

        Assert.Equal("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", report.Svg);
        Assert.Equal("de_name,de_owing\r\nSmith,12.50\r\n", report.Csv);
        Assert.Equal(["SVG", "CSV"], report.Outputs.Keys);
        Assert.Equal(report.Svg, report.Get("svg"));
        var request = fake.To("app/report").Single();
        Assert.Equal(
            """{"report":"Debtor Letter","script":"@de_name","starton":"debtor","rowid":["123","124"],"websocket-id":"43tzLWO2RJzlxQPpsw4EOA==","destination":"SVG,CSV","showmargins":true}""",
            request.Body);
        Assert.DoesNotContain("de_name,", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_needs_a_name_or_a_script()
    {
        var fake = server.Tenant();
        using var connection = Connection.Open(fake);

        await Assert.ThrowsAsync<ArgumentException>(() => connection.App.RunReportAsync(new CollectReportRequest { RowIds = [1] }, null));

        fake.App = (context, path) => FakeCollect.Json(context, 200, """{"status":200,"result":{}}""");
        var empty = await connection.App.RunReportAsync(new CollectReportRequest { Script = "@de_name" }, null);
        Assert.Empty(empty.Outputs);
        Assert.Equal("""{"script":"@de_name","rowid":[]}""", fake.To("app/report").Single().Body);
    }

    [Theory]
    [InlineData("""{"status":200}""")]
    [InlineData("""<html>oops</html>""")]
    [InlineData("""{"status":200,"result":{"SVG":"<svg""")]
    public async Task A_report_answer_that_is_not_the_expected_json_is_a_clear_error(string body)
    {
        var fake = server.Tenant();
        fake.App = (context, path) => FakeCollect.Json(context, 200, body);
        using var connection = Connection.Open(fake);

        var error = await Assert.ThrowsAsync<CollectApiException>(() => connection.App.RunReportAsync(new CollectReportRequest { Report = "R" }, null));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("not the expected JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forms_structure_is_read_into_typed_records()
    {
        const string FormId = "35d01ff2-775d-ccb4-8f53-25d36f517384";
        var fake = server.Tenant();
        fake.App = (context, path) => path == "api/v1/collect/ui/forms/" + FormId
            ? FakeCollect.Json(context, 200, """
                {"status":200,"result":{"name":"Contact","alias":"Schedule Next Contact","id":"35d01ff2-775d-ccb4-8f53-25d36f517384",
                 "width":86,"height":"17","rights":"1023",
                 "fields":[{"name":"co_type","label":"Type","type":"int","length":"5","readOnly":false},
                           {"name":"co_description","label":"Description","type":"string","length":60,"readOnly":"1"},
                           {"name":"co_date","label":"Date","type":"date","length":10,"readOnly":0,"extra":{"x":1}}],
                 "buttons":[{"name":"OK","value":4631},{"name":"Cancel","value":"4632"}]}}
                """)
            : FakeCollect.Json(context, 404, """{"status":404,"message":"Unknown form"}""");
        using var connection = Connection.Open(fake);

        var form = await connection.App.GetFormAsync(FormId);

        Assert.Equal("Contact", form.Name);
        Assert.Equal("Schedule Next Contact", form.Alias);
        Assert.Equal("Schedule Next Contact", form.DisplayName);
        Assert.Equal(FormId, form.Id);
        Assert.Equal(86, form.Width);
        Assert.Equal(17, form.Height);
        Assert.Equal("1023", form.Rights);
        Assert.Equal(
            [new CollectFormField("co_type", "Type", "int", 5, false), new CollectFormField("co_description", "Description", "string", 60, true), new CollectFormField("co_date", "Date", "date", 10, false)],
            form.Fields);
        Assert.Equal([new FormButton("OK", 4631), new FormButton("Cancel", 4632)], form.Buttons);
        Assert.Equal("GET", fake.To("ui/forms/" + FormId).Single().Method);

        var missing = await Assert.ThrowsAsync<CollectNotFoundException>(() => connection.App.GetFormAsync("no-such-form"));
        Assert.Equal("Unknown form", missing.ServerMessage);
    }

    [Fact]
    public async Task A_form_without_alias_or_buttons_is_read_too()
    {
        var fake = server.Tenant();
        fake.App = (context, path) => FakeCollect.Json(context, 200, """{"status":200,"result":{"name":"Debtor","id":"d-1","width":"40","height":12,"rights":7,"fields":[]}}""");
        using var connection = Connection.Open(fake);

        var form = await connection.App.GetFormAsync("d-1");

        Assert.Null(form.Alias);
        Assert.Equal("Debtor", form.DisplayName);
        Assert.Equal("7", form.Rights);
        Assert.Empty(form.Fields);
        Assert.Empty(form.Buttons);
    }
}
