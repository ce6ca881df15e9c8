using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Api;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Realtime;

/// <summary>
/// A message's event carries the message, its sender and who may see it, so delivering it to N subscribers costs no SQL
/// command for those; what it does not carry (its conversation's current state) is read once per event for all the
/// node's subscribers, never once per subscriber.
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
    public async Task The_conversation_many_subscribers_select_is_read_once_per_event()
    {
        var (unwatched, watched) = await DeliverToSixAsync(ReceivedWithConversation);

        Assert.Equal(unwatched + 1, watched);
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
