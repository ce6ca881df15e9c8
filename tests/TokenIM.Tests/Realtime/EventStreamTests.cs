using System.Net;
using System.Text.Json;
using TokenIM.Tests.Support;
using TokenIM.Tests.Transport;
using TokenIM.Tests.Transport.ServerSentEvents;
using TokenIM.Tests.Transport.WebSockets;

namespace TokenIM.Tests.Realtime;

/// <summary>GraphQL over Server-Sent Events on a TokenIM node: the same events, codes and limits as the WebSocket.</summary>
public sealed class EventStreamTests : IDisposable
{
    private const string Received = "subscription { messageReceived { id body sender { username } } }";

    private readonly TokenIMFactory _node = new TokenIMFactory()
        .With("TokenIM:RateLimiting:WebSocketConnections:PermitLimit", "2")
        .With("TokenIM:RateLimiting:Subscriptions:PermitLimit", "2");

    public void Dispose() => _node.Dispose();

    private Task<EventStreamReader> SubscribeAsync(SignedIn? user, string query = Received) =>
        EventStreamReader.PostAsync(_node.CreateClient(), JsonSerializer.Serialize(new { query }), Bearer(user));

    private static Dictionary<string, string> Bearer(SignedIn? user) =>
        user is null ? [] : new() { ["Authorization"] = $"Bearer {user.Client.AccessToken}" };

    /// <summary>Sends probe messages until one arrives on the stream: a subscription gives no signal when it is live.</summary>
    private static async Task WaitUntilLiveAsync(EventStreamReader stream, SignedIn from, SignedIn to)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await from.SendToAsync(to, $"probe {attempt}");
            if (await stream.TryReadAsync(TimeSpan.FromMilliseconds(200)) is { } arrived)
            {
                Assert.Equal("next", arrived.Event);
                return;
            }
        }
        Assert.Fail("no probe message arrived on the event stream");
    }

    [Fact]
    public async Task A_signed_in_subscription_over_SSE_receives_each_new_message_once_as_the_WebSocket_would()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        await using var stream = await SubscribeAsync(bob);
        await WaitUntilLiveAsync(stream, alice, bob);
        while (await stream.TryReadAsync(TimeSpan.FromMilliseconds(300)) is not null) { }

        var sent = await alice.SendToAsync(bob, "over SSE");

        var next = await stream.ReadAsync();
        var message = next!.Json["data"]!["messageReceived"]!;
        Assert.Equal(sent["id"]!.GetValue<string>(), message["id"]!.GetValue<string>());
        Assert.Equal("over SSE", message["body"]!.GetValue<string>());
        Assert.Equal("alice", message["sender"]!["username"]!.GetValue<string>());
        Assert.Null(await stream.TryReadAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_subscription_without_a_token_is_UNAUTHENTICATED_then_complete()
    {
        await using var stream = await SubscribeAsync(null);

        var events = await stream.ReadToEndAsync();

        Assert.Equal(["next", "complete"], events.Select(e => e.Event));
        Assert.Equal("UNAUTHENTICATED", events[0].Json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"query":"{ nope }"}""", "GRAPHQL_VALIDATION_FAILED")]
    [InlineData("""{"query":"{"}""", "GRAPHQL_PARSE_FAILED")]
    [InlineData(""""{"query":"""", "BAD_REQUEST")]
    [InlineData("""{"variables":{}}""", "BAD_REQUEST")]
    [InlineData("""{"query":"query($f: Int) { conversations(first: $f) { nodes { id } } }","variables":{"f":"x"}}""", "BAD_USER_INPUT")]
    [InlineData("""{"query":"{ a: me { id } b: me { id } }","operationName":"missing"}""", "BAD_REQUEST")]
    public async Task A_request_that_cannot_run_is_answered_in_the_stream_with_a_catalogue_code(string body, string code)
    {
        await using var stream = await EventStreamReader.PostAsync(_node.CreateClient(), body);

        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        var events = await stream.ReadToEndAsync();
        Assert.Equal(["next", "complete"], events.Select(e => e.Event));
        Assert.Equal(code, events[0].Json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_forged_token_is_401_UNAUTHENTICATED_before_any_stream_opens_in_both_modes()
    {
        var forged = new Dictionary<string, string> { ["Authorization"] = "Bearer forged.token.value" };
        await using var distinct = await EventStreamReader.PostAsync(_node.CreateClient(), """{"query":"{ __typename }"}""", forged);
        using var reservation = new HttpRequestMessage(HttpMethod.Put, "/graphql");
        reservation.Headers.TryAddWithoutValidation("Authorization", "Bearer forged.token.value");
        using var reserved = await _node.CreateClient().SendAsync(reservation);

        foreach (var response in new[] { distinct.Response, reserved })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("UNAUTHENTICATED", (await TransportHost.ReadSingleErrorAsync(response)).Code);
        }
    }

    [Fact]
    public async Task Open_streams_count_against_the_accounts_connection_limit_shared_with_WebSockets()
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        await using var first = await SubscribeAsync(bob);
        await using var socket = await WebSocketTestClient.ConnectAsync(_node.Server);
        await socket.InitAsync(new { authorization = $"Bearer {bob.Client.AccessToken}" });

        await using var third = await SubscribeAsync(bob);
        using var reservation = new HttpRequestMessage(HttpMethod.Put, "/graphql");
        reservation.Headers.TryAddWithoutValidation("Authorization", $"Bearer {bob.Client.AccessToken}");
        using var reserved = await _node.CreateClient().SendAsync(reservation);

        var refused = await third.ReadToEndAsync();
        Assert.Equal("RATE_LIMITED", refused[0].Json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.TooManyRequests, reserved.StatusCode);
        Assert.Equal("RATE_LIMITED", (await TransportHost.ReadSingleErrorAsync(reserved)).Code);
    }

    [Fact]
    public async Task Subscriptions_on_one_reserved_stream_count_against_the_accounts_subscription_limit()
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        var http = _node.CreateClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {bob.Client.AccessToken}");
        using var put = await http.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/graphql"));
        var token = await put.Content.ReadAsStringAsync();
        var open = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        open.Headers.Add(EventStreamHost.TokenHeader, token);
        await using var stream = await EventStreamReader.OpenAsync(http, open);

        foreach (var (id, query) in new[] { ("1", Received), ("2", "subscription { messageUpdated { id } }"), ("3", "subscription { conversationRead { seq } }") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { query, extensions = new { operationId = id } }), System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(EventStreamHost.TokenHeader, token);
            using var accepted = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var refused = await stream.ReadAsync();
        Assert.Equal("3", refused!.Json["id"]!.GetValue<string>());
        Assert.Equal("RATE_LIMITED", refused.Json["payload"]!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }
}
