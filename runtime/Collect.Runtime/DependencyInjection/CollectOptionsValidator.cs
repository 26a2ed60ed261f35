using System;
using Microsoft.Extensions.Options;

namespace Collect.Runtime.Internal;

/// <summary>
/// Validates options for the DI path with the options' own checks, which throw an
/// <see cref="InvalidOperationException"/> naming the first bad option; its message becomes the failure.
/// </summary>
internal sealed class CollectOptionsValidator<TOptions>(Action<TOptions> validate) : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        try
        {
            validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
