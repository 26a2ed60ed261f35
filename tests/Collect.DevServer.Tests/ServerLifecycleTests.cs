using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Collect.DevServer.Tests.Infrastructure;
using Xunit;

namespace Collect.DevServer.Tests;

/// <summary>Servers of their own: start-up checks, the prompt timeout, restarts and shutdown.</summary>
public sealed class ServerLifecycleTests
{
    [Fact]
    public async Task AnUnansweredPromptTimesOutWith408AndRollsBack()
    {
        await using var host = await ServerHost.StartAsync(o => o.PromptTimeout = TimeSpan.FromMilliseconds(200));
        using var api = new ApiClient(host.BaseAddress);
        var debtor = await api.CreateIdAsync("debtor", new { de_name = "Slow" });
        var before = DbDump.Of(host.Server.GetDatabasePath("cv_masterdb"));
        await using var socket = await TestSocket.ConnectAsync(host.Server.WebSocketAddress);

        var answer = await api.SendAsync(HttpMethod.Post, "api/v1/collect/app/runplan",
            JsonSerializer.Serialize(new Dictionary<string, object> { ["plan"] = "WRT", ["debtor"] = debtor, ["websocket-id"] = socket.Id }), await api.TokenAsync(), null);

        Assert.Equal(408, answer.Status);
        Assert.Equal(before, DbDump.Of(host.Server.GetDatabasePath("cv_masterdb")));
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", job);
        await socket.SendAsync(new { jobid = job, button = 0 });
        await socket.ExpectAsync("error", job); // too late: the job is gone

        // The write lock was released: the database takes writes again.
        Assert.Equal(200, (await api.PatchAsync($"api/v1/collect/data/debtor/{debtor}", new { data = new { de_city = "After" } })).Status);
    }

