using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

/// <summary>Mints short-lived JWT access tokens.</summary>
public sealed class AccessTokenIssuer(SigningKey key, AuthOptions options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A token for <paramref name="user"/> that works while session <paramref name="sessionId"/> lasts.</summary>
    public (string Token, DateTime ExpiresAt) Issue(User user, string sessionId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = now + options.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expiresAt,
            SigningCredentials = key.Credentials,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(JwtRegisteredClaimNames.PreferredUsername, user.Username ?? string.Empty),
                new Claim(JwtRegisteredClaimNames.Sid, sessionId),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
        });
        return (token, expiresAt);
    }
}
