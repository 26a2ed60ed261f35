using System;

namespace Collect.Codegen.Cli;

/// <summary>
/// A failure the tool explains in one line (a missing folder, a bad argument, a refused sign-in):
/// printed as <c>error: message</c>, never with a stack trace.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.Failed, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>The process exit code (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }
}

/// <summary>The tool's exit codes, the same for every command.</summary>
public static class ExitCodes
{
    /// <summary>0: the command did what was asked and found nothing wrong (warnings are fine).</summary>
    public const int Success = 0;

    /// <summary>1: the command ran and found problems: schema errors, breaking changes, tables that could not be imported.</summary>
    public const int ProblemsFound = 1;

    /// <summary>2: the command could not run: bad arguments, missing folders, an unreachable server, a refused sign-in.</summary>
    public const int Failed = 2;
}
