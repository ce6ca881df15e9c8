using Microsoft.Extensions.Options;

namespace TokenIM.Server.RateLimiting;

/// <summary>
/// The rules for <see cref="RateLimitingOptions"/>: every rate needs a permit and a window, every concurrency
/// limit a permit. With the limits off none of them is used, so none is checked.
/// </summary>
public sealed class RateLimitingOptionsValidation : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        if (!options.Enabled) return ValidateOptionsResult.Success;
        var rates = new[]
        {
            (options.Requests, nameof(options.Requests)),
            (options.SignInPerUsername, nameof(options.SignInPerUsername)),
            (options.SignInPerAddress, nameof(options.SignInPerAddress)),
            (options.Registrations, nameof(options.Registrations)),
            (options.Messages, nameof(options.Messages)),
        };
        var concurrencies = new[]
        {
            (options.WebSocketConnections, nameof(options.WebSocketConnections)),
            (options.Subscriptions, nameof(options.Subscriptions)),
        };

        var failures = new List<string>();
        foreach (var (rate, setting) in rates)
        {
            if (rate.PermitLimit < 1) failures.Add($"TokenIM__RateLimiting__{setting}__PermitLimit must be at least 1.");
            else if (rate.Window <= TimeSpan.Zero) failures.Add($"TokenIM__RateLimiting__{setting}__Window must be a positive time span, e.g. 00:05:00.");
        }
        foreach (var (concurrency, setting) in concurrencies)
        {
            if (concurrency.PermitLimit < 1) failures.Add($"TokenIM__RateLimiting__{setting}__PermitLimit must be at least 1.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
