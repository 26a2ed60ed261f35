using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Packaging.Tests.Infrastructure;

/// <summary>
/// A long-running program (the installed tool's <c>serve</c>) started by <see cref="Dotnet.StartProgram"/>:
/// its output is collected while it runs, it is stopped as a user stops it (Ctrl+C, i.e. SIGINT), and
/// it is killed on dispose if it is still running, so nothing outlives the test.
/// </summary>
public sealed class RunningProgram : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();
    private readonly Stopwatch _watch;
    private readonly string _command;

    internal RunningProgram(ProcessStartInfo start, string command)
    {
        _command = command;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _output.AppendLine(e.Data); };
        _watch = Stopwatch.StartNew();
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the program wrote so far (stdout and stderr).</summary>
    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails with the output if the program exits first or the time runs out.</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var output = Output;
            if (output.Contains(text, StringComparison.Ordinal)) return output;
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the output handlers
                if (Output.Contains(text, StringComparison.Ordinal)) return Output;
                throw new InvalidOperationException($"{_command} exited {_process.ExitCode} before writing '{text}':\n{Output}");
            }
            try
            {
                await Task.Delay(50, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{_command} did not write '{text}' within {timeout}:\n{Output}");
            }
        }
    }

    /// <summary>
    /// Stops the program with SIGINT, as Ctrl+C in a terminal does, and waits for it to exit. Windows has no
    /// such signal for a child without a console, so there the program is killed (and the exit code is not the program's).
    /// </summary>
    public async Task<ProcessResult> InterruptAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            if (OperatingSystem.IsWindows()) _process.Kill(entireProcessTree: true);
            else if (Kill(_process.Id, SigInt) != 0) throw new InvalidOperationException($"kill({_process.Id}, SIGINT) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            throw new TimeoutException($"{_command} did not stop within {timeout} of Ctrl+C:\n{Output}");
        }
        _process.WaitForExit(); // drains the output handlers
        return new ProcessResult(_command, _process.ExitCode, Output, _watch.Elapsed);
    }

    /// <summary>SIGINT, the same number on Linux and macOS.</summary>
    private const int SigInt = 2;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl, SetLastError = true)]
    private delegate int KillFunction(int pid, int signal);

    /// <summary>
    /// libc's kill(2), found in the running program (which links libc) rather than by a library name: "libc"
    /// only resolves where the development package provides libc.so, and a kill program is not on every machine.
    /// </summary>
    private static int Kill(int pid, int signal)
    {
        var kill = Marshal.GetDelegateForFunctionPointer<KillFunction>(NativeLibrary.GetExport(NativeLibrary.GetMainProgramHandle(), "kill"));
        return kill(pid, signal);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
