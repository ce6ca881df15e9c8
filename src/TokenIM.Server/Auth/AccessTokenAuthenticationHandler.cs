using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TokenIM.Server.Auth;

/// <summary>
/// The HTTP side of access tokens: <c>Authorization: Bearer &lt;token&gt;</c>, validated by
/// <see cref="AccessTokenValidator"/> and checked against its session. A request without such a header is
/// anonymous; one whose token fails is refused by the request gate (Http/RequestGate). Written for this node
/// instead of JWT bearer's handler, which copies its validation parameters and the remembered identity on every
/// request and offers what a node that only accepts its own tokens never uses (metadata discovery, key rollover).
/// </summary>
public sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokenValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string Prefix = SchemeName + " ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var token = value.AsSpan(Prefix.Length).Trim();
        if (token.IsEmpty) return AuthenticateResult.NoResult();

        if (await validator.ValidateAsync(token.Length == value.Length - Prefix.Length ? value[Prefix.Length..] : token.ToString()) is not { } identity)
            return AuthenticateResult.Fail("The access token is invalid or expired.");
        var principal = new System.Security.Claims.ClaimsPrincipal(identity);
        if (await AccessTokenRevocation.FindRejectionAsync(principal, Context.RequestServices, Context.RequestAborted) is { } reason)
            return AuthenticateResult.Fail(reason);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
