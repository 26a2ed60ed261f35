using System;

namespace Collect.Runtime;

/// <summary>
/// An operator's sign-in credentials (<c>op_id</c> and <c>op_password</c>), as a
/// <see cref="CollectClientOptions.CredentialsProvider"/> supplies them. <see cref="ToString"/> never
/// prints the password.
/// </summary>
public sealed class CollectCredentials
{
    /// <summary>Creates the credentials.</summary>
    /// <param name="operatorId">The operator id (<c>op_id</c>, e.g. <c>OWN</c>).</param>
    /// <param name="password">The operator's password (<c>op_password</c>); may be empty.</param>
    /// <exception cref="ArgumentException"><paramref name="operatorId"/> is empty.</exception>
    public CollectCredentials(string operatorId, string password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorId);
        ArgumentNullException.ThrowIfNull(password);
        OperatorId = operatorId;
        Password = password;
    }

    /// <summary>The operator id (<c>op_id</c>).</summary>
    public string OperatorId { get; }

    /// <summary>The operator's password (<c>op_password</c>).</summary>
    public string Password { get; }

    /// <summary>The operator id, with the password hidden.</summary>
    public override string ToString() => $"CollectCredentials {{ OperatorId = {OperatorId}, Password = *** }}";
}
