using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Api;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Realtime;

/// <summary>
/// A message's event carries everything its subscribers' selections read (the message, its sender, its
/// conversation, who may see it), so delivering it to N subscribers costs no SQL command at all.
/// </summary>
public sealed class DeliveryCostTests : IDisposable
{
    private const string Received =
        "subscription { messageReceived { id seq body kind createdAt clientMessageId conversation { id kind } sender { id username displayName } } }";

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
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var members = new List<SignedIn>();
        for (var i = 0; i < 5; i++) members.Add(await client.RegisterAsync($"member{i}"));
        var conversationId = (await owner.CreateGroupAsync("team", [.. members]))["conversation"]!["id"]!.GetValue<string>();
        await owner.SendInAsync(conversationId, "warm-up");

        var unwatched = await CommandsForAsync(() => owner.SendInAsync(conversationId, "nobody listens"));
        var probes = new List<SubscriptionProbe>();
        foreach (var member in members.Prepend(owner)) probes.Add(await SubscriptionProbe.StartAsync(_node.Services, Key(member), Received));
        var watched = await CommandsForAsync(async () =>
        {
            await owner.SendInAsync(conversationId, "six listen");
            foreach (var probe in probes) Assert.Equal("six listen", probe.Next()["data"]!["messageReceived"]!["body"]!.GetValue<string>());
        });
        foreach (var probe in probes) await probe.DisposeAsync();

        Assert.Equal(unwatched, watched);
    }

    private async Task<int> CommandsForAsync(Func<Task> action)
    {
        var before = ExecutedCommands();
        await action();
        return ExecutedCommands() - before;
    }

    private int ExecutedCommands() => _logs.SqlStatements();
}
