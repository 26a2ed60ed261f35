using System;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Codegen.Cli;

/// <summary>The <c>collect-codegen</c> program: the command line over <see cref="CodegenCli"/>, stopped by Ctrl+C.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C stops the command cleanly; a second one ends the process.
            if (stop.IsCancellationRequested) return;
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await CodegenCli.RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
