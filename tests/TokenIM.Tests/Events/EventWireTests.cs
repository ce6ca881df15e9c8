using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Auth;
using TokenIM.Server.Events;
using TokenIM.Server.Log;
using TokenIM.Server.Notifications;
using TokenIM.Server.Presence;
using TokenIM.Server.Typing;
using TokenIM.Server.Users;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Events;

/// <summary>
/// The bus knows no event: features register theirs. What travels between nodes is a contract with the nodes of the
/// previous version during a rolling upgrade, so the names stay, and a message's JSON as that version wrote it is read.
/// </summary>
public sealed class EventWireTests : IAsyncLifetime
{
    private readonly TokenIMFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public void Every_event_a_feature_publishes_travels_under_the_name_nodes_of_the_previous_version_know()
    {
        var names = _node.Services.GetServices<ChatEventName>().ToDictionary(n => n.Type, n => n.Name);

        Assert.Equal(new Dictionary<Type, string>
        {
            [typeof(MessagePosted)] = "messagePosted",
            [typeof(MessageChanged)] = "messageChanged",
            [typeof(ReadCursorMoved)] = "readCursorMoved",
            [typeof(ReactionChanged)] = "reactionChanged",
            [typeof(MembershipChanged)] = "membershipChanged",
            [typeof(NotificationPosted)] = "notificationPosted",
            [typeof(PresenceChanged)] = "presenceChanged",
            [typeof(TypingChanged)] = "typingChanged",
            [typeof(SessionsEnded)] = "sessionsEnded",
        }, names);
        var concrete = typeof(ChatEvent).Assembly.GetTypes().Where(t => t.IsPublic && t.IsSubclassOf(typeof(ChatEvent)) && !t.IsAbstract);
        Assert.All(concrete, type => Assert.Contains(type, names.Keys));
    }

    [Fact]
    public void A_message_event_as_the_previous_version_wrote_it_is_read()
    {
        var json = _node.Services.GetRequiredService<ChatEventJson>();
        const string previous = """
            {"type":"messagePosted","Message":{"Id":7,"ConversationId":2,"ConversationKind":0,"ConversationCreatedAt":"2026-01-01T00:00:00Z",
             "Seq":3,"Kind":0,"Body":"hi","ClientMessageId":"c-1","CreatedAt":"2026-01-02T00:00:00Z","EditedAt":null,"DeletedAt":null,
             "SystemAction":null,"TargetId":null,"SystemDetail":null,
             "Sender":{"Id":4,"Username":"alice","DisplayName":"Alice","AvatarUrl":null,"CreatedAt":"2026-01-01T00:00:00Z","DeletedAt":null},
             "Change":5,"ReplyToId":null,"ThreadRootId":null},"MemberIds":[4,5]}
            """;

        var posted = Assert.IsType<MessagePosted>(json.Deserialize(Encoding.UTF8.GetBytes(previous)));

        Assert.Equal((7L, 2L, 3, "hi", "c-1", 5), (posted.Message.Id, posted.Message.ConversationId, posted.Message.Seq, posted.Message.Body,
            posted.Message.ClientMessageId, posted.Message.Change));
        Assert.Equal(("alice", "Alice"), (posted.Message.Sender!.Username, posted.Message.Sender.DisplayName));
        Assert.Equal([4L, 5L], posted.MemberIds);
    }

    [Fact]
    public void A_sender_travels_as_a_public_profile_never_with_a_password_hash()
    {
        var json = _node.Services.GetRequiredService<ChatEventJson>();
        var sender = new User
        {
            Id = 4, Username = "alice", NormalizedUsername = "ALICE", DisplayName = "Alice", PasswordHash = "secret-hash", CreatedAt = DateTime.UnixEpoch,
        };
        var message = new MessageView { Id = 1, ConversationId = 2, Seq = 1, SenderId = 4, Body = "hi", CreatedAt = DateTime.UnixEpoch, Sender = sender };

        var written = Encoding.UTF8.GetString(json.Serialize(new MessagePosted(message, [4])));
        var read = Assert.IsType<MessagePosted>(json.Deserialize(Encoding.UTF8.GetBytes(written)));

        Assert.DoesNotContain("secret-hash", written);
        Assert.DoesNotContain("ALICE", written);
        Assert.Equal(("alice", "", (string?)null), (read.Message.Sender!.Username, read.Message.Sender.PasswordHash, read.Message.Sender.NormalizedUsername));
    }

    [Fact]
    public void An_event_of_a_name_this_node_does_not_know_is_dropped_not_thrown()
    {
        var json = _node.Services.GetRequiredService<ChatEventJson>();

        Assert.Null(json.Deserialize("""{"type":"somethingNew","X":1}"""u8));
        Assert.Null(json.Deserialize("""{"X":1}"""u8));
        Assert.Null(json.Deserialize("not json"u8));
    }

    [Fact]
    public void Two_event_types_cannot_travel_under_one_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ChatEventJson(
            [new ChatEventName(typeof(MessagePosted), "posted"), new ChatEventName(typeof(MessageChanged), "posted")]));
        Assert.Contains("\"posted\"", error.Message);
    }
}
