using System.Net;
using System.Text.Json.Nodes;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Security;

/// <summary>The limits as a client meets them, over HTTP.</summary>
public sealed class RateLimitTests
{
    private const string Login = "mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }";

    private static TokenIMFactory Node(int signInsPerUsername = 100, int signInsPerAddress = 100, string window = "00:15:00") => new TokenIMFactory()
        .With("TokenIM:RateLimiting:SignInPerUsername:PermitLimit", signInsPerUsername.ToString())
        .With("TokenIM:RateLimiting:SignInPerUsername:Window", window)
        .With("TokenIM:RateLimiting:SignInPerAddress:PermitLimit", signInsPerAddress.ToString())
        .With("TokenIM:RateLimiting:SignInPerAddress:Window", window);

    private static GraphQLClient From(TokenIMFactory node, string address) => new(node.CreateClient()) { ClientAddress = address };

    [Fact]
    public async Task Login_burst_with_wrong_passwords_is_RATE_LIMITED()
    {
        using var node = Node(signInsPerUsername: 3);
        var client = node.CreateGraphQLClient();
        await client.RegisterAsync("alice", "password123");

        var attempts = new List<GraphQLResponse>();
        for (var i = 0; i < 5; i++) attempts.Add(await client.PostAsync(Login, new { u = "alice", p = $"guess-{i}-wrong" }));

        Assert.All(attempts.Take(3), a => Assert.Equal("UNAUTHENTICATED", a.ErrorCode));
        Assert.All(attempts.Skip(3), a =>
        {
            Assert.Equal(HttpStatusCode.OK, a.Status);
            Assert.Equal("RATE_LIMITED", a.ErrorCode);
            Assert.True(a.Errors[0]!["extensions"]!["retryAfter"]!.GetValue<int>() > 0, a.Body);
        });
    }

    [Fact]
    public async Task While_throttled_even_the_right_password_is_refused_so_a_guess_is_never_confirmed()
    {
        using var node = Node(signInsPerUsername: 2);
        var client = node.CreateGraphQLClient();
        await client.RegisterAsync("alice", "password123");
        await client.PostAsync(Login, new { u = "alice", p = "wrong-one" });
        await client.PostAsync(Login, new { u = "alice", p = "wrong-two" });

        var right = await client.PostAsync(Login, new { u = "alice", p = "password123" });

        Assert.Equal("RATE_LIMITED", right.ErrorCode);
    }

    [Fact]
    public async Task A_throttled_user_signs_in_again_after_the_wait_it_was_told()
    {
        using var node = Node(signInsPerUsername: 2, window: "00:00:02");
        var client = node.CreateGraphQLClient();
        await client.RegisterAsync("alice", "password123");
        await client.PostAsync(Login, new { u = "alice", p = "wrong-one" });
        await client.PostAsync(Login, new { u = "alice", p = "wrong-two" });
        var throttled = await client.PostAsync(Login, new { u = "alice", p = "password123" });
        var retryAfter = throttled.Errors[0]!["extensions"]!["retryAfter"]!.GetValue<int>();

        await Task.Delay(TimeSpan.FromSeconds(retryAfter) + TimeSpan.FromMilliseconds(300));

        (await client.PostAsync(Login, new { u = "alice", p = "password123" })).Data("login");
    }

    [Fact]
    public async Task The_username_limit_counts_attempts_from_every_address()
    {
        using var node = Node(signInsPerUsername: 2);
        await node.CreateGraphQLClient().RegisterAsync("alice", "password123");

        await From(node, "198.51.100.1").PostAsync(Login, new { u = "alice", p = "wrong-one" });
        await From(node, "198.51.100.2").PostAsync(Login, new { u = "ALICE", p = "wrong-two" });
        var third = await From(node, "198.51.100.3").PostAsync(Login, new { u = "alice", p = "wrong-three" });

        Assert.Equal("RATE_LIMITED", third.ErrorCode);
    }

