using System.Net;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenIM.Server.Auth;
using TokenIM.Tests.Startup;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Security;

/// <summary>A service token identifies a client, never a user, whatever its id looks like.</summary>
public sealed class ServiceTokenTests : IDisposable
{
    private const string Secret = "service-secret-that-is-long-enough-0123456789";
    private const string SigningKey = "service-token-tests-signing-key-0123456789";

    // Id "1": the first user's id too, which a careless check could confuse.
    private readonly TokenIMFactory _node = new TokenIMFactory()
        .With("TokenIM:Auth:SigningKey", SigningKey)
        .With("TokenIM:Clients:0:Id", "1")
        .With("TokenIM:Clients:0:Secret", Secret)
        .With("TokenIM:Clients:0:Scopes:0", Scopes.NotificationsSend);

    public void Dispose() => _node.Dispose();

    private async Task<string> ServiceTokenAsync(TokenIMFactory node) =>
        (await new OAuthClient(node.CreateClient()).PostAsync(("grant_type", "client_credentials"), ("client_id", "1"), ("client_secret", Secret)))
        .AccessToken;

    [Fact]
    public async Task A_service_token_is_accepted_but_is_no_user_so_me_is_null()
    {
        await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await _node.CreateGraphQLClient(await ServiceTokenAsync(_node)).PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Json["errors"] is null, response.Body);
        Assert.Null(response.Json["data"]!["me"]);
    }

    [Theory]
    [InlineData("{ users { nodes { id } } }")]
    [InlineData("mutation { changePassword(input: { currentPassword: \"x\", newPassword: \"new-password\" }) { session { accessToken } } }")]
    [InlineData("mutation { deleteAccount(input: { password: \"correct horse battery\" }) { deletedUserId } }")]
    [InlineData("{ auditEvents { nodes { id } } }")]
    [InlineData("{ conversations { nodes { id } } }")]
    [InlineData("mutation { sendMessage(input: { recipientId: \"VXNlcjox\", body: \"hi\" }) { message { id } } }")]
    public async Task A_service_token_calling_a_user_operation_is_FORBIDDEN(string operation)
    {
        await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await _node.CreateGraphQLClient(await ServiceTokenAsync(_node)).PostAsync(operation);

        Assert.Equal("FORBIDDEN", response.ErrorCode);
    }

    [Fact]
    public async Task A_token_of_a_client_since_removed_from_configuration_is_401()
    {
        var token = await ServiceTokenAsync(_node);
        using var reconfigured = new TokenIMFactory().With("TokenIM:Auth:SigningKey", SigningKey);

        var response = await reconfigured.CreateGraphQLClient(token).PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public void A_token_with_a_client_id_claim_is_never_a_user_even_with_a_numeric_subject()
    {
        var mixed = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "1"), new Claim("client_id", "1"), new Claim("scope", Scopes.NotificationsSend)], "Bearer"));

        Assert.Null(mixed.UserId());
        Assert.Null(mixed.ClientId());
        Assert.False(Scopes.HasScope(mixed, Scopes.NotificationsSend));
    }

    [Fact]
    public async Task A_user_token_with_a_scope_claim_has_no_scope()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var claims = new JsonWebTokenHandler().ReadJsonWebToken(alice.Client.AccessToken).Claims.Append(new Claim("scope", Scopes.NotificationsSend));

        Assert.False(Scopes.HasScope(new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer")), Scopes.NotificationsSend));
    }

    [Fact]
    public void HasScope_is_false_for_anonymous_callers()
    {
        Assert.False(Scopes.HasScope(null, Scopes.NotificationsSend));
        Assert.False(Scopes.HasScope(new ClaimsPrincipal(new ClaimsIdentity()), Scopes.NotificationsSend));
    }

    [Fact]
    public async Task A_forged_service_token_is_401()
    {
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new TokenIM.Server.Auth.SigningKey(new byte[32]).Credentials,
            Subject = new ClaimsIdentity([new Claim("sub", "client:1"), new Claim("client_id", "1"), new Claim("scope", Scopes.NotificationsSend)]),
        });

        var response = await _node.CreateGraphQLClient(forged).PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Theory]
    [InlineData("TokenIM:Clients:0:Secret", "short", "TokenIM__Clients__0__Secret")]
    [InlineData("TokenIM:Clients:0:Id", "has spaces", "TokenIM__Clients__0__Id")]
    [InlineData("TokenIM:Clients:0:Scopes:0", "bad\"scope", "TokenIM__Clients__0__Scopes")]
    public async Task A_misconfigured_client_stops_start_up_naming_the_setting(string key, string value, string setting)
    {
        // A real node process: a node that cannot start prints one line and exits (see Startup/ConfigurationErrorTests).
        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["TokenIM__DataDirectory"] = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N")),
            ["TokenIM__Clients__0__Id"] = "notifier",
            ["TokenIM__Clients__0__Secret"] = Secret,
            [key.Replace(":", "__")] = value,
        });

        StartupAssert.AssertOneLineNaming(exitCode, output, setting);
    }
}
