using System.Text.Json.Nodes;
using TokenIM.Server.Api;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Security;

public sealed class AuditLogTests : IDisposable
{
    private const string Events = """
        query($first: Int, $after: String) {
          auditEvents(first: $first, after: $after) {
            nodes { id action outcome actor { username } actorClientId target clientAddress details occurredAt }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;
    private const string Login = "mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken refreshToken } }";
    private const string Refresh = "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { refreshToken } }";

    private readonly TokenIMFactory _node = new TokenIMFactory().With("TokenIM:Admins:0", "root");

    public void Dispose() => _node.Dispose();

    private async Task<List<JsonNode>> EventsAsync(SignedIn admin) =>
        (await admin.Client.PostAsync(Events, new { first = 100 })).Data("auditEvents")["nodes"]!.AsArray().Select(n => n!).ToList();

    [Fact]
    public async Task Register_and_sign_in_success_are_recorded_with_actor_target_and_address()
    {
        var client = _node.CreateGraphQLClient();
        client.ClientAddress = "198.51.100.7";
        var alice = await client.RegisterAsync("alice");
        (await client.PostAsync(Login, new { u = "alice", p = alice.Password })).Data("login");
        var root = await _node.CreateGraphQLClient().RegisterAsync("root");

        var events = await EventsAsync(root);

        var register = Assert.Single(events, e => e["action"]!.GetValue<string>() == "REGISTER" && e["target"]!.GetValue<string>() == alice.UserId);
        Assert.Equal("SUCCESS", register["outcome"]!.GetValue<string>());
        Assert.Equal("alice", register["actor"]!["username"]!.GetValue<string>());
        Assert.Equal("198.51.100.7", register["clientAddress"]!.GetValue<string>());
        var signIn = Assert.Single(events, e => e["action"]!.GetValue<string>() == "SIGN_IN");
        Assert.Equal("SUCCESS", signIn["outcome"]!.GetValue<string>());
        Assert.Equal(alice.UserId, signIn["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failed_sign_ins_are_recorded_without_an_actor()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        await client.PostAsync(Login, new { u = "alice", p = "not the password" });
        await client.PostAsync(Login, new { u = "nobody", p = "whatever123" });
        var root = await client.RegisterAsync("root");

        var failures = (await EventsAsync(root)).Where(e => e["action"]!.GetValue<string>() == "SIGN_IN").ToList();

        Assert.Equal(2, failures.Count);
        Assert.All(failures, e => Assert.Equal("FAILURE", e["outcome"]!.GetValue<string>()));
        Assert.All(failures, e => Assert.Null(e["actor"]));
        Assert.Contains(failures, e => e["target"]!.GetValue<string>() == alice.UserId);
        Assert.Contains(failures, e => e["target"]!.GetValue<string>() == "nobody");
    }

    [Fact]
    public async Task Control_characters_in_a_username_tried_do_not_reach_the_log()
    {
        var client = _node.CreateGraphQLClient();
        await client.PostAsync(Login, new { u = "mallory\nAudit SIGN_IN SUCCESS: root", p = "whatever123" });
        var root = await client.RegisterAsync("root");

        var failure = Assert.Single(await EventsAsync(root), e => e["action"]!.GetValue<string>() == "SIGN_IN");

        Assert.Equal("mallory?Audit SIGN_IN SUCCESS: root", failure["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refresh_token_reuse_logout_password_change_and_account_deletion_are_recorded()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice", "old-password");
        (await client.PostAsync(Refresh, new { t = alice.RefreshToken })).Data("refreshToken");
        await client.PostAsync(Refresh, new { t = alice.RefreshToken });
        var bob = await client.RegisterAsync("bob", "bobs-password");
        (await client.PostAsync("mutation($t: String!) { logout(input: { refreshToken: $t }) { revoked } }", new { t = bob.RefreshToken })).Data("logout");
        var carol = await client.RegisterAsync("carol", "old-password");
        await carol.Client.PostAsync("mutation { changePassword(input: { currentPassword: \"wrong-password\", newPassword: \"new-password\" }) { session { accessToken } } }");
        (await carol.Client.PostAsync("mutation { changePassword(input: { currentPassword: \"old-password\", newPassword: \"new-password\" }) { session { accessToken } } }"))
            .Data("changePassword");
        var dave = await client.RegisterAsync("dave", "daves-password");
        await dave.Client.PostAsync("mutation { deleteAccount(input: { password: \"wrong-password\" }) { deletedUserId } }");
        (await dave.Client.PostAsync("mutation { deleteAccount(input: { password: \"daves-password\" }) { deletedUserId } }")).Data("deleteAccount");
        var root = await client.RegisterAsync("root");

        var events = (await EventsAsync(root)).Select(e => (
            Action: e["action"]!.GetValue<string>(), Outcome: e["outcome"]!.GetValue<string>(), Target: e["target"]?.GetValue<string>())).ToList();

        Assert.Contains(("REFRESH_TOKEN_REUSED", "FAILURE", alice.UserId), events);
        Assert.Contains(("LOGOUT", "SUCCESS", bob.UserId), events);
        Assert.Contains(("PASSWORD_CHANGE", "FAILURE", carol.UserId), events);
        Assert.Contains(("PASSWORD_CHANGE", "SUCCESS", carol.UserId), events);
        Assert.Contains(("ACCOUNT_DELETION", "FAILURE", dave.UserId), events);
        Assert.Contains(("ACCOUNT_DELETION", "SUCCESS", dave.UserId), events);
    }

    [Fact]
    public async Task AuditEvents_is_FORBIDDEN_for_a_signed_in_user_who_is_not_an_admin()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.Client.PostAsync(Events);

        Assert.Equal("FORBIDDEN", response.ErrorCode);
        Assert.Null(response.Json["data"]);
    }

    [Fact]
    public async Task AuditEvents_is_UNAUTHENTICATED_without_signing_in()
    {
        var response = await _node.CreateGraphQLClient().PostAsync(Events);

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    [Fact]
    public async Task AuditEvents_is_FORBIDDEN_when_no_admins_are_configured()
    {
        using var node = new TokenIMFactory();
        var root = await node.CreateGraphQLClient().RegisterAsync("root");

        Assert.Equal("FORBIDDEN", (await root.Client.PostAsync(Events)).ErrorCode);
    }

    [Fact]
    public async Task A_lookalike_of_an_admin_username_is_not_an_admin()
    {
        var lookalike = await _node.CreateGraphQLClient().RegisterAsync("root_");

        Assert.Equal("FORBIDDEN", (await lookalike.Client.PostAsync(Events)).ErrorCode);
    }

    [Fact]
    public async Task Admin_usernames_match_ignoring_case()
    {
        var root = await _node.CreateGraphQLClient().RegisterAsync("Root");

        (await root.Client.PostAsync(Events)).Data("auditEvents");
    }

    [Fact]
    public async Task An_admin_pages_through_audit_events_newest_first()
    {
        var client = _node.CreateGraphQLClient();
        foreach (var name in new[] { "alice", "bob", "carol" }) await client.RegisterAsync(name);
        var root = await client.RegisterAsync("root");

        var first = (await root.Client.PostAsync(Events, new { first = 2 })).Data("auditEvents");
        var second = (await root.Client.PostAsync(Events, new { first = 2, after = first["pageInfo"]!["endCursor"]!.GetValue<string>() }))
            .Data("auditEvents");

        var names = first["nodes"]!.AsArray().Concat(second["nodes"]!.AsArray()).Select(n => n!["actor"]!["username"]!.GetValue<string>());
        Assert.Equal(["root", "carol", "bob", "alice"], names);
        Assert.True(first["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.False(second["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_audit_event_id_resolves_through_node_for_an_admin_only()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var root = await client.RegisterAsync("root");
        var id = (await EventsAsync(root)).First()["id"]!.GetValue<string>();
        const string Node = "query($id: ID!) { node(id: $id) { id ... on AuditEvent { action } } }";

        var asAdmin = (await root.Client.PostAsync(Node, new { id })).Data("node");
        var asAlice = await alice.Client.PostAsync(Node, new { id });

        Assert.Equal(id, asAdmin["id"]!.GetValue<string>());
        Assert.True(asAlice.Json["errors"] is null, asAlice.Body);
        Assert.Null(asAlice.Json["data"]!["node"]);
    }

    [Fact]
    public async Task A_forged_cursor_is_BAD_USER_INPUT()
    {
        var root = await _node.CreateGraphQLClient().RegisterAsync("root");

        var response = await root.Client.PostAsync(Events, new { after = GlobalId.Encode("x", 1) });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("after", response.ErrorField);
    }
}