    [Fact]
    public async Task Throttling_one_username_leaves_other_users_signing_in()
    {
        using var node = Node(signInsPerUsername: 2);
        var client = node.CreateGraphQLClient();
        await client.RegisterAsync("alice", "password123");
        await client.RegisterAsync("bob", "password456");
        for (var i = 0; i < 3; i++) await From(node, "198.51.100.9").PostAsync(Login, new { u = "alice", p = "wrong-guess" });

        (await From(node, "198.51.100.10").PostAsync(Login, new { u = "bob", p = "password456" })).Data("login");
    }

    [Fact]
    public async Task A_stolen_access_token_cannot_be_used_to_guess_the_password_through_changePassword()
    {
        using var node = Node(signInsPerUsername: 3);
        var alice = await node.CreateGraphQLClient().RegisterAsync("alice", "password123");
        const string Change = "mutation($c: String!) { changePassword(input: { currentPassword: $c, newPassword: \"new-password\" }) { session { accessToken } } }";

        var answers = new List<GraphQLResponse>();
        for (var i = 0; i < 4; i++) answers.Add(await alice.Client.PostAsync(Change, new { c = $"guess-{i}-wrong" }));
        var login = await node.CreateGraphQLClient().PostAsync(Login, new { u = "alice", p = "password123" });

        Assert.All(answers.Take(3), a => Assert.Equal("BAD_USER_INPUT", a.ErrorCode));
        Assert.Equal("RATE_LIMITED", answers[3].ErrorCode);
        Assert.Equal("RATE_LIMITED", login.ErrorCode);
    }

    [Fact]
    public async Task One_address_guessing_at_many_usernames_is_RATE_LIMITED()
    {
        using var node = Node(signInsPerAddress: 3);
        var attacker = From(node, "203.0.113.66");

        var answers = new List<GraphQLResponse>();
        foreach (var name in new[] { "alice", "bob", "carol", "dave" }) answers.Add(await attacker.PostAsync(Login, new { u = name, p = "password123" }));

        Assert.Equal("RATE_LIMITED", answers[^1].ErrorCode);
        await node.CreateGraphQLClient().RegisterAsync("erin", "password123");
        (await From(node, "203.0.113.67").PostAsync(Login, new { u = "erin", p = "password123" })).Data("login");
    }

    [Fact]
    public async Task IPv6_addresses_of_one_64_network_share_one_sign_in_budget()
    {
        using var node = Node(signInsPerAddress: 2);

        await From(node, "2001:db8:1:2::1").PostAsync(Login, new { u = "a1", p = "password123" });
        await From(node, "2001:db8:1:2::2").PostAsync(Login, new { u = "a2", p = "password123" });
        var third = await From(node, "2001:db8:1:2:ffff::3").PostAsync(Login, new { u = "a3", p = "password123" });
        var otherNetwork = await From(node, "2001:db8:1:3::1").PostAsync(Login, new { u = "a4", p = "password123" });

        Assert.Equal("RATE_LIMITED", third.ErrorCode);
        Assert.Equal("UNAUTHENTICATED", otherNetwork.ErrorCode);
    }

    [Fact]
    public async Task Aliased_login_attempts_in_one_request_each_count_against_the_limit()
    {
        using var node = Node(signInsPerUsername: 3);
        await node.CreateGraphQLClient().RegisterAsync("alice", "password123");
        var guesses = string.Join(" ", Enumerable.Range(0, 6).Select(i => $"g{i}: login(input: {{ username: \"alice\", password: \"guess-{i}-xx\" }}) {{ accessToken }}"));

        var response = await node.CreateGraphQLClient().PostAsync($"mutation {{ {guesses} }}");

        var codes = response.Errors.Select(e => e!["extensions"]!["code"]!.GetValue<string>()).ToList();
        Assert.Equal(3, codes.Count(c => c == "UNAUTHENTICATED"));
        Assert.Equal(3, codes.Count(c => c == "RATE_LIMITED"));
    }

