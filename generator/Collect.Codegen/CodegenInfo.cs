using System.Reflection;

namespace Collect.Codegen;

/// <summary>Facts about this generator build.</summary>
public static class CodegenInfo
{
    /// <summary>The tool name written into <c>[GeneratedCode]</c>.</summary>
    public const string ToolName = "Collect.Codegen";

    /// <summary>The generator's version (informational version without build metadata).</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(CodegenInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');
        return plus >= 0 ? informational.Substring(0, plus) : informational;
    }
}
