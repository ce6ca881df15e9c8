using Microsoft.Extensions.Options;

namespace TokenIM.Server.Auth;

/// <summary>At start-up, so a Production node without a signing key fails then, not on the first sign-in.</summary>
public sealed class AuthOptionsValidation(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        SigningKey.Problem(options, environment) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
