using TokenIM.Tests.Support;

namespace TokenIM.Tests.Accounts;

public sealed class ProfileTests : IDisposable
{
    private const string Update = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { displayName avatarUrl } } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task UpdateProfile_changes_only_the_fields_given()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice", displayName: "Alice");
        (await alice.Client.PostAsync(Update, new { input = new { avatarUrl = "https://example.test/a.png" } })).Data("updateProfile");

        var user = (await alice.Client.PostAsync(Update, new { input = new { displayName = "  Alice B.  " } })).Data("updateProfile")["user"]!;

        Assert.Equal("Alice B.", user["displayName"]!.GetValue<string>());
        Assert.Equal("https://example.test/a.png", user["avatarUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateProfile_with_an_explicit_null_avatar_removes_it()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        (await alice.Client.PostAsync(Update, new { input = new { avatarUrl = "https://example.test/a.png" } })).Data("updateProfile");

        var user = (await alice.Client.PostAsync("mutation { updateProfile(input: { avatarUrl: null }) { user { avatarUrl } } }"))
            .Data("updateProfile")["user"]!;

        Assert.Null(user["avatarUrl"]);
    }

    [Theory]
    [InlineData("displayName", "")]
    [InlineData("avatarUrl", "javascript:alert(1)")]
    [InlineData("avatarUrl", "not a url")]
    public async Task UpdateProfile_breaking_a_rule_is_BAD_USER_INPUT_naming_the_field(string field, string value)
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.Client.PostAsync(Update, new { input = new Dictionary<string, string> { [field] = value } });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal($"input.{field}", response.ErrorField);
    }

    [Fact]
    public async Task UpdateProfile_without_signing_in_is_UNAUTHENTICATED()
    {
        var response = await _node.CreateGraphQLClient().PostAsync(Update, new { input = new { displayName = "x" } });

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }
}
