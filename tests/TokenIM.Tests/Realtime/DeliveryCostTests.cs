using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Api;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Realtime;

/// <summary>
/// A message's event carries the message, its sender, who may see it and, on the node that committed it, the conversation
/// as the commit left it, so delivering it to N subscribers there costs no SQL command at all; a node that receives it
/// from another reads the conversation once per event for all its subscribers, never once per subscriber.
/// </summary>
public sealed class DeliveryCostTests : IDisposable
{
    private const string Received =
        "subscription { messageReceived { id seq body kind createdAt clientMessageId sender { id username displayName } } }";

    private const string ReceivedWithConversation =
        "subscription { messageReceived { id seq body kind createdAt clientMessageId conversation { id kind lastSeq } sender { id username displayName } } }";

    private readonly LogCapture _logs = new();
    private readonly TokenIMFactory _node;

    public DeliveryCostTests() => _node = new TokenIMFactory
        {
            ConfigureServices = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs),
        }
        .LoggingSqlStatements();

    public void Dispose() => _node.Dispose();

    private static long Key(SignedIn user) => GlobalId.TryDecode(user.UserId, out _, out var key) ? key : throw new InvalidOperationException();

    [Fact]
    public async Task Delivering_a_message_to_many_subscribers_costs_no_SQL_command()
    {
        var (unwatched, watched) = await DeliverToSixAsync(Received);

        Assert.Equal(unwatched, watched);
    }

    [Fact]
    public async Task The_conversation_subscribers_select_is_the_one_the_commit_left_and_costs_no_SQL_command()
    {
        var (unwatched, watched) = await DeliverToSixAsync(ReceivedWithConversation);

        Assert.Equal(unwatched, watched);
    }

    [Fact]
    public async Task An_edit_of_an_older_message_shows_the_conversation_as_it_is_not_as_of_the_edited_message()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var member = await client.RegisterAsync("member");
        var conversationId = (await owner.CreateGroupAsync("team", member))["conversation"]!["id"]!.GetValue<string>();
        var first = await owner.SendInAsync(conversationId, "first");
        var second = await owner.SendInAsync(conversationId, "second");
        await using var probe = await SubscriptionProbe.StartAsync(_node.Services, Key(member),
            "subscription { messageUpdated { seq body conversation { lastSeq } } }");

        await owner.Client.PostAsync("mutation($id: ID!) { editMessage(input: { messageId: $id, body: \"first, fixed\" }) { message { id } } }", new { id = first["id"]!.GetValue<string>() });

        var updated = probe.Next()["data"]!["messageUpdated"]!;
        Assert.Equal(("first, fixed", first["seq"]!.GetValue<int>()), (updated["body"]!.GetValue<string>(), updated["seq"]!.GetValue<int>()));
        Assert.Equal(second["seq"]!.GetValue<int>(), updated["conversation"]!["lastSeq"]!.GetValue<int>());
    }

    // The commands a send costs with nobody subscribed, and with six members subscribed with the same selection.
    private async Task<(int Unwatched, int Watched)> DeliverToSixAsync(string subscription)
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var members = new List<SignedIn>();
        for (var i = 0; i < 5; i++) members.Add(await client.RegisterAsync($"member{i}"));
        var conversationId = (await owner.CreateGroupAsync("team", [.. members]))["conversation"]!["id"]!.GetValue<string>();
        await owner.SendInAsync(conversationId, "warm-up");

        var unwatched = await CommandsForAsync(() => owner.SendInAsync(conversationId, "nobody listens"));
        var probes = new List<SubscriptionProbe>();
        foreach (var member in members.Prepend(owner)) probes.Add(await SubscriptionProbe.StartAsync(_node.Services, Key(member), subscription));
        var watched = await CommandsForAsync(async () =>
        {
            await owner.SendInAsync(conversationId, "six listen");
            foreach (var probe in probes)
            {
                var received = probe.Next()["data"]!["messageReceived"]!;
                Assert.Equal("six listen", received["body"]!.GetValue<string>());
                if (received["conversation"] is { } conversation) Assert.Equal(received["seq"]!.GetValue<int>(), conversation["lastSeq"]!.GetValue<int>());
            }
        });
        foreach (var probe in probes) await probe.DisposeAsync();
        return (unwatched, watched);
    }

    private async Task<int> CommandsForAsync(Func<Task> action)
    {
        var before = ExecutedCommands();
        await action();
        return ExecutedCommands() - before;
    }

    private int ExecutedCommands() => _logs.SqlStatements();
}
