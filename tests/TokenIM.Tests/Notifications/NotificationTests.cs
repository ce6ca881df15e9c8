using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Notifications;

public sealed class NotificationTests : IDisposable
{
    private const string SigningKey = "notification-tests-signing-key-0123456789";
    private const string Secret = "service-secret-that-is-long-enough-0123456789";
    private const string Send = """
        mutation($input: SendNotificationInput!) { sendNotification(input: $input) { recipientCount recipientIds } }
        """;
    private const string List = """
        query($first: Int, $after: String, $unreadOnly: Boolean) {
          notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
            nodes { id title body data createdAt readAt read } pageInfo { hasNextPage endCursor }
          }
          me { unreadNotificationCount }
        }
        """;
    private const string Received = "subscription { notificationReceived { id title body data read } }";

    private readonly TokenIMFactory _node = new TokenIMFactory()
        .With("TokenIM:Auth:SigningKey", SigningKey)
        .With("TokenIM:Admins:0", "root")
        .With("TokenIM:Clients:0:Id", "notifier")
        .With("TokenIM:Clients:0:Secret", Secret)
        .With("TokenIM:Clients:0:Scopes:0", Scopes.NotificationsSend)
        .With("TokenIM:Clients:1:Id", "auditor")
        .With("TokenIM:Clients:1:Secret", Secret)
        .With("TokenIM:Clients:1:Scopes:0", "audit:read");

    public void Dispose() => _node.Dispose();

    private static long Key(SignedIn user) => GlobalId.TryDecode(user.UserId, out _, out var key) ? key : throw new InvalidOperationException();

