using System.Text;
using Microsoft.Extensions.Options;

namespace TokenIM.Server.Push;

/// <summary>The rules for <see cref="PushOptions"/>; without a webhook URL nothing else is used, so nothing else is checked.</summary>
public sealed class PushOptionsValidation : IValidateOptions<PushOptions>
{
    public ValidateOptionsResult Validate(string? name, PushOptions options) =>
        FirstFailure(options) is { } failure ? ValidateOptionsResult.Fail(failure) : ValidateOptionsResult.Success;

    // The first mistake only, as one line: fixing it may change what the others mean.
    private static string? FirstFailure(PushOptions options)
    {
        if (!options.Enabled) return null;
        if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return "TokenIM__Push__WebhookUrl must be an absolute http(s) URL.";
        if (Encoding.UTF8.GetByteCount(options.WebhookSecret ?? "") < PushOptions.MinimumSecretBytes)
            return $"TokenIM__Push__WebhookSecret must be at least {PushOptions.MinimumSecretBytes} bytes when a webhook URL is set.";
        var notPositive = new (TimeSpan Value, string Setting)[]
        {
            (options.FirstRetryDelay, nameof(options.FirstRetryDelay)),
            (options.MaxRetryDelay, nameof(options.MaxRetryDelay)),
            (options.GiveUpAfter, nameof(options.GiveUpAfter)),
            (options.RequestTimeout, nameof(options.RequestTimeout)),
            (options.PollInterval, nameof(options.PollInterval)),
        }.FirstOrDefault(time => time.Value <= TimeSpan.Zero);
        if (notPositive.Setting is not null) return $"TokenIM__Push__{notPositive.Setting} must be a positive time span.";
        // A claim must outlive the attempt, or a second worker could send the same push while the first still is.
        if (options.LeaseDuration <= options.RequestTimeout)
            return "TokenIM__Push__LeaseDuration must be longer than TokenIM__Push__RequestTimeout.";
        return null;
    }
}
