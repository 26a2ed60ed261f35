using System;
using Microsoft.Extensions.Options;

namespace Collect.Runtime.Internal;

/// <summary>Validates <see cref="CollectClientOptions"/> for the DI path: everything <see cref="CollectClientOptions.Validate"/> checks, and the credentials.</summary>
internal sealed class CollectClientOptionsValidator : IValidateOptions<CollectClientOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectClientOptions options)
    {
        try
        {
            options.ValidateForSignIn();
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