    private async Task<GraphQLClient> ServiceClientAsync(string clientId) =>
        _node.CreateGraphQLClient((await new OAuthClient(_node.CreateClient())
            .PostAsync(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", Secret))).AccessToken);

    private async Task<(SignedIn Root, SignedIn Alice, SignedIn Bob)> SceneAsync()
    {
        var client = _node.CreateGraphQLClient();
        return (await client.RegisterAsync("root"), await client.RegisterAsync("alice"), await client.RegisterAsync("bob"));
    }

    private static async Task<List<JsonNode>> NotificationsOfAsync(SignedIn user, bool unreadOnly = false) =>
        (await user.Client.PostAsync(List, new { first = 50, unreadOnly })).Data("notifications")["nodes"]!.AsArray().Select(n => n!).ToList();

    [Fact]
    public async Task An_administrator_sends_a_notification_stored_for_each_recipient_and_delivered_live()
    {
        var (root, alice, bob) = await SceneAsync();
        await using var aliceLive = await SubscriptionProbe.StartAsync(_node.Services, Key(alice), Received);

        var sent = (await root.Client.PostAsync(Send, new
        {
            input = new { userIds = new[] { alice.UserId, bob.UserId, alice.UserId }, title = " Maintenance ", body = "Tonight at 22:00", data = new { screen = "status", id = 42 } },
        })).Data("sendNotification");

        Assert.Equal(2, sent["recipientCount"]!.GetValue<int>());
        Assert.Equal(new[] { alice.UserId, bob.UserId }.Order(), sent["recipientIds"]!.AsArray().Select(i => i!.GetValue<string>()).Order());
        var live = aliceLive.Next()["data"]!["notificationReceived"]!;
        Assert.Equal("Maintenance", live["title"]!.GetValue<string>());
        Assert.Equal("status", live["data"]!["screen"]!.GetValue<string>());
        Assert.Equal(42, live["data"]!["id"]!.GetValue<int>());
        var stored = Assert.Single(await NotificationsOfAsync(bob));
        Assert.Equal("Tonight at 22:00", stored["body"]!.GetValue<string>());
        Assert.False(stored["read"]!.GetValue<bool>());
        Assert.Equal(1, (await bob.Client.PostAsync(List)).Data("me")["unreadNotificationCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_service_client_with_the_notifications_send_scope_notifies_a_groups_members()
    {
        var (root, alice, bob) = await SceneAsync();
        var group = await alice.CreateGroupAsync("team", bob);
        var notifier = await ServiceClientAsync("notifier");

        var sent = (await notifier.PostAsync(Send, new { input = new { groupId = group["id"]!.GetValue<string>(), title = "Standup" } }))
            .Data("sendNotification");

        Assert.Equal(2, sent["recipientCount"]!.GetValue<int>());
        Assert.Single(await NotificationsOfAsync(alice));
        Assert.Single(await NotificationsOfAsync(bob));
        Assert.Empty(await NotificationsOfAsync(root));
    }

    [Fact]
    public async Task Data_can_be_written_inline_as_a_GraphQL_object()
    {
        var (root, alice, _) = await SceneAsync();

        (await root.Client.PostAsync("""
            mutation($u: ID!) { sendNotification(input: { userIds: [$u], title: "t", data: { screen: "chat", ids: [1, 2.5], on: true, none: null } }) { recipientCount } }
            """, new { u = alice.UserId })).Data("sendNotification");

        var data = Assert.Single(await NotificationsOfAsync(alice))["data"]!;
        Assert.Equal("""{"screen":"chat","ids":[1,2.5],"on":true,"none":null}""", data.ToJsonString());
    }

    [Fact]
    public async Task A_signed_in_user_who_is_not_an_administrator_is_FORBIDDEN_and_nothing_is_stored()
    {
        var (_, alice, bob) = await SceneAsync();

        var response = await alice.Client.PostAsync(Send, new { input = new { userIds = new[] { bob.UserId }, title = "phish" } });

        Assert.Equal("FORBIDDEN", response.ErrorCode);
        Assert.Empty(await NotificationsOfAsync(bob));
    }

    [Fact]
    public async Task A_service_token_without_the_notifications_send_scope_is_FORBIDDEN()
    {
        var (_, _, bob) = await SceneAsync();
        var auditor = await ServiceClientAsync("auditor");

        var response = await auditor.PostAsync(Send, new { input = new { userIds = new[] { bob.UserId }, title = "nope" } });

        Assert.Equal("FORBIDDEN", response.ErrorCode);
        Assert.Empty(await NotificationsOfAsync(bob));
    }

    [Fact]
    public async Task A_user_token_with_a_notifications_send_scope_claim_added_is_still_FORBIDDEN()
    {
        var (_, alice, bob) = await SceneAsync();
        // Re-signed with the node's own key: only the scope claim differs from alice's genuine token.
        var claims = new JsonWebTokenHandler().ReadJsonWebToken(alice.Client.AccessToken).Claims
            .Where(c => c.Type is not ("iss" or "aud" or "exp" or "nbf" or "iat"))
            .Append(new Claim(Scopes.Claim, Scopes.NotificationsSend));
        var scoped = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new TokenIM.Server.Auth.SigningKey(System.Text.Encoding.UTF8.GetBytes(SigningKey)).Credentials,
            Subject = new ClaimsIdentity(claims),
        });

        var response = await _node.CreateGraphQLClient(scoped).PostAsync(Send, new { input = new { userIds = new[] { bob.UserId }, title = "nope" } });

        Assert.Equal("FORBIDDEN", response.ErrorCode);
        Assert.Empty(await NotificationsOfAsync(bob));
    }

    [Fact]
    public async Task An_anonymous_caller_is_UNAUTHENTICATED()
    {
        var (_, _, bob) = await SceneAsync();

        var response = await _node.CreateGraphQLClient().PostAsync(Send, new { input = new { userIds = new[] { bob.UserId }, title = "x" } });

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    [Fact]
    public async Task Sends_and_refused_sends_are_in_the_audit_log()
    {
        var (root, alice, bob) = await SceneAsync();
        await (await ServiceClientAsync("notifier")).PostAsync(Send, new { input = new { userIds = new[] { bob.UserId }, title = "from a service" } });
        await (await ServiceClientAsync("auditor")).PostAsync(Send, new { input = new { userIds = new[] { bob.UserId }, title = "refused" } });
        await alice.Client.PostAsync(Send, new { input = new { userIds = new[] { bob.UserId }, title = "refused" } });
        await root.Client.PostAsync(Send, new { input = new { userIds = new[] { bob.UserId }, title = "from root" } });

        var events = (await root.Client.PostAsync("{ auditEvents(first: 100) { nodes { action outcome actor { username } actorClientId target details } } }"))
            .Data("auditEvents")["nodes"]!.AsArray().Where(e => e!["action"]!.GetValue<string>() == "NOTIFICATION_SEND").Select(e => e!).ToList();

        Assert.Equal(4, events.Count);
        Assert.Contains(events, e => e["outcome"]!.GetValue<string>() == "SUCCESS" && e["actorClientId"]?.GetValue<string>() == "notifier"
                                     && e["target"]!.GetValue<string>() == bob.UserId);
        Assert.Contains(events, e => e["outcome"]!.GetValue<string>() == "FAILURE" && e["actorClientId"]?.GetValue<string>() == "auditor");
        Assert.Contains(events, e => e["outcome"]!.GetValue<string>() == "FAILURE" && e["actor"]?["username"]?.GetValue<string>() == "alice");
        Assert.Contains(events, e => e["outcome"]!.GetValue<string>() == "SUCCESS" && e["actor"]?["username"]?.GetValue<string>() == "root");
    }

    [Theory]
    [InlineData("neither", "input")]
    [InlineData("data-array", "input.data")]
    [InlineData("empty-title", "input.title")]
    [InlineData("bad-user-id", "input.userIds")]
    public async Task Bad_input_is_BAD_USER_INPUT_naming_the_field(string mistake, string field)
    {
        var (root, alice, _) = await SceneAsync();
        object input = mistake switch
        {
            "neither" => new { title = "t" },
            "data-array" => new { userIds = new[] { alice.UserId }, title = "t", data = new[] { 1, 2 } },
            "empty-title" => new { userIds = new[] { alice.UserId }, title = "  " },
            _ => new { userIds = new[] { "not-an-id" }, title = "t" },
        };

        var response = await root.Client.PostAsync(Send, new { input });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal(field, response.ErrorField);
    }

    [Fact]
    public async Task A_user_or_group_that_does_not_exist_is_NOT_FOUND()
    {
        var (root, alice, _) = await SceneAsync();

        var user = await root.Client.PostAsync(Send, new { input = new { userIds = new[] { alice.UserId, GlobalId.Encode("User", 999) }, title = "t" } });
        var group = await root.Client.PostAsync(Send, new { input = new { groupId = GlobalId.Encode("Group", 999), title = "t" } });

        Assert.Equal("NOT_FOUND", user.ErrorCode);
        Assert.Equal("input.userIds", user.ErrorField);
        Assert.Equal("NOT_FOUND", group.ErrorCode);
        Assert.Empty(await NotificationsOfAsync(alice));
    }

    [Fact]
    public async Task MarkNotificationsRead_marks_only_your_own_and_lowers_the_unread_count()
    {
        var (root, alice, bob) = await SceneAsync();
        for (var i = 0; i < 3; i++)
            await root.Client.PostAsync(Send, new { input = new { userIds = new[] { alice.UserId, bob.UserId }, title = $"n{i}" } });
        var aliceIds = (await NotificationsOfAsync(alice)).Select(n => n["id"]!.GetValue<string>()).ToList();
        var bobsFirst = (await NotificationsOfAsync(bob))[0]["id"]!.GetValue<string>();

        var marked = (await alice.Client.PostAsync(
            "mutation($ids: [ID!]!) { markNotificationsRead(input: { ids: $ids }) { notifications { id read readAt } unreadCount } }",
            new { ids = new[] { aliceIds[0], aliceIds[1], bobsFirst } })).Data("markNotificationsRead");

        Assert.Equal(aliceIds.Take(2), marked["notifications"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        Assert.All(marked["notifications"]!.AsArray(), n => Assert.True(n!["read"]!.GetValue<bool>()));
        Assert.Equal(1, marked["unreadCount"]!.GetValue<int>());
        Assert.Equal([aliceIds[2]], (await NotificationsOfAsync(alice, unreadOnly: true)).Select(n => n["id"]!.GetValue<string>()));
        Assert.Equal(3, (await NotificationsOfAsync(bob, unreadOnly: true)).Count);
    }

    [Fact]
    public async Task Notifications_page_newest_first()
    {
        var (root, alice, _) = await SceneAsync();
        for (var i = 0; i < 5; i++) await root.Client.PostAsync(Send, new { input = new { userIds = new[] { alice.UserId }, title = $"n{i}" } });

        var first = (await alice.Client.PostAsync(List, new { first = 3 })).Data("notifications");
        var second = (await alice.Client.PostAsync(List, new { first = 3, after = first["pageInfo"]!["endCursor"]!.GetValue<string>() })).Data("notifications");

        Assert.Equal(["n4", "n3", "n2"], first["nodes"]!.AsArray().Select(n => n!["title"]!.GetValue<string>()));
        Assert.True(first["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(["n1", "n0"], second["nodes"]!.AsArray().Select(n => n!["title"]!.GetValue<string>()));
        Assert.False(second["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UnreadNotificationCount_is_yours_only_and_null_on_other_users()
    {
        var (root, alice, bob) = await SceneAsync();
        await root.Client.PostAsync(Send, new { input = new { userIds = new[] { bob.UserId }, title = "for bob" } });

        var response = await alice.Client.PostAsync("query($b: ID!) { me { unreadNotificationCount } user(id: $b) { unreadNotificationCount } }",
            new { b = bob.UserId });

        Assert.True(response.Json["errors"] is null, response.Body);
        Assert.Equal(0, response.Json["data"]!["me"]!["unreadNotificationCount"]!.GetValue<int>());
        Assert.Null(response.Json["data"]!["user"]!["unreadNotificationCount"]);
    }

    [Fact]
    public async Task A_notification_is_a_node_only_its_recipient_can_fetch()
    {
        var (root, alice, bob) = await SceneAsync();
        await root.Client.PostAsync(Send, new { input = new { userIds = new[] { alice.UserId }, title = "mine" } });
        var id = (await NotificationsOfAsync(alice))[0]["id"]!.GetValue<string>();
        const string Node = "query($id: ID!) { node(id: $id) { ... on Notification { title } } }";

        Assert.Equal("mine", (await alice.Client.PostAsync(Node, new { id })).Data("node")["title"]!.GetValue<string>());
        var asBob = await bob.Client.PostAsync(Node, new { id });
        Assert.True(asBob.Json["errors"] is null, asBob.Body);
        Assert.Null(asBob.Json["data"]!["node"]);
    }

    [Fact]
    public async Task NotificationReceived_never_delivers_another_users_notification()
    {
        var (root, alice, bob) = await SceneAsync();
        await using var bobLive = await SubscriptionProbe.StartAsync(_node.Services, Key(bob), Received);
        await using var aliceLive = await SubscriptionProbe.StartAsync(_node.Services, Key(alice), Received);

        await root.Client.PostAsync(Send, new { input = new { userIds = new[] { alice.UserId }, title = "alice only" } });

        Assert.Equal("alice only", aliceLive.Next()["data"]!["notificationReceived"]!["title"]!.GetValue<string>());
        Assert.True(bobLive.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }
}
