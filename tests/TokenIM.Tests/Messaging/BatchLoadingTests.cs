using Microsoft.Extensions.DependencyInjection;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

/// <summary>The conversation list must cost the same number of SQL commands for 5 conversations as for 26.</summary>
public sealed class BatchLoadingTests : IDisposable
{
    private const string ConversationScreen = """
        { conversations(first: 50) { nodes { unreadCount lastMessage { sender { displayName } } members { displayName } group { name } } } }
        """;

    private readonly LogCapture _logs = new();
    private readonly TokenIMFactory _node;

    public BatchLoadingTests() => _node = new TokenIMFactory
    {
        ConfigureServices = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs),
    }
        .LoggingSqlStatements()
        // 27 accounts from one test address: more than the registration limit allows, which is not under test here.
        .With("TokenIM:RateLimiting:Registrations:PermitLimit", "100");

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task The_conversation_list_costs_a_constant_number_of_SQL_commands()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var friends = new List<SignedIn>();
        for (var i = 0; i < 25; i++)
        {
            var friend = await client.RegisterAsync($"friend{i:00}");
            friends.Add(friend);
            await friend.SendToAsync(alice, $"hello {i}");
        }
        await alice.CreateGroupAsync("everyone", friends.Take(3).ToArray());

        var reader = await client.RegisterAsync("fivefriends");
        await reader.CreateGroupAsync("few", friends[0]);
        var withFive = await CommandsForAsync(reader, friends.Take(4));
        var withTwentyFive = await CommandsForAsync(alice, []);

        Assert.Equal(withFive, withTwentyFive);
        Assert.True(withTwentyFive <= 8, $"{withTwentyFive} SQL commands for one conversation list");
    }

    private async Task<int> CommandsForAsync(SignedIn reader, IEnumerable<SignedIn> writeTo)
    {
        foreach (var friend in writeTo) await friend.SendToAsync(reader, "hi");
        var before = ExecutedCommands();
        var nodes = (await reader.Client.PostAsync(ConversationScreen)).Data("conversations")["nodes"]!.AsArray();
        Assert.NotEmpty(nodes);
        return ExecutedCommands() - before;
    }

    private int ExecutedCommands() => _logs.SqlStatements();
}