    [Fact]
    public async Task SchemaErrorsStopTheStartWithTheGeneratorsMessages()
    {
        var folder = Directory.CreateTempSubdirectory("collect-schemas-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "broken.table.json"), "{ \"table\": \"broken\", \"rowId\": \"br_rowid\", \"fields\": [ { \"name\": \"br_rowid\", \"type\": \"wat\" } ] }");
            var error = await Assert.ThrowsAsync<DevServerConfigurationException>(() => ServerHost.StartAsync(o => o.SchemaFolder = folder));
            Assert.Contains("CCG", error.Message, StringComparison.Ordinal);
            Assert.Contains("broken.table.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task ASchemaSetWithoutOperatorsCannotStart()
    {
        var folder = Directory.CreateTempSubdirectory("collect-schemas-").FullName;
        try
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "schemas", "tables", "client.table.json"), Path.Combine(folder, "client.table.json"));
            var error = await Assert.ThrowsAsync<DevServerConfigurationException>(() => ServerHost.StartAsync(o =>
            {
                o.SchemaFolder = folder;
                o.PlanFolder = Path.Combine(folder, "no-plans");
            }));
            Assert.Contains("nx_operator", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Theory]
    [InlineData("{ \"code\": \"BAD\", \"record\": \"nothing\", \"steps\": [] }", "unknown table")]
    [InlineData("{ \"code\": \"BAD\", \"record\": \"debtor\", \"steps\": [ { \"step\": \"teleport\" } ] }", "unknown step")]
    [InlineData("{ \"code\": \"BAD\", \"record\": \"debtor\", \"steps\": [ { \"step\": \"update\", \"set\": { \"de_nope\": \"x\" } } ] }", "de_nope")]
    [InlineData("{ \"code\": \"BAD\", \"record\": \"debtor\", \"steps\": [ { \"step\": \"update\", \"set\": { \"de_owing\": \"lots\" } } ] }", "de_owing")]
    [InlineData("{ \"code\": \"BAD\", \"record\": \"debtor\", \"steps\": [ { \"step\": \"update\", \"set\": { \"de_city\": \"{tomorrow}\" } } ] }", "placeholder")]
    [InlineData("{ \"code\": \"REV\", \"record\": \"debtor\", \"steps\": [] }", "repeats plan code")]
    [InlineData("not json", "invalid")]
    public async Task BrokenPlanFilesStopTheStart(string text, string expected)
    {
        var error = await Assert.ThrowsAsync<DevServerConfigurationException>(() => ServerHost.StartAsync(o =>
        {
            File.WriteAllText(Path.Combine(o.PlanFolder, "broken.plan.json"), text);
        }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("masterdb")]
    [InlineData("cv_../x")]
    [InlineData("cv_")]
    public async Task DatabaseNamesMustBeCvNames(string name)
    {
        await Assert.ThrowsAsync<DevServerConfigurationException>(() => ServerHost.StartAsync(o => o.Databases = [name]));
    }

    [Fact]
    public async Task DataSurvivesARestartAndSeedsAreNotRepeated()
    {
        var folder = Directory.CreateTempSubdirectory("collect-restart-").FullName;
        try
        {
            long debtor;
            await using (var first = await CollectDevServer.StartAsync(new DevServerOptions { DataFolder = folder }))
            {
                using var api = new ApiClient(first.BaseAddress);
                debtor = await api.CreateIdAsync("debtor", new { de_name = "Persistent" });
            }
            await using var second = await CollectDevServer.StartAsync(new DevServerOptions { DataFolder = folder });
            using var again = new ApiClient(second.BaseAddress);
            Assert.Equal("Persistent", (await again.GetAsync($"api/v1/collect/data/debtor/{debtor}")).Data.GetProperty("de_name").GetString());
            Assert.Equal(4, (await again.GetAsync("api/v1/collect/data/nx_operator")).Body.GetProperty("type").GetProperty("numRecords").GetInt64());
            Assert.Equal(1, (await again.GetAsync("api/v1/collect/data/contact_plan?filter=cp_code=REV")).Body.GetProperty("type").GetProperty("numRecords").GetInt64());
            Assert.Equal(["cv_masterdb"], second.Databases);
            Assert.Equal(["REV"], second.Plans);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task StoppingTheServerEndsAWaitingJob()
    {
        var host = await ServerHost.StartAsync();
        using var api = new ApiClient(host.BaseAddress);
        var debtor = await api.CreateIdAsync("debtor", new { de_name = "Interrupted" });
        var before = DbDump.Of(host.Server.GetDatabasePath("cv_masterdb"));
        var socket = await TestSocket.ConnectAsync(host.Server.WebSocketAddress);
        var run = api.SendAsync(HttpMethod.Post, "api/v1/collect/app/runplan",
            JsonSerializer.Serialize(new Dictionary<string, object> { ["plan"] = "WRT", ["debtor"] = debtor, ["websocket-id"] = socket.Id }), await api.TokenAsync(), null);
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", job);

        var path = host.Server.GetDatabasePath("cv_masterdb");
        await host.Server.DisposeAsync(); // stops the server; the data folder stays until host.DisposeAsync

        var finished = await run;
        Assert.Equal(409, finished.Status);
        Assert.Equal(before, DbDump.Of(path)); // the job's writes were rolled back
        await socket.DisposeAsync();
        await host.DisposeAsync();
    }

    [Theory]
    [InlineData(50.0)]
    [InlineData(100_000.0)]
    public async Task APromptTimeoutLongerThanATimerCanWaitStopsTheStart(double days)
    {
        var error = await Assert.ThrowsAsync<DevServerConfigurationException>(() => ServerHost.StartAsync(o => o.PromptTimeout = TimeSpan.FromDays(days)));
        Assert.Contains("prompt timeout", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DevServerConfigurationException>(() => ServerHost.StartAsync(o => o.PromptTimeout = TimeSpan.MaxValue));
        await Assert.ThrowsAsync<DevServerConfigurationException>(() => ServerHost.StartAsync(o => o.PromptTimeout = DevServerOptions.MaxPromptTimeout + TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public async Task TheLongestPromptTimeoutRunsPlans()
    {
        await using var host = await ServerHost.StartAsync(o => o.PromptTimeout = DevServerOptions.MaxPromptTimeout);
        using var api = new ApiClient(host.BaseAddress);
        var debtor = await api.CreateIdAsync("debtor", new { de_name = "Patient" });
        var before = DbDump.Of(host.Server.GetDatabasePath("cv_masterdb"));
        await using var socket = await TestSocket.ConnectAsync(host.Server.WebSocketAddress);
        var run = api.SendAsync(HttpMethod.Post, "api/v1/collect/app/runplan",
            JsonSerializer.Serialize(new Dictionary<string, object> { ["plan"] = "WRT", ["debtor"] = debtor, ["websocket-id"] = socket.Id }), await api.TokenAsync(), null);
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", job);
        await socket.SendAsync(new { jobid = job, button = 1 }); // Drop
        await socket.ExpectAsync("end", job);
        Assert.Equal(200, (await run).Status);
        Assert.Equal(before, DbDump.Of(host.Server.GetDatabasePath("cv_masterdb")));
    }

    [Fact]
    public async Task WritersBlockedByAPromptingPlanAnswer503AfterTheWriteWait()
    {
        // The wait is configuration, not a measurement: WRT holds the write lock until its prompt is answered.
        await using var host = await ServerHost.StartAsync(o => o.WriteWaitTimeout = TimeSpan.FromMilliseconds(100));
        using var api = new ApiClient(host.BaseAddress);
        var debtor = await api.CreateIdAsync("debtor", new { de_name = "Holder" });
        var other = await api.CreateIdAsync("debtor", new { de_name = "Other" });
        await using var socket = await TestSocket.ConnectAsync(host.Server.WebSocketAddress);
        var run = api.SendAsync(HttpMethod.Post, "api/v1/collect/app/runplan",
            JsonSerializer.Serialize(new Dictionary<string, object> { ["plan"] = "WRT", ["debtor"] = debtor, ["websocket-id"] = socket.Id }), await api.TokenAsync(), null);
        var job = (await socket.ExpectAsync("start")).GetProperty("jobid").GetString()!;
        await socket.ExpectAsync("prompt", job); // WRT has written and holds the write lock
        var before = DbDump.Of(host.Server.GetDatabasePath("cv_masterdb"));

        var patch = await api.PatchAsync($"api/v1/collect/data/debtor/{other}", new { data = new { de_city = "Blocked" } });
        Assert.Equal(503, patch.Status);
        Assert.Contains("busy", patch.Message, StringComparison.Ordinal);
        Assert.True(patch.Headers.RetryAfter is not null, "Retry-After is missing");
        Assert.Equal(503, (await api.PostAsync("api/v1/collect/data/debtor", new { data = new { de_name = "Blocked" } })).Status);
        Assert.Equal(503, (await api.DeleteAsync($"api/v1/collect/data/debtor/{other}")).Status);
        var auto = await api.PostAsync("api/v1/collect/app/runplan", new Dictionary<string, object> { ["plan"] = "AUTO", ["debtor"] = other });
        Assert.Equal(503, auto.Status);
        Assert.Equal(200, (await api.GetAsync($"api/v1/collect/data/debtor/{other}")).Status); // reads never wait
        Assert.Equal(before, DbDump.Of(host.Server.GetDatabasePath("cv_masterdb")));

        await socket.SendAsync(new { jobid = job, button = 0 }); // Keep: the plan commits and releases the lock
        await socket.ExpectAsync("end", job);
        Assert.Equal(200, (await run).Status);
        Assert.Equal(200, (await api.PatchAsync($"api/v1/collect/data/debtor/{other}", new { data = new { de_city = "After" } })).Status);
        Assert.Equal("WRT", (await api.GetAsync($"api/v1/collect/data/debtor/{debtor}")).Data.GetProperty("de_status").GetString());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(30.0 * 24 * 3600)]
    public async Task TheWriteWaitMustBePositiveAndBounded(double seconds)
    {
        var error = await Assert.ThrowsAsync<DevServerConfigurationException>(() => ServerHost.StartAsync(o => o.WriteWaitTimeout = TimeSpan.FromSeconds(seconds)));
        Assert.Contains("write wait", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProgramExplainsItsOptions()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (originalOut, originalError) = (Console.Out, Console.Error);
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            Assert.Equal(0, await Program.Run(["--help"]));
            Assert.Equal(2, await Program.Run(["--bogus"]));
            Assert.Equal(2, await Program.Run(["--port"]));
            // Checked before anything starts: 5,000,000 seconds is about 57.9 days.
            Assert.Equal(1, await Program.Run(["--prompt-timeout", "5000000"]));
            Assert.Equal(1, await Program.Run(["--write-wait", "0"]));
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
        Assert.Contains("--schemas", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Unknown option --bogus", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--write-wait", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("The prompt timeout", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("The write wait timeout", error.ToString(), StringComparison.Ordinal);
    }
}
