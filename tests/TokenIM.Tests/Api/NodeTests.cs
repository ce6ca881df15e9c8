using TokenIM.Tests.Support;

namespace TokenIM.Tests.Api;

public sealed class NodeTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Node_fetches_a_user_by_the_id_it_returned()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var node = (await alice.Client.PostAsync("query($id: ID!) { node(id: $id) { __typename id ... on User { username } } }",
            new { id = alice.UserId })).Data("node");

        Assert.Equal("User", node["__typename"]!.GetValue<string>());
        Assert.Equal(alice.UserId, node["id"]!.GetValue<string>());
        Assert.Equal("alice", node["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Node_of_a_well_formed_id_that_does_not_exist_is_null()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var missing = TokenIM.Server.Api.GlobalId.Encode("User", 999_999);

        var response = await alice.Client.PostAsync("query($id: ID!) { node(id: $id) { id } user(id: $id) { id } }", new { id = missing });

        Assert.Null(response.Json["errors"]);
        Assert.Null(response.Json["data"]!["node"]);
        Assert.Null(response.Json["data"]!["user"]);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("VXNlcjo")]
    [InlineData("VXNlcjotMQ")]
    [InlineData("' OR '1'='1")]
    public async Task Node_of_a_forged_or_truncated_id_is_BAD_USER_INPUT(string id)
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.Client.PostAsync("query($id: ID!) { node(id: $id) { id } }", new { id });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("id", response.ErrorField);
    }

    [Fact]
    public async Task User_with_an_id_of_another_type_is_BAD_USER_INPUT()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var notAUser = TokenIM.Server.Api.GlobalId.Encode("Group", 1);

        var response = await alice.Client.PostAsync("query($id: ID!) { user(id: $id) { id } }", new { id = notAUser });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
    }

    [Fact]
    public async Task Node_without_signing_in_is_UNAUTHENTICATED()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await _node.CreateGraphQLClient().PostAsync("query($id: ID!) { node(id: $id) { id } }", new { id = alice.UserId });

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }
}
