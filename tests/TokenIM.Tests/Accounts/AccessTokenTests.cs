using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Accounts;

public sealed class AccessTokenTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Without_a_token_me_is_null()
    {
        var response = await _node.CreateGraphQLClient().PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Null(response.Json["data"]!["me"]);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIiwiaXNzIjoidG9rZW5pbSIsImF1ZCI6InRva2VuaW0ifQ.")]
    public async Task A_malformed_or_unsigned_token_is_401_UNAUTHENTICATED(string token)
    {
        var response = await _node.CreateGraphQLClient(token).PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401_UNAUTHENTICATED()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var forged = Mint(new SigningKey(new byte[32]), alice, DateTime.UtcNow.AddMinutes(10));

        var response = await _node.CreateGraphQLClient(forged).PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    [Fact]
    public async Task An_expired_token_is_401_UNAUTHENTICATED()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var expired = Mint(_node.Services.GetRequiredService<SigningKey>(), alice, DateTime.UtcNow.AddMinutes(-5));

        var response = await _node.CreateGraphQLClient(expired).PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    [Fact]
    public async Task A_valid_token_of_a_deleted_account_is_401_UNAUTHENTICATED()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        (await alice.Client.PostAsync("mutation($p: String!) { deleteAccount(input: { password: $p }) { deletedUserId } }",
            new { p = alice.Password })).Data("deleteAccount");

        var response = await alice.Client.PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    [Fact]
    public async Task A_well_signed_token_that_names_no_session_is_401_UNAUTHENTICATED()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var sessionless = Mint(_node.Services.GetRequiredService<SigningKey>(), alice, DateTime.UtcNow.AddMinutes(10));

        var response = await _node.CreateGraphQLClient(sessionless).PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task A_well_signed_token_naming_another_users_session_is_401_UNAUTHENTICATED()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        var bobsSession = new JsonWebTokenHandler().ReadJsonWebToken(bob.Client.AccessToken).GetClaim("sid").Value;
        var crossed = Mint(_node.Services.GetRequiredService<SigningKey>(), alice, DateTime.UtcNow.AddMinutes(10), bobsSession);

        var response = await _node.CreateGraphQLClient(crossed).PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task A_signed_in_only_query_without_a_token_is_UNAUTHENTICATED()
    {
        var response = await _node.CreateGraphQLClient().PostAsync("{ users { nodes { id } } }");

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    private static string Mint(SigningKey key, SignedIn user, DateTime expires, string? sessionId = null)
    {
        Assert.True(GlobalId.TryDecode(user.UserId, out _, out var userKey));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            IssuedAt = expires.AddMinutes(-15),
            NotBefore = expires.AddMinutes(-15),
            Expires = expires,
            SigningCredentials = key.Credentials,
            Subject = new ClaimsIdentity(sessionId is null
                ? [new Claim("sub", userKey.ToString())]
                : [new Claim("sub", userKey.ToString()), new Claim("sid", sessionId)]),
        });
    }
}
