using TokenIM.Tests.Support;

namespace TokenIM.Tests.Push;

public sealed class DeviceTests : IDisposable
{
    private const string Register = """
        mutation($p: DevicePlatform!, $t: String!) { registerDevice(input: { platform: $p, token: $t }) { device { id platform token registeredAt } } }
        """;
    private const string Unregister = "mutation($t: String!) { unregisterDevice(input: { token: $t }) { removed } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task RegisterDevice_stores_the_token_and_registering_again_is_harmless()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var first = (await alice.Client.PostAsync(Register, new { p = "ANDROID", t = "fcm-1" })).Data("registerDevice")["device"]!;
        var again = (await alice.Client.PostAsync(Register, new { p = "ANDROID", t = "fcm-1" })).Data("registerDevice")["device"]!;

        Assert.Equal("ANDROID", first["platform"]!.GetValue<string>());
        Assert.Equal(first["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());
        Assert.Equal("fcm-1", (await alice.Client.PostAsync("query($id: ID!) { node(id: $id) { ... on Device { token } } }",
            new { id = first["id"]!.GetValue<string>() })).Data("node")["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_registered_by_another_user_moves_to_the_new_user()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        var id = (await alice.Client.PostAsync(Register, new { p = "IOS", t = "shared-phone" })).Data("registerDevice")["device"]!["id"]!.GetValue<string>();

        (await bob.Client.PostAsync(Register, new { p = "IOS", t = "shared-phone" })).Data("registerDevice");

        var asAlice = await alice.Client.PostAsync("query($id: ID!) { node(id: $id) { id } }", new { id });
        Assert.Null(asAlice.Json["data"]!["node"]);
        Assert.False((await alice.Client.PostAsync(Unregister, new { t = "shared-phone" })).Data("unregisterDevice")["removed"]!.GetValue<bool>());
        Assert.True((await bob.Client.PostAsync(Unregister, new { t = "shared-phone" })).Data("unregisterDevice")["removed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_token_that_is_empty_or_holds_control_characters_is_BAD_USER_INPUT()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var empty = await alice.Client.PostAsync(Register, new { p = "WEB", t = "" });
        var control = await alice.Client.PostAsync(Register, new { p = "WEB", t = "line\nbreak" });

        Assert.Equal("BAD_USER_INPUT", empty.ErrorCode);
        Assert.Equal("input.token", empty.ErrorField);
        Assert.Equal("BAD_USER_INPUT", control.ErrorCode);
    }

    [Fact]
    public async Task Devices_are_for_signed_in_users()
    {
        var response = await _node.CreateGraphQLClient().PostAsync(Register, new { p = "WEB", t = "t" });

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }
}
