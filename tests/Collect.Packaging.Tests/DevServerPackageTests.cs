using System;
using System.IO;
using System.Threading.Tasks;
using System.Xml.Linq;
using Collect.Packaging.Tests.Infrastructure;
using Xunit;

namespace Collect.Packaging.Tests;

/// <summary>
/// The dev server as its package's users meet it: a fresh console program references
/// Collect.DevServer by version from the local feed, starts the server in-process with the
/// defaults (the shipped schemas and plans the package copies next to the program), and signs in.
/// </summary>
[Collection(PackagingCollection.Name)]
[Trait("Category", "Packaging")]
public sealed class DevServerPackageTests(PackagedFixture fixture)
{
    private const string Program = """"
        using System.Net.Http.Headers;
        using System.Text;
        using System.Text.Json;
        using Collect.DevServer;

        var data = Path.Combine(Path.GetTempPath(), "collect-serverapp-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var server = await CollectDevServer.StartAsync(new DevServerOptions { DataFolder = data, Port = 0 });
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            using var login = await http.PostAsync("api/v1/auth/login", new StringContent("""{"op_id":"OWN","op_password":"own"}""", Encoding.UTF8, "application/json"));
            Console.WriteLine($"LOGIN {(int)login.StatusCode}");
            using var signedIn = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signedIn.RootElement.GetProperty("result").GetProperty("access_token").GetString());
            using var plans = JsonDocument.Parse(await http.GetStringAsync("api/v1/collect/data/contact_plan?filter=cp_code=REV"));
            Console.WriteLine($"PLAN REV {plans.RootElement.GetProperty("type").GetProperty("numRecords")}");
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
        """";

    [Fact]
    public async Task AProgramReferencingThePackageStartsTheServerWithTheShippedSchemasAndPlans()
    {
        var directory = Path.Combine(fixture.Root, "serverapp");
        var created = await fixture.StepAsync("dotnet new console (server app)", () => Dotnet.RunAsync(fixture.Root, fixture.ConsumerEnvironment, PackagedFixture.StepTimeout,
            "new", "console", "-n", "ServerApp", "-o", directory, "--no-restore"));
        Assert.True(created.ExitCode == 0, created.ToString());
        File.Copy(Path.Combine(fixture.ConsumerDirectory, "nuget.config"), Path.Combine(directory, "nuget.config"));
        var project = Path.Combine(directory, "ServerApp.csproj");
        var document = XDocument.Load(project);
        document.Root!.Add(new XElement("ItemGroup",
            new XElement("PackageReference", new XAttribute("Include", "Collect.DevServer"), new XAttribute("Version", fixture.Version))));
        document.Save(project);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), Program);

        var build = await fixture.StepAsync("build (server app)", () => Dotnet.RunAsync(directory, fixture.ConsumerEnvironment, PackagedFixture.StepTimeout,
            "build", "-nodeReuse:false", "-p:UseSharedCompilation=false"));
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(Path.Combine(directory, "bin", "Debug", "net10.0", "schemas", "tables", "debtor.table.json")), "The package did not copy the shipped schemas next to the program.");

        var run = await fixture.StepAsync("run (server app)", () => Dotnet.RunAsync(directory, fixture.ConsumerEnvironment, PackagedFixture.StepTimeout,
            Path.Combine(directory, "bin", "Debug", "net10.0", "ServerApp.dll")));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("LOGIN 200", run.Output, StringComparison.Ordinal);
        Assert.Contains("PLAN REV 1", run.Output, StringComparison.Ordinal);
    }
}
