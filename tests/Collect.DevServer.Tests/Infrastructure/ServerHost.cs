using System;
using System.IO;
using System.Threading.Tasks;

namespace Collect.DevServer.Tests.Infrastructure;

/// <summary>
/// A dev server started in-process on a free loopback port with a temporary data folder, the shipped
/// schemas and the shipped plans plus the test plans. Disposing stops it and deletes the folder.
/// </summary>
public sealed class ServerHost : IAsyncDisposable
{
    private ServerHost(CollectDevServer server, string folder, ManualClock clock)
    {
        Server = server;
        Folder = folder;
        Clock = clock;
    }

    public CollectDevServer Server { get; }
    public string Folder { get; }
    public string DataFolder => Path.Combine(Folder, "data");
    public ManualClock Clock { get; }
    public Uri BaseAddress => Server.BaseAddress;

    public static async Task<ServerHost> StartAsync(Action<DevServerOptions>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "collect-devserver-tests", Guid.NewGuid().ToString("N"));
        var plans = Path.Combine(folder, "plans");
        Directory.CreateDirectory(plans);
        foreach (var source in new[] { Path.Combine(AppContext.BaseDirectory, "plans"), Path.Combine(AppContext.BaseDirectory, "test-plans") })
            foreach (var file in Directory.GetFiles(source, "*.plan.json"))
                File.Copy(file, Path.Combine(plans, Path.GetFileName(file)));

        var clock = new ManualClock(ManualClock.Start);
        var options = new DevServerOptions
        {
            DataFolder = Path.Combine(folder, "data"),
            PlanFolder = plans,
            Databases = ["cv_masterdb", "cv_demodb"],
            TimeProvider = clock,
            PromptTimeout = TimeSpan.FromMinutes(2),
            MaxRequestBodyBytes = 64 * 1024,
            MaxUploadBytes = 256 * 1024,
        };
        try
        {
            configure?.Invoke(options);
            var server = await CollectDevServer.StartAsync(options);
            return new ServerHost(server, folder, clock);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
