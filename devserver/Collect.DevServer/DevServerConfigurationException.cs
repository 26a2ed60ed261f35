using System;

namespace Collect.DevServer;

/// <summary>
/// The dev server cannot start with its configuration: bad options, a schema folder whose files have
/// errors (the message lists the generator's CCG diagnostics), or a broken plan file.
/// </summary>
public sealed class DevServerConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DevServerConfigurationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DevServerConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