    [Fact]
    public async Task The_OAuth_password_grant_shares_the_sign_in_limit_and_answers_429_with_Retry_After()
    {
        using var node = Node(signInsPerUsername: 2);
        var client = node.CreateGraphQLClient();
        await client.RegisterAsync("alice", "password123");
        await client.PostAsync(Login, new { u = "alice", p = "wrong-one" });
        await client.PostAsync(Login, new { u = "alice", p = "wrong-two" });

        var response = await new OAuthClient(node.CreateClient()).PostAsync(("grant_type", "password"), ("username", "alice"), ("password", "password123"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        Assert.Equal("rate_limited", response.Error);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, response.ToString());
    }

    [Fact]
    public async Task Registrations_from_one_address_are_RATE_LIMITED()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Registrations:PermitLimit", "2");
        var client = From(node, "198.51.100.20");
        const string Register = "mutation($u: String!) { register(input: { username: $u, password: \"password123\" }) { accessToken } }";

        (await client.PostAsync(Register, new { u = "alice" })).Data("register");
        await client.PostAsync(Register, new { u = "alice" });
        var third = await client.PostAsync(Register, new { u = "carol" });

        Assert.Equal("RATE_LIMITED", third.ErrorCode);
        (await From(node, "198.51.100.21").PostAsync(Register, new { u = "carol" })).Data("register");
    }

    [Fact]
    public async Task A_sendMessage_flood_from_one_user_is_RATE_LIMITED_without_slowing_anyone_else()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Messages:PermitLimit", "3");
        var client = node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        for (var i = 0; i < 3; i++) await alice.SendToAsync(bob, $"message {i}");

        var flood = await alice.Client.TrySendAsync(new { recipientId = bob.UserId, body = "one too many" });
        var reply = await bob.SendToAsync(alice, "bob is not slowed down");

