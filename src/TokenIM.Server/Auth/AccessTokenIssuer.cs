using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

/// <summary>Mints short-lived JWT access tokens, for users and for service clients.</summary>
public sealed class AccessTokenIssuer(SigningKey key, AuthOptions options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A token for <paramref name="user"/> that works while session <paramref name="sessionId"/> lasts.</summary>
    public (string Token, DateTime ExpiresAt) Issue(User user, string sessionId) => Mint(
    [
        new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(JwtRegisteredClaimNames.PreferredUsername, user.Username ?? string.Empty),
        new Claim(JwtRegisteredClaimNames.Sid, sessionId),
    ]);

    /// <summary>A token for a service client, carrying the scopes it was granted; it names no user and no session.</summary>
    public (string Token, DateTime ExpiresAt) IssueForClient(ServiceClient client, IReadOnlyCollection<string> scopes) => Mint(
    [
        new Claim(JwtRegisteredClaimNames.Sub, CurrentUser.ClientSubjectPrefix + client.Id),
        new Claim(CurrentUser.ClientIdClaim, client.Id),
        new Claim(Scopes.Claim, string.Join(' ', scopes)),
    ]);

    private (string Token, DateTime ExpiresAt) Mint(IEnumerable<Claim> claims)
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
            Subject = new ClaimsIdentity([.. claims, new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N"))]),
        });
        return (token, expiresAt);
    }
}
