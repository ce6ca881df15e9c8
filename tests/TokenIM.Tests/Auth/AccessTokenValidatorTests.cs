using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenIM.Server.Auth;

namespace TokenIM.Tests.Auth;

public sealed class AccessTokenValidatorTests
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
        var validator = new AccessTokenValidator(Parameters, TimeProvider.System);
        var token = Mint(DateTime.UtcNow.AddMinutes(10));

        var first = await validator.ValidateAsync(token);
        var second = await validator.ValidateAsync(token);
        var third = await validator.ValidateAsync(token);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotSame(first, second);
        Assert.NotSame(second, third);
        second.AddClaim(new Claim("added", "by one request"));
        Assert.Null(third!.FindFirst("added"));
        Assert.Equal("42", third.FindFirst("sub")?.Value);
    }

    [Fact]
    public async Task A_tampered_copy_of_a_remembered_token_is_refused()
    {
        var validator = new AccessTokenValidator(Parameters, TimeProvider.System);
        var token = Mint(DateTime.UtcNow.AddMinutes(10));
        Assert.NotNull(await validator.ValidateAsync(token));

        var parts = token.Split('.');
        var forgedPayload = Base64UrlEncoder.Encode(Base64UrlEncoder.DecodeBytes(Mint(DateTime.UtcNow.AddMinutes(10), "7").Split('.')[1]));
        var forged = $"{parts[0]}.{forgedPayload}.{parts[2]}";

        Assert.Null(await validator.ValidateAsync(forged));
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_has_expired()
    {
        var validator = new AccessTokenValidator(Parameters, TimeProvider.System);
        var expires = DateTime.UtcNow.AddSeconds(1.5);
        var token = Mint(expires);
        Assert.NotNull(await validator.ValidateAsync(token));

        await Task.Delay(expires - DateTime.UtcNow + TimeSpan.FromMilliseconds(200));

        Assert.Null(await validator.ValidateAsync(token));
    }
}
