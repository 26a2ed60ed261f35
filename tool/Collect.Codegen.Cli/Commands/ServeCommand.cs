using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using System.Linq;
using Collect.DevServer;
using Microsoft.Extensions.Logging;

namespace Collect.Codegen.Cli.Commands;

/// <summary><c>serve</c>: hosts the dev server until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port", "-p")
        {
            Description = "Port on 127.0.0.1; 0 picks a free one.",
            HelpName = "port",
            DefaultValueFactory = _ => 4001,
        };
        port.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, CultureInfo.InvariantCulture, out var value) && value is < 0 or > 65535)
                result.AddError("The port must be between 0 and 65535.");
        });
        var data = new Option<string?>("--data")
        {
            Description = "Folder of the SQLite files and uploads (created when missing; existing data is kept). Default: ./devserver-data.",
            HelpName = "folder",
        };
        var schemas = new Option<string?>("--schemas")
        {
            Description = "Folder of *.table.json and *.form.json files. Default: the shipped schemas.",
            HelpName = "folder",
        };
        var plans = new Option<string?>("--plans")
        {
            Description = "Folder of *.plan.json contact plans. Default: the shipped plans.",
            HelpName = "folder",
        };
        var databases = new Option<string[]>("--databases")
        {
            Description = "Databases to serve, cv_ names, comma-separated or repeated. Default: cv_masterdb.",
            HelpName = "names",
            AllowMultipleArgumentsPerToken = false,
        };
        var promptTimeout = new Option<double?>("--prompt-timeout")
        {
            Description = "Seconds a web-socket prompt waits for its answer before the job rolls back. Default: 300.",
            HelpName = "seconds",
        };
        var writeWait = new Option<double?>("--write-wait")
        {
            Description = "Seconds a write waits for the database's write lock (held by a plan waiting on a prompt), then answers 503. Default: 30.",
            HelpName = "seconds",
        };
        var tokenMinutes = new Option<double?>("--token-minutes")
        {
            Description = "Access token lifetime in minutes. Default: 30.",
            HelpName = "minutes",
        };
        var verbose = new Option<bool>("--verbose") { Description = "Log each request." };
        var command = new Command("serve", "Host the Collect! dev server (a local Collect!-compatible REST API on SQLite) until Ctrl+C. " +
            "It prints its address; sign in as OWN/own, SYS/sys, MGR/mgr or SC/sc.")
        {
            port, data, schemas, plans, databases, promptTimeout, writeWait, tokenMinutes, verbose,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new DevServerOptions { Port = parse.GetValue(port) };
            if (parse.GetValue(data) is { } dataFolder) options.DataFolder = Path.GetFullPath(dataFolder);
            if (parse.GetValue(schemas) is { } schemaFolder) options.SchemaFolder = SchemaInputs.RequireFolder(schemaFolder, "schema folder");
            if (parse.GetValue(plans) is { } planFolder) options.PlanFolder = SchemaInputs.RequireFolder(planFolder, "plan folder");
            var names = (parse.GetValue(databases) ?? [])
                .SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
            if (names.Count > 0) options.Databases = names;
            if (parse.GetValue(verbose)) options.MinimumLogLevel = LogLevel.Information;
            // The dev server checks the values' ranges when it starts (a clear one-line error).
            if (parse.GetValue(promptTimeout) is { } prompt) options.PromptTimeout = Seconds(prompt, "--prompt-timeout");
            if (parse.GetValue(writeWait) is { } wait) options.WriteWaitTimeout = Seconds(wait, "--write-wait");
            if (parse.GetValue(tokenMinutes) is { } minutes) options.AccessTokenLifetime = Seconds(minutes * 60, "--token-minutes");

            CollectDevServer server;
            try
            {
                server = await CollectDevServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or DevServerConfigurationException)
            {
                throw new CliException("The dev server did not start: " + e.Message, ExitCodes.Failed, e);
            }
            await using (server.ConfigureAwait(false))
            {
                context.Output.WriteLine($"Collect! dev server listening on {server.BaseAddress}");
                context.Output.WriteLine($"  databases: {string.Join(", ", server.Databases)}; data: {options.DataFolder}");
                context.Output.WriteLine($"  web socket: {server.WebSocketAddress}; OpenAPI: {server.BaseAddress}openapi.json; Swagger UI: {server.BaseAddress}swagger");
                context.Output.WriteLine("  sign in as OWN/own, SYS/sys, MGR/mgr or SC/sc. Press Ctrl+C to stop.");
                context.Output.Flush();
                await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            context.Output.WriteLine("Stopped.");
            return ExitCodes.Success;
        });
        return command;
    }

    // A number of seconds as a time span; NaN, infinities and values beyond TimeSpan are refused here.
    private static TimeSpan Seconds(double seconds, string option) =>
        double.IsFinite(seconds) && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(seconds)
            : throw new CliException($"{option}: {seconds.ToString(CultureInfo.InvariantCulture)} is not a usable number of seconds.", ExitCodes.Failed);
}
