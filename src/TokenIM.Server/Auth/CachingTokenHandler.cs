using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TokenIM.Server.Auth;

/// <summary>
/// Validates an access token once and remembers the outcome until the token expires, so a client that
/// sends the same token on every request pays for its signature, parsing and claims once, not per
/// request. Only tokens that validated are kept, keyed by their full text: a forged or altered token
/// never matches, and is validated (and refused) every time. Whether the token's session is still live
/// is not remembered here: <see cref="LiveSessions"/> answers that on every request. One instance
/// serves one scheme, whose validation parameters are fixed at start-up (the handler gets a copy of
/// them per request, so they cannot be part of the key).
/// </summary>
public sealed class CachingTokenHandler(TimeProvider clock) : JsonWebTokenHandler
{
    // Tokens live 15 minutes by default; past this many entries, expired ones are swept, and if that does
    // not help (a flood of fresh sign-ins), everything is dropped: the cache saves time, it is not a store.
    private const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<string, Entry> _validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out var entry))
        {
            if (now < entry.Until) return entry.Copy();
            _validated.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (result.IsValid && result.SecurityToken is { } securityToken && securityToken.ValidTo > now)
        {
            if (_validated.Count >= MaxEntries) Sweep(now);
            _validated[token] = new Entry(result, securityToken.ValidTo);
        }
        return result;
    }

    private void Sweep(DateTime now)
    {
        foreach (var (token, entry) in _validated)
            if (entry.Until <= now) _validated.TryRemove(token, out _);
        if (_validated.Count >= MaxEntries) _validated.Clear();
    }

    private sealed record Entry(TokenValidationResult Result, DateTime Until)
    {
        // Each request gets its own identity: whatever one request adds to its principal stays its own.
        public TokenValidationResult Copy() => new()
        {
            IsValid = true,
            ClaimsIdentity = Result.ClaimsIdentity.Clone(),
            SecurityToken = Result.SecurityToken,
            Issuer = Result.Issuer,
            TokenType = Result.TokenType,
            TokenContext = Result.TokenContext,
        };
    }
}
