using System.IO;
using System.Threading.Tasks;
using Collect.LoadTest;
using Xunit;
using Xunit.Abstractions;

namespace Collect.QuickStart.Tests;

/// <summary>
/// A small load through the load test's own code (tests/Collect.LoadTest), so CI exercises it: no
/// errors, no mismatched answers, no lost writes. No timing is asserted.
/// </summary>
public sealed class LoadSmokeTests(ITestOutputHelper log)
{
    [Fact]
    public async Task FourClientsLoseNothing()
    {
        var result = await LoadRun.RunAsync(new LoadOptions { Clients = 4, Requests = 800 });
        using var report = new StringWriter();
        result.WriteReport(report);
        log.WriteLine(report.ToString());

        Assert.True(result.Passed, report.ToString());
        Assert.Equal(800, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Equal(0, result.Mismatches);
        Assert.Equal(0, result.LostWrites);
        Assert.Equal(0, result.DuplicateNumbers);
        Assert.Equal(result.Created - result.Deleted, result.RowsVerified);
        Assert.Equal(6, result.ByOperation.Count);
    }

    [Fact]
    public async Task ClientsSharingASessionLoseNothingWhileItsTokenExpires()
    {
        // One session for every client (as with dependency injection) and one-second tokens: the
        // clients meet the same stale token together, again and again, and share its renewal.
        var result = await LoadRun.RunAsync(new LoadOptions { Clients = 4, Requests = 800, SharedSession = true, AccessTokenLifetime = System.TimeSpan.FromSeconds(1) });
        using var report = new StringWriter();
        result.WriteReport(report);
        log.WriteLine(report.ToString());

        Assert.True(result.Passed, report.ToString());
        Assert.Equal(800, result.Requests);
    }
}
