using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenIM.Server.Auth;

namespace TokenIM.Tests.Auth;

public sealed class CachingTokenHandlerTests
{
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("a test signing key of at least thirty-two bytes"));

    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = "issuer",
        ValidAudience = "audience",
        IssuerSigningKey = Key,
        ClockSkew = TimeSpan.Zero,
    };

    private static string Mint(DateTime expires, string subject = "42") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "issuer",
        Audience = "audience",
        IssuedAt = expires.AddMinutes(-15),
        NotBefore = expires.AddMinutes(-15),
        Expires = expires,
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        Subject = new ClaimsIdentity([new Claim("sub", subject)]),
    });

    [Fact]
    public async Task A_token_validated_again_gives_the_same_claims_in_an_identity_of_its_own()
    {
        var handler = new CachingTokenHandler(TimeProvider.System) { MapInboundClaims = false };
        var token = Mint(DateTime.UtcNow.AddMinutes(10));

        var first = await handler.ValidateTokenAsync(token, Parameters.Clone());
        var second = await handler.ValidateTokenAsync(token, Parameters.Clone());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("42", second.ClaimsIdentity.FindFirst("sub")?.Value);
    }

    [Fact]
    public async Task A_tampered_copy_of_a_remembered_token_is_refused()
    {
        var handler = new CachingTokenHandler(TimeProvider.System) { MapInboundClaims = false };
        var token = Mint(DateTime.UtcNow.AddMinutes(10));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters)).IsValid);

        var parts = token.Split('.');
        var forgedPayload = Base64UrlEncoder.Encode(Base64UrlEncoder.DecodeBytes(Mint(DateTime.UtcNow.AddMinutes(10), "7").Split('.')[1]));
        var forged = $"{parts[0]}.{forgedPayload}.{parts[2]}";

        Assert.False((await handler.ValidateTokenAsync(forged, Parameters)).IsValid);
    }
}
