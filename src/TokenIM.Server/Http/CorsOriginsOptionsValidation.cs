using Microsoft.Extensions.Options;

namespace TokenIM.Server.Http;

/// <summary>
/// An origin is a scheme, a host and maybe a port: one with a path or a typo would never match a browser's
/// <c>Origin</c> header, and the operator would only find out from a front-end that cannot call the API.
/// </summary>
public sealed class CorsOriginsOptionsValidation : IValidateOptions<CorsOriginsOptions>
{
    public ValidateOptionsResult Validate(string? name, CorsOriginsOptions options)
    {
        var origins = options.Origins;
        for (var i = 0; i < origins.Count; i++)
        {
            var origin = origins[i]?.Trim().TrimEnd('/') ?? "";
            if (origin.Length == 0 || origin == "*") continue;
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
                return ValidateOptionsResult.Fail(
                    $"TokenIM__Cors__Origins__{i} must be * or an origin such as https://chat.example.com (scheme, host and port only), not '{origins[i]}'.");
        }
        return ValidateOptionsResult.Success;
    }
}
