using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Collect.Codegen.Cli.Commands;
using Collect.DevServer;

namespace Collect.Codegen.Cli;

/// <summary>
/// The <c>collect-codegen</c> command line: <c>validate</c>, <c>generate</c>, <c>openapi</c>,
/// <c>import</c>, <c>diff</c> and <c>serve</c>. The program calls <see cref="RunAsync"/> with the
/// console; tests call it in-process with their own writers.
/// </summary>
public static class CodegenCli
{
    /// <summary>The command's name on the command line.</summary>
    public const string CommandName = "collect-codegen";

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command. Every failure becomes a one-line
    /// <c>error: ...</c> on <paramref name="error"/> and an exit code from <see cref="ExitCodes"/>;
    /// nothing throws.
    /// </summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Where results go (diagnostics, reports, the server's address).</param>
    /// <param name="error">Where errors and progress go.</param>
    /// <param name="cancellationToken">Stops a running command (<c>serve</c> stops the server and returns 0).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var context = new CliContext(output, error);
        var root = CreateRootCommand(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (var problem in parse.Errors) error.WriteLine("error: " + problem.Message);
            var command = parse.CommandResult.Command;
            error.WriteLine($"Run '{CommandName}{(command == root ? "" : " " + command.Name)} --help' for usage.");
            return ExitCodes.Failed;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                // Ctrl+C belongs to the program (Program.Main), not to a library call.
                ProcessTerminationTimeout = null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            error.WriteLine("error: " + e.Message);
            return e.ExitCode;
        }
        catch (DevServerConfigurationException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.ProblemsFound;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("Cancelled.");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Files, the network, the server's answers: one line, no stack trace.
            error.WriteLine("error: " + OneLine(e));
            return ExitCodes.Failed;
        }
    }

    /// <summary>The root command with every subcommand, writing to <paramref name="context"/>.</summary>
    internal static Command CreateRootCommand(CliContext context)
    {
        // A plain command rather than RootCommand, whose name is the host executable's ("dotnet" or the
        // assembly name), so that usage lines say collect-codegen however the tool was started.
        var root = new Command(CommandName, "collect-codegen: Collect! schema files outside the compiler. Validate them, generate the C# the source generator makes, " +
            "write an OpenAPI document, import skeletons from a live server, diff two schema sets, and host the dev server.")
        {
            ValidateCommand.Create(context),
            GenerateCommand.Create(context),
            OpenApiCommand.Create(context),
            ImportCommand.Create(context),
            DiffCommand.Create(context),
            ServeCommand.Create(context),
        };
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        return root;
    }

    /// <summary>An exception's message on one line, with the innermost cause when it adds something.</summary>
    internal static string OneLine(Exception e)
    {
        var message = e.Message;
        var inner = e.InnerException;
        while (inner?.InnerException is not null) inner = inner.InnerException;
        if (inner is not null && !message.Contains(inner.Message, StringComparison.Ordinal)) message += " (" + inner.Message + ")";
        return message.ReplaceLineEndings(" ");
    }
}

/// <summary>Where a command writes: results to <see cref="Output"/>, errors and progress to <see cref="Error"/>.</summary>
internal sealed record CliContext(TextWriter Output, TextWriter Error);
