using System;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Collect.Codegen.Cli.Tests.Infrastructure;
using Xunit;

namespace Collect.Codegen.Cli.Tests;

/// <summary>'serve' hosts the dev server, prints its address, answers, and stops cleanly when cancelled (Ctrl+C).</summary>
public sealed partial class ServeTests
{
    [GeneratedRegex(@"listening on (?<url>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Listening();

    [Fact]
    public async Task StartsAnswersAndStops()
    {
        using var temp = new TempFolder();
        var output = new WatchedWriter();
        var error = new WatchedWriter();
        using var stop = new CancellationTokenSource();

        var serve = Task.Run(() => CodegenCli.RunAsync(["serve", "--port", "0", "--data", temp["data"], "--databases", "cv_masterdb,cv_demodb"], output, error, stop.Token));
        var text = await output.WaitForAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(60), serve);
        var url = new Uri(Listening().Match(text).Groups["url"].Value);
        Assert.Contains("databases: cv_masterdb, cv_demodb", text, StringComparison.Ordinal);

        using (var http = new HttpClient { BaseAddress = url })
        {
            using var openApi = await http.GetAsync("openapi.json");
            Assert.True(openApi.IsSuccessStatusCode);
            using var login = await http.PostAsync("api/v1/auth/login", new StringContent("""{"op_id":"OWN","op_password":"own"}""", Encoding.UTF8, "application/json"));
            Assert.True(login.IsSuccessStatusCode);
        }

        stop.Cancel();
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.EndsWith("Stopped.", output.ToString().TrimEnd(), StringComparison.Ordinal);
        using var after = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => after.GetAsync("openapi.json"));
    }

    [Fact]
    public async Task BadSettingsAreOneLineErrors()
    {
        using var temp = new TempFolder();

        var port = await Tool.RunAsync("serve", "--port", "70000");
        var database = await Tool.RunAsync("serve", "--port", "0", "--data", temp["data"], "--databases", "masterdb");
        var schemas = await Tool.RunAsync("serve", "--port", "0", "--schemas", temp["missing"]);
        var prompt = await Tool.RunAsync("serve", "--port", "0", "--data", temp["data"], "--prompt-timeout", "0");
        var wait = await Tool.RunAsync("serve", "--port", "0", "--data", temp["data"], "--write-wait", "-1");
        var token = await Tool.RunAsync("serve", "--port", "0", "--data", temp["data"], "--token-minutes", "abc");

        Assert.Equal(2, port.ExitCode);
        Assert.Contains("between 0 and 65535", port.ErrorMessages(), StringComparison.Ordinal);
        Assert.Equal(2, database.ExitCode);
        Assert.Contains("The dev server did not start: The database name 'masterdb'", database.ErrorMessages(), StringComparison.Ordinal);
        Assert.Equal(2, schemas.ExitCode);
        Assert.Contains("does not exist", schemas.ErrorMessages(), StringComparison.Ordinal);
        Assert.Equal(2, prompt.ExitCode);
        Assert.Contains("The dev server did not start:", prompt.ErrorMessages(), StringComparison.Ordinal);
        Assert.Contains("prompt timeout must be positive", prompt.ErrorMessages(), StringComparison.Ordinal);
        Assert.Equal(2, wait.ExitCode);
        Assert.Contains("write wait timeout", wait.ErrorMessages(), StringComparison.Ordinal);
        Assert.Equal(2, token.ExitCode);
        Assert.Contains("abc", token.ErrorMessages(), StringComparison.Ordinal);
    }
}