        Assert.Equal(HttpStatusCode.OK, flood.Status);
        Assert.Equal("RATE_LIMITED", flood.ErrorCode);
        Assert.True(flood.Errors[0]!["extensions"]!["retryAfter"]!.GetValue<int>() > 0);
        Assert.Equal(4, reply.Seq());
        var history = (await bob.HistoryAsync(reply.ConversationId())).Data("messages");
        Assert.DoesNotContain(history["nodes"]!.AsArray(), n => n!["body"]!.GetValue<string>() == "one too many");
    }

    [Fact]
    public async Task A_request_flood_is_refused_whole_with_429_Retry_After_and_RATE_LIMITED()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Requests:PermitLimit", "3");
        var client = node.CreateGraphQLClient();

        var answers = new List<GraphQLResponse>();
        for (var i = 0; i < 4; i++) answers.Add(await client.PostAsync("{ __typename }"));

        var refused = answers[^1];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("RATE_LIMITED", refused.ErrorCode);
        Assert.True(refused.Errors[0]!["extensions"]!["retryAfter"]!.GetValue<int>() > 0);
        Assert.Null(refused.Json["data"]);
    }

    [Fact]
    public async Task The_429_carries_a_Retry_After_header()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Requests:PermitLimit", "1");
        var http = node.CreateClient();
        await http.GetAsync("/graphql?query={__typename}");

        using var refused = await http.GetAsync("/graphql?query={__typename}");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("RATE_LIMITED", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_flood_of_the_OAuth_endpoint_is_refused_with_an_OAuth_shaped_429()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Requests:PermitLimit", "1");
        var oauth = new OAuthClient(node.CreateClient());
        await oauth.PostAsync(("grant_type", "client_credentials"));

        var refused = await oauth.PostAsync(("grant_type", "client_credentials"));

        Assert.Equal((HttpStatusCode.TooManyRequests, "rate_limited"), (refused.Status, refused.Error));
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Requests_are_counted_per_signed_in_user_not_per_address()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Requests:PermitLimit", "3");
        var alice = await From(node, "198.51.100.30").RegisterAsync("alice");
        alice.Client.ClientAddress = "198.51.100.30";
        var anonymous = From(node, "198.51.100.30");
        for (var i = 0; i < 3; i++) await anonymous.PostAsync("{ __typename }");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await anonymous.PostAsync("{ __typename }")).Status);
        (await alice.Client.PostAsync("{ me { id } }")).Data("me");
    }

    [Fact]
    public async Task Requests_with_an_invalid_token_are_counted_by_address()
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Requests:PermitLimit", "2");
        var forger = new GraphQLClient(node.CreateClient(), "forged.token.value") { ClientAddress = "198.51.100.40" };

        var answers = new List<GraphQLResponse>();
        for (var i = 0; i < 3; i++) answers.Add(await forger.PostAsync("{ me { id } }"));

        Assert.Equal(HttpStatusCode.Unauthorized, answers[0].Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1].Status);
    }

    [Fact]
    public async Task Enabled_false_turns_every_limit_off()
    {
        using var node = new TokenIMFactory()
            .With("TokenIM:RateLimiting:Enabled", "false")
            .With("TokenIM:RateLimiting:Requests:PermitLimit", "1")
            .With("TokenIM:RateLimiting:SignInPerUsername:PermitLimit", "1")
            .With("TokenIM:RateLimiting:Registrations:PermitLimit", "1");
        var client = node.CreateGraphQLClient();
        await client.RegisterAsync("alice", "password123");
        await client.RegisterAsync("bob", "password123");

        for (var i = 0; i < 3; i++) Assert.Equal("UNAUTHENTICATED", (await client.PostAsync(Login, new { u = "alice", p = "wrong-guess" })).ErrorCode);
        (await client.PostAsync(Login, new { u = "alice", p = "password123" })).Data("login");
    }

    [Theory]
    [InlineData("TokenIM:RateLimiting:Messages:PermitLimit", "0", "TokenIM__RateLimiting__Messages__PermitLimit")]
    [InlineData("TokenIM:RateLimiting:SignInPerUsername:Window", "00:00:00", "TokenIM__RateLimiting__SignInPerUsername__Window")]
    [InlineData("TokenIM:RateLimiting:Subscriptions:PermitLimit", "-1", "TokenIM__RateLimiting__Subscriptions__PermitLimit")]
    public async Task A_bad_limit_setting_stops_start_up_naming_it(string key, string value, string setting)
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["TokenIM__DataDirectory"] = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N")),
            [key.Replace(":", "__")] = value,
        });

        Startup.StartupAssert.AssertOneLineNaming(exitCode, output, setting);
    }

    [Theory]
    [InlineData(TokenIM.Tests.Transport.WebSockets.WebSocketTestClient.TransportWs)]
    [InlineData(TokenIM.Tests.Transport.WebSockets.WebSocketTestClient.LegacyWs)]
    public async Task Operations_over_a_WebSocket_count_against_the_request_limit_like_HTTP_requests(string protocol)
    {
        using var node = new TokenIMFactory().With("TokenIM:RateLimiting:Requests:PermitLimit", "3");
        // Bob's own budget (registering, like the upgrade request, is counted by address): one request over
        // HTTP leaves two operations for the socket.
        var bob = await node.CreateGraphQLClient().RegisterAsync("bob");
        (await bob.Client.PostAsync("{ me { id } }")).Data("me");
        await using var socket = await TokenIM.Tests.Transport.WebSockets.WebSocketTestClient.ConnectAsync(node.Server, protocol);
        await socket.InitAsync(new { authorization = $"Bearer {bob.Client.AccessToken}" });

        var answers = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            await socket.SubscribeAsync(i.ToString(), "{ me { id } }");
            var frame = await socket.ReceiveAsync();
            answers.Add(frame.ToJsonString());
            // A query ends with complete after its result.
            if (!frame.ToJsonString().Contains("RATE_LIMITED")) await socket.ReceiveAsync();
        }

        Assert.DoesNotContain("RATE_LIMITED", answers[0]);
        Assert.DoesNotContain("RATE_LIMITED", answers[1]);
        Assert.Contains("RATE_LIMITED", answers[2]);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await bob.Client.PostAsync("{ me { id } }")).Status);
    }
}
