using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenIM.Server.Auth;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Security;

public sealed class OAuthTokenEndpointTests : IDisposable
{
    private const string NotifierSecret = "notifier-secret-that-is-long-enough-0123456789";
    private const string ReporterSecret = "reporter-secret-that-is-long-enough-0123456789";
    private const string OddSecret = "a+b%2Fc d:e=f&g-long-enough-to-be-a-secret-0123";

    private readonly TokenIMFactory _node = new TokenIMFactory()
        .With("TokenIM:Clients:0:Id", "notifier")
        .With("TokenIM:Clients:0:Secret", NotifierSecret)
        .With("TokenIM:Clients:0:Scopes:0", Scopes.NotificationsSend)
        .With("TokenIM:Clients:0:Scopes:1", "presence:read")
        .With("TokenIM:Clients:1:Id", "reporter")
        .With("TokenIM:Clients:1:Secret", ReporterSecret)
        .With("TokenIM:Clients:2:Id", "mailer")
        .With("TokenIM:Clients:2:Secret", OddSecret)
        .With("TokenIM:Admins:0", "root");

    public void Dispose() => _node.Dispose();

    private OAuthClient OAuth() => new(_node.CreateClient());

    [Fact]
    public async Task Password_grant_returns_a_bearer_token_and_a_refresh_token_that_work()
    {
        await _node.CreateGraphQLClient().RegisterAsync("alice", "password123");

        var response = await OAuth().PostAsync(("grant_type", "password"), ("username", "alice"), ("password", "password123"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Bearer", response.Json["token_type"]!.GetValue<string>());
        Assert.Equal(900, response.Json["expires_in"]!.GetValue<int>());
        Assert.Null(response.Json["scope"]);
        var me = (await _node.CreateGraphQLClient(response.AccessToken).PostAsync("{ me { username } }")).Data("me");
        Assert.Equal("alice", me["username"]!.GetValue<string>());
        var refreshed = await OAuth().PostAsync(("grant_type", "refresh_token"), ("refresh_token", response.Json["refresh_token"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
    }

    [Fact]
    public async Task Every_answer_says_no_store_success_and_failure_alike()
    {
        await _node.CreateGraphQLClient().RegisterAsync("alice", "password123");

        var success = await OAuth().PostAsync(("grant_type", "password"), ("username", "alice"), ("password", "password123"));
        var failure = await OAuth().PostAsync(("grant_type", "password"), ("username", "alice"), ("password", "wrong-password"));

        foreach (var response in new[] { success, failure })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, response.ToString());
            Assert.Contains("no-cache", response.Headers.Pragma.ToString());
        }
    }

    [Fact]
    public async Task Password_grant_with_a_wrong_password_or_unknown_user_is_invalid_grant()
    {
        await _node.CreateGraphQLClient().RegisterAsync("alice", "password123");

        var wrong = await OAuth().PostAsync(("grant_type", "password"), ("username", "alice"), ("password", "password124"));
        var unknown = await OAuth().PostAsync(("grant_type", "password"), ("username", "nobody"), ("password", "password123"));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (wrong.Status, wrong.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (unknown.Status, unknown.Error));
        Assert.Equal(wrong.Json["error_description"]!.GetValue<string>(), unknown.Json["error_description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refresh_token_grant_rotates_under_the_same_rules_as_the_refreshToken_mutation()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var first = await OAuth().PostAsync(("grant_type", "refresh_token"), ("refresh_token", alice.RefreshToken));
        var reuse = await OAuth().PostAsync(("grant_type", "refresh_token"), ("refresh_token", alice.RefreshToken));
        var afterReuse = await OAuth().PostAsync(("grant_type", "refresh_token"), ("refresh_token", first.Json["refresh_token"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("invalid_grant", reuse.Error);
        Assert.Equal("invalid_grant", afterReuse.Error);
    }

    [Fact]
    public async Task A_refresh_token_from_the_endpoint_works_with_the_refreshToken_mutation()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var viaOAuth = await OAuth().PostAsync(("grant_type", "refresh_token"), ("refresh_token", alice.RefreshToken));

        var viaGraphQL = await client.PostAsync("mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }",
            new { t = viaOAuth.Json["refresh_token"]!.GetValue<string>() });

        viaGraphQL.Data("refreshToken");
    }

    [Fact]
    public async Task Client_credentials_in_the_body_get_a_service_token_with_every_granted_scope()
    {
        var response = await OAuth().PostAsync(("grant_type", "client_credentials"), ("client_id", "notifier"), ("client_secret", NotifierSecret));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("notifications:send presence:read", response.Json["scope"]!.GetValue<string>());
        Assert.Null(response.Json["refresh_token"]);
        var principal = Principal(response.AccessToken);
        Assert.True(Scopes.HasScope(principal, Scopes.NotificationsSend));
        Assert.True(Scopes.HasScope(principal, "presence:read"));
        Assert.Equal("notifier", principal.ClientId());
        Assert.Null(principal.UserId());
    }

    [Fact]
    public async Task Client_credentials_with_HTTP_Basic_and_a_narrower_scope_get_only_that_scope()
    {
        var response = await OAuth().PostAsync([("grant_type", "client_credentials"), ("scope", Scopes.NotificationsSend)], ("notifier", NotifierSecret));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(Scopes.NotificationsSend, response.Json["scope"]!.GetValue<string>());
        Assert.False(Scopes.HasScope(Principal(response.AccessToken), "presence:read"));
    }

    [Fact]
    public async Task A_secret_with_reserved_characters_works_form_encoded_as_the_RFC_asks_and_raw_as_curl_sends_it()
    {
        var encoded = await OAuth().PostAsync([("grant_type", "client_credentials")], ("mailer", OddSecret));
        using var raw = new HttpRequestMessage(HttpMethod.Post, OAuthClient.Path)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        raw.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("mailer:" + OddSecret)));
        var asIs = await OAuth().SendAsync(raw);
        var inBody = await OAuth().PostAsync(("grant_type", "client_credentials"), ("client_id", "mailer"), ("client_secret", OddSecret));

        Assert.All(new[] { encoded, asIs, inBody }, r => Assert.Equal(HttpStatusCode.OK, r.Status));
    }

    [Fact]
    public async Task A_client_asking_for_a_scope_it_was_not_granted_is_invalid_scope()
    {
        var response = await OAuth().PostAsync([("grant_type", "client_credentials"), ("scope", Scopes.NotificationsSend)], ("reporter", ReporterSecret));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_scope"), (response.Status, response.Error));
    }

    [Theory]
    [InlineData("notifier", "wrong-secret")]
    [InlineData("notifier", NotifierSecret + "x")]
    [InlineData("nobody", NotifierSecret)]
    [InlineData("reporter", NotifierSecret)]
    public async Task Wrong_client_credentials_are_invalid_client_401_with_a_challenge(string id, string secret)
    {
        var basic = await OAuth().PostAsync([("grant_type", "client_credentials")], (id, secret));
        var body = await OAuth().PostAsync(("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret));

        foreach (var response in new[] { basic, body })
        {
            Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (response.Status, response.Error));
            Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        }
    }

    [Fact]
    public async Task Client_credentials_without_client_authentication_is_invalid_client()
    {
        var bare = await OAuth().PostAsync(("grant_type", "client_credentials"));
        var idOnly = await OAuth().PostAsync(("grant_type", "client_credentials"), ("client_id", "notifier"));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (bare.Status, bare.Error));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (idOnly.Status, idOnly.Error));
    }

    [Fact]
    public async Task Wrong_client_credentials_on_a_password_grant_are_invalid_client()
    {
        await _node.CreateGraphQLClient().RegisterAsync("alice", "password123");

        var response = await OAuth().PostAsync([("grant_type", "password"), ("username", "alice"), ("password", "password123")], ("notifier", "wrong"));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (response.Status, response.Error));
    }

    [Fact]
    public async Task Malformed_Basic_credentials_are_invalid_client()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, OAuthClient.Path)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "%%%not-base64");

        var response = await OAuth().SendAsync(request);

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (response.Status, response.Error));
    }

    [Fact]
    public async Task Basic_and_a_body_secret_together_are_invalid_request()
    {
        var response = await OAuth().PostAsync(
            [("grant_type", "client_credentials"), ("client_id", "notifier"), ("client_secret", NotifierSecret)], ("notifier", NotifierSecret));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (response.Status, response.Error));
    }

    [Fact]
    public async Task A_user_grant_with_a_scope_is_invalid_scope()
    {
        await _node.CreateGraphQLClient().RegisterAsync("alice", "password123");

        var response = await OAuth().PostAsync(("grant_type", "password"), ("username", "alice"), ("password", "password123"), ("scope", "admin"));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_scope"), (response.Status, response.Error));
    }

    [Theory]
    [InlineData("authorization_code")]
    [InlineData("implicit")]
    [InlineData("urn:ietf:params:oauth:grant-type:jwt-bearer")]
    public async Task Other_grant_types_are_unsupported_grant_type(string grantType)
    {
        var response = await OAuth().PostAsync(("grant_type", grantType), ("code", "x"));

        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_grant_type"), (response.Status, response.Error));
    }

    [Fact]
    public async Task Missing_parameters_are_invalid_request()
    {
        var noGrant = await OAuth().PostAsync(("username", "alice"));
        var emptyGrant = await OAuth().PostAsync(("grant_type", ""));
        var noPassword = await OAuth().PostAsync(("grant_type", "password"), ("username", "alice"));
        var noRefreshToken = await OAuth().PostAsync(("grant_type", "refresh_token"));

        Assert.All(new[] { noGrant, emptyGrant, noPassword, noRefreshToken },
            r => Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (r.Status, r.Error)));
    }

    [Fact]
    public async Task A_repeated_parameter_is_invalid_request()
    {
        var response = await OAuth().PostAsync(("grant_type", "password"), ("username", "alice"), ("username", "bob"), ("password", "password123"));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (response.Status, response.Error));
    }

    [Theory]
    [InlineData("application/json", """{"grant_type":"password"}""")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\npassword\r\n--x--\r\n")]
    [InlineData("text/plain", "grant_type=password")]
    public async Task A_body_that_is_not_form_encoded_is_invalid_request(string contentType, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, OAuthClient.Path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var response = await OAuth().SendAsync(request);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (response.Status, response.Error));
    }

    [Fact]
    public async Task A_request_with_too_many_parameters_is_invalid_request()
    {
        var response = await OAuth().PostAsync(Enumerable.Range(0, 100).Select(i => ($"p{i}", "x")).Prepend(("grant_type", "password")), null);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (response.Status, response.Error));
    }

    [Fact]
    public async Task GET_is_405_with_Allow_POST()
    {
        var response = await OAuth().SendAsync(new HttpRequestMessage(HttpMethod.Get, OAuthClient.Path + "?grant_type=password"));

        Assert.Equal((HttpStatusCode.MethodNotAllowed, "invalid_request"), (response.Status, response.Error));
    }

    [Fact]
    public async Task Service_sign_ins_are_audited_with_the_client_id()
    {
        await OAuth().PostAsync(("grant_type", "client_credentials"), ("client_id", "notifier"), ("client_secret", NotifierSecret));
        await OAuth().PostAsync(("grant_type", "client_credentials"), ("client_id", "notifier"), ("client_secret", "wrong"));
        var root = await _node.CreateGraphQLClient().RegisterAsync("root");

        var events = (await root.Client.PostAsync("{ auditEvents { nodes { action outcome actorClientId actor { id } } } }"))
            .Data("auditEvents")["nodes"]!.AsArray().Where(e => e!["action"]!.GetValue<string>() == "SERVICE_SIGN_IN").ToList();

        Assert.Equal(["FAILURE", "SUCCESS"], events.Select(e => e!["outcome"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("notifier", e!["actorClientId"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Null(e!["actor"]));
    }

    private static ClaimsPrincipal Principal(string accessToken) =>
        new(new ClaimsIdentity(new JsonWebTokenHandler().ReadJsonWebToken(accessToken).Claims, "Bearer"));
}
