using TokenIM.Tests.Support;

namespace TokenIM.Tests.Blocking;

public static class BlockScript
{
    public static Task<GraphQLResponse> BlockAsync(this SignedIn user, string userId) =>
        user.Client.PostAsync("mutation($u: ID!) { blockUser(input: { userId: $u }) { user { id } } }", new { u = userId });

    public static Task<GraphQLResponse> UnblockAsync(this SignedIn user, string userId) =>
        user.Client.PostAsync("mutation($u: ID!) { unblockUser(input: { userId: $u }) { user { id } unblocked } }", new { u = userId });

    public static async Task<List<string>> BlockedUsersAsync(this SignedIn user) =>
        (await user.Client.PostAsync("{ me { blockedUsers { id } } }")).Data("me")["blockedUsers"]!.AsArray()
            .Select(u => u!["id"]!.GetValue<string>()).ToList();
}
