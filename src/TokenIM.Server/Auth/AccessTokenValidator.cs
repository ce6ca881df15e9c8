using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TokenIM.Server.Auth;

/// <summary>
/// Checks an access token's signature, issuer, audience, algorithm and lifetime for every transport (HTTP,
/// WebSocket, Server-Sent Events), and remembers each token that passed until it expires: a client sends the same
/// token with every request, and pays for its signature, parsing and claims once. Only tokens that validated are
/// kept, keyed by their full text, so a forged or altered token never matches and is checked (and refused) every
/// time. Whether the token's session is still live is not remembered here: <see cref="AccessTokenRevocation"/>
/// asks that on every request.
/// </summary>
public sealed class AccessTokenValidator
{
    // Tokens live 15 minutes by default; past this many entries, expired ones are swept, and if that does not help
    // (a flood of fresh sign-ins), everything is dropped: the cache saves time, it is not a store.
    private const int MaxEntries = 20_000;

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);

    public AccessTokenValidator(SigningKey signingKey, TimeProvider clock) : this(new TokenValidationParameters
    {
        ValidIssuer = AuthOptions.Issuer,
        ValidAudience = AuthOptions.Audience,
        IssuerSigningKey = signingKey.SecurityKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = "preferred_username",
    }, clock)
    {
    }

    internal AccessTokenValidator(TokenValidationParameters parameters, TimeProvider clock)
    {
        _parameters = parameters;
        _clock = clock;
    }

    /// <summary>
    /// The token's identity, one of its own for each call (whatever a request adds to it stays that request's),
    /// or null when the token is not valid.
    /// </summary>
    public async ValueTask<ClaimsIdentity?> ValidateAsync(string token)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out var remembered))
        {
            if (now < remembered.Until) return remembered.Identity.Clone();
            _validated.TryRemove(token, out _);
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid) return null;
        if (result.SecurityToken is { } securityToken && securityToken.ValidTo > now)
        {
            if (_validated.Count >= MaxEntries) Sweep(now);
            _validated[token] = new Validated(result.ClaimsIdentity.Clone(), securityToken.ValidTo);
        }
        return result.ClaimsIdentity;
    }

    private void Sweep(DateTime now)
    {
        foreach (var (token, validated) in _validated)
            if (validated.Until <= now) _validated.TryRemove(token, out _);
        if (_validated.Count >= MaxEntries) _validated.Clear();
    }

    private sealed record Validated(ClaimsIdentity Identity, DateTime Until);
}
