using TokenIM.Server.Api;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Realtime;

/// <summary>
/// Subscribers of one operation get one shared run of its selection per event, when nothing in it
/// depends on who is asking; a field that does (an unread count) is still worked out per subscriber.
/// </summary>
public sealed class SharedDeliveryTests : IDisposable
{
    private const string SameForEveryone =
        "subscription { messageReceived { id seq body kind createdAt conversation { id kind } sender { id username } } }";
    private const string WithUnreadCount = "subscription { messageReceived { id body conversation { id unreadCount } } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private static long Key(SignedIn user) => GlobalId.TryDecode(user.UserId, out _, out var key) ? key : throw new InvalidOperationException();

    [Fact]
    public async Task Every_subscriber_of_a_shared_selection_gets_the_same_delivery()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var members = new[] { await client.RegisterAsync("ann"), await client.RegisterAsync("ben"), await client.RegisterAsync("cat") };
        var conversationId = (await owner.CreateGroupAsync("team", members))["conversation"]!["id"]!.GetValue<string>();
        var probes = new List<SubscriptionProbe>();
        foreach (var member in members.Prepend(owner)) probes.Add(await SubscriptionProbe.StartAsync(_node.Services, Key(member), SameForEveryone));

        var sent = await owner.SendInAsync(conversationId, "one for all");
        var deliveries = probes.Select(p => p.Next().ToJsonString()).ToList();
        foreach (var probe in probes) await probe.DisposeAsync();

        Assert.Single(deliveries.Distinct());
        // One run of the selection for all four: the very same result.
        Assert.Single(probes.Select(p => p.Results.Single()).Distinct(ReferenceEqualityComparer.Instance));
        Assert.Contains(sent["id"]!.GetValue<string>(), deliveries[0]);
        Assert.Contains("\"username\":\"owner\"", deliveries[0]);
    }

    [Fact]
    public async Task A_field_that_depends_on_the_viewer_is_worked_out_per_subscriber()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var reader = await client.RegisterAsync("reader");
        var conversationId = (await owner.CreateGroupAsync("team", reader))["conversation"]!["id"]!.GetValue<string>();
        await using var asOwner = await SubscriptionProbe.StartAsync(_node.Services, Key(owner), WithUnreadCount);
        await using var asReader = await SubscriptionProbe.StartAsync(_node.Services, Key(reader), WithUnreadCount);

        await owner.SendInAsync(conversationId, "unread by the reader only");

        // Sending moves the sender's own cursor; the reader has one unread message.
        Assert.Equal(0, asOwner.Next()["data"]!["messageReceived"]!["conversation"]!["unreadCount"]!.GetValue<int>());
        Assert.Equal(1, asReader.Next()["data"]!["messageReceived"]!["conversation"]!["unreadCount"]!.GetValue<int>());
        Assert.NotSame(asOwner.Results.Single(), asReader.Results.Single());
    }
}
