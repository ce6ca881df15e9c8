using System.Text;
using TokenIM.Tests.ConversationEvents;
using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.WebSockets;

namespace TokenIM.Tests.Attachments;

/// <summary>A message's attachments arrive with it over a socket, with download URLs that work, for members only.</summary>
public sealed class AttachmentsOverWebSocketTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Theory]
    [InlineData(WebSocketTestClient.TransportWs)]
    [InlineData(WebSocketTestClient.LegacyWs)]
    public async Task A_message_received_live_carries_its_attachments_with_working_URLs(string protocol)
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var content = Encoding.UTF8.GetBytes("live file");
        var file = await owner.UploadAsync(content, "live.txt");
        await using var socket = await _node.ConnectAsync(bob, protocol);
        await socket.SubscribeAsync("1", "subscription { conversationEvents { kind message { body attachments { id fileName url } } } }");
        Assert.Equal("CAUGHT_UP", StreamScript.Kind(await socket.NextEventAsync()));

        await owner.SendWithAsync(conversationId, "", file);

        var posted = await socket.NextEventAsync();
        Assert.Equal("MESSAGE_POSTED", StreamScript.Kind(posted));
        var attachments = posted["message"]!["attachments"]!.AsArray();
        Assert.Equal([file], attachments.Ids());
        Assert.Equal("live.txt", attachments[0]!["fileName"]!.GetValue<string>());
        var url = attachments[0]!["url"]!.GetValue<string>();
        Assert.Equal(content, await _node.CreateClient().GetByteArrayAsync(new Uri(url).PathAndQuery));
    }
}
