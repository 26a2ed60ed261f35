using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Collect.DevServer.Tests.Infrastructure;
using Xunit;

namespace Collect.DevServer.Tests;

/// <summary>
/// Pre-logic numbering (de_number, cl_number): a per-database counter, kept in the same transaction as
/// the insert, so that a number is never given out twice, and a 409 when the column's type is used up.
/// </summary>
public sealed class FileNumberTests
{
    private static long Number(System.Text.Json.JsonElement row, string column = "de_number") =>
        long.Parse(row.GetProperty(column).GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task DeletingTheNewestDebtorDoesNotFreeItsNumber()
    {
        await using var host = await ServerHost.StartAsync();
        using var api = new ApiClient(host.BaseAddress);

        var first = await api.CreateAsync("debtor", new { de_name = "First" }, mode: 4);
        var second = await api.CreateAsync("debtor", new { de_name = "Second" }, mode: 2);
        Assert.Equal(Number(first) + 1, Number(second));

        Assert.Equal(200, (await api.DeleteAsync("api/v1/collect/data/debtor/" + second.GetProperty("de_rowid").GetString())).Status);
        var staged = await api.CreateAsync("debtor", new { de_name = "Staged" }, mode: 1);
        var third = await api.CreateAsync("debtor", new { de_name = "Third" }, mode: 4);
        Assert.Equal(Number(second) + 1, Number(third));
        Assert.Equal(Number(third), Number(staged)); // staging shows the next number and does not reserve it

        // Every debtor gone: numbering still goes on.
        Assert.Equal(200, (await api.DeleteAsync("api/v1/collect/data/debtor/" + first.GetProperty("de_rowid").GetString())).Status);
        Assert.Equal(200, (await api.DeleteAsync("api/v1/collect/data/debtor/" + third.GetProperty("de_rowid").GetString())).Status);
        Assert.Equal(0, (await api.GetAsync("api/v1/collect/data/debtor")).Body.GetProperty("type").GetProperty("numRecords").GetInt64());
        Assert.Equal(Number(third) + 1, Number(await api.CreateAsync("debtor", new { de_name = "Fourth" }, mode: 4)));

        // Clients count on their own, and each database has its own counters.
        var client = await api.CreateAsync("client", new { cl_name = "Client" }, mode: 4);
        Assert.Equal(1, Number(client, "cl_number"));
        Assert.Equal(1, Number(await api.CreateAsync("debtor", new { de_name = "Demo" }, mode: 4, database: "cv_demodb")));
    }

    [Fact]
    public async Task ExplicitNumbersAreSkippedAndStayUsed()
    {
        await using var host = await ServerHost.StartAsync();
        using var api = new ApiClient(host.BaseAddress);
        var given = await api.CreateAsync("debtor", new { de_name = "Given", de_number = "500" });
        var next = await api.CreateAsync("debtor", new { de_name = "Next" }, mode: 4);
        Assert.Equal(501, Number(next));
        Assert.Equal(200, (await api.DeleteAsync("api/v1/collect/data/debtor/" + next.GetProperty("de_rowid").GetString())).Status);
        Assert.Equal(200, (await api.DeleteAsync("api/v1/collect/data/debtor/" + given.GetProperty("de_rowid").GetString())).Status);
        Assert.Equal(502, Number(await api.CreateAsync("debtor", new { de_name = "After" }, mode: 4)));
    }

    [Fact]
    public async Task TheCounterSurvivesARestart()
    {
        var folder = Directory.CreateTempSubdirectory("collect-numbers-").FullName;
        try
        {
            long last;
            await using (var first = await CollectDevServer.StartAsync(new DevServerOptions { DataFolder = folder }))
            {
                using var api = new ApiClient(first.BaseAddress);
                var row = await api.CreateAsync("debtor", new { de_name = "Before restart" }, mode: 4);
                last = Number(row);
                Assert.Equal(200, (await api.DeleteAsync("api/v1/collect/data/debtor/" + row.GetProperty("de_rowid").GetString())).Status);
            }
            await using var second = await CollectDevServer.StartAsync(new DevServerOptions { DataFolder = folder });
            using var again = new ApiClient(second.BaseAddress);
            Assert.Equal(last + 1, Number(await again.CreateAsync("debtor", new { de_name = "After restart" }, mode: 4)));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task NumbersThatWouldOverflowAnswer409AndWriteNothing()
    {
        await using var host = await ServerHost.StartAsync();
        using var api = new ApiClient(host.BaseAddress);
        await api.CreateAsync("debtor", new { de_name = "Largest", de_number = long.MaxValue.ToString(CultureInfo.InvariantCulture) });
        var before = DbDump.Of(host.Server.GetDatabasePath("cv_masterdb"));

        foreach (var mode in new[] { 1, 2, 4 })
        {
            var answer = await api.PostAsync("api/v1/collect/data/debtor", $"{{\"business-logic\":{mode},\"data\":{{\"de_name\":\"Overflow\"}}}}");
            Assert.Equal(409, answer.Status);
            Assert.Contains("de_number", answer.Message, StringComparison.Ordinal);
        }
        Assert.Equal(before, DbDump.Of(host.Server.GetDatabasePath("cv_masterdb")));

        // An explicit number still works.
        Assert.Equal(200, (await api.PostAsync("api/v1/collect/data/debtor", "{\"business-logic\":4,\"data\":{\"de_name\":\"Explicit\",\"de_number\":\"7\"}}")).Status);
    }
}
