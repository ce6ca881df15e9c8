using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport.ServerSentEvents;

public sealed class SingleConnectionModeTests
{
    [Fact]
    public async Task A_PUT_reserves_a_stream_with_201_and_a_one_time_token_in_the_body()
    {
        await using var host = await EventStreamHost.StartAsync();
        using var response = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/graphql"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var token = await response.Content.ReadAsStringAsync();
        Assert.True(token.Length >= 40, token);
        Assert.NotEqual(token, await host.ReserveAsync());
    }

    [Fact]
    public async Task Operations_POSTed_with_the_token_are_accepted_with_202_and_stream_tagged_with_their_operationId()
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync();
        await using var stream = await host.OpenReservedAsync(token);

        using var accepted = await host.PostReservedAsync(token, "{ hello }", "op-1");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var next = await stream.ReadAsync();
        Assert.Equal("next", next!.Event);
        Assert.Equal("""{"id":"op-1","payload":{"data":{"hello":"Hello, world!"}}}""", next.Data);
        var complete = await stream.ReadAsync();
        Assert.Equal("complete", complete!.Event);
        Assert.Equal("""{"id":"op-1"}""", complete.Data);
    }

    [Fact]
    public async Task A_DELETE_with_the_operationId_stops_a_subscription_at_its_source_and_sends_nothing_more_for_it()
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync();
        await using var stream = await host.OpenReservedAsync(token);
        using var accepted = await host.PostReservedAsync(token, "subscription { ticks }", "ticks");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        host.State.Ticks.Publish(1);
        Assert.Contains("\"ticks\":1", (await stream.ReadAsync())!.Data);

        using var deleted = await host.DeleteReservedAsync(token, "ticks");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(0, host.State.Ticks.SubscriberCount);
        // The stream stays open for other operations, and the next event on it is theirs.
        using var other = await host.PostReservedAsync(token, "{ hello }", "after");
        var next = await stream.ReadAsync();
        Assert.StartsWith("""{"id":"after",""", next!.Data);
    }

    [Fact]
    public async Task Stopping_an_operation_that_already_ended_is_still_200()
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync();
        await using var stream = await host.OpenReservedAsync(token);

        using var deleted = await host.DeleteReservedAsync(token, "never-started");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
    }

    [Fact]
    public async Task An_unknown_token_is_404_NOT_FOUND_for_the_stream_operations_and_stops()
    {
        await using var host = await EventStreamHost.StartAsync();

        await using var stream = await host.OpenReservedAsync("no-such-token");
        using var post = await host.PostReservedAsync("no-such-token", "{ hello }", "1");
        using var delete = await host.DeleteReservedAsync("no-such-token", "1");

        foreach (var response in new[] { stream.Response, post, delete })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("NOT_FOUND", (await TransportHost.ReadSingleErrorAsync(response)).Code);
        }
    }

    [Fact]
    public async Task A_second_stream_for_one_reservation_is_409_CONFLICT()
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync();
        await using var first = await host.OpenReservedAsync(token);

        await using var second = await host.OpenReservedAsync(token);

        Assert.Equal(HttpStatusCode.Conflict, second.Response.StatusCode);
        Assert.Equal("CONFLICT", (await TransportHost.ReadSingleErrorAsync(second.Response)).Code);
    }

    [Fact]
    public async Task An_operation_before_the_stream_is_open_is_409_CONFLICT_and_does_not_run()
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync();

        using var response = await host.PostReservedAsync(token, "mutation { increment }", "1");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("CONFLICT", (await TransportHost.ReadSingleErrorAsync(response)).Code);
        Assert.Equal(0, host.State.Counter);
    }

    [Fact]
    public async Task An_operation_without_extensions_operationId_is_400_BAD_REQUEST()
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync();
        await using var stream = await host.OpenReservedAsync(token);

        using var response = await host.PostReservedAsync(token, "{ hello }", operationId: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", (await TransportHost.ReadSingleErrorAsync(response)).Code);
    }

    [Fact]
    public async Task An_operationId_that_is_still_running_is_409_CONFLICT()
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync();
        await using var stream = await host.OpenReservedAsync(token);
        using var first = await host.PostReservedAsync(token, "subscription { ticks }", "same");

        using var second = await host.PostReservedAsync(token, "subscription { ticks }", "same");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("CONFLICT", (await TransportHost.ReadSingleErrorAsync(second)).Code);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{ nope }")]
    public async Task An_operation_that_cannot_run_is_answered_by_its_POST_as_GraphQL_over_HTTP_and_nothing_is_streamed(string query)
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync();
        await using var stream = await host.OpenReservedAsync(token);

        using var response = await host.PostReservedAsync(token, query, "bad");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty((await TransportHost.ReadJsonAsync(response))["errors"]!.AsArray());
        // The next event on the stream is the next operation's.
        using var good = await host.PostReservedAsync(token, "{ hello }", "good");
        Assert.StartsWith("""{"id":"good",""", (await stream.ReadAsync())!.Data);
    }

    [Fact]
    public async Task A_DELETE_without_operationId_is_400_BAD_REQUEST()
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync();

        using var response = await host.DeleteReservedAsync(token, operationId: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", (await TransportHost.ReadSingleErrorAsync(response)).Code);
    }

    [Fact]
    public async Task Someone_else_presenting_the_token_is_403_FORBIDDEN()
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync(user: "alice");

        await using var stream = await host.OpenReservedAsync(token, user: "mallory");
        using var post = await host.PostReservedAsync(token, "{ userName }", "1", user: "mallory");

        Assert.Equal(HttpStatusCode.Forbidden, stream.Response.StatusCode);
        Assert.Equal("FORBIDDEN", (await TransportHost.ReadSingleErrorAsync(stream.Response)).Code);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Fact]
    public async Task Operations_run_as_the_user_who_reserved_the_stream()
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync(user: "alice");
        await using var stream = await host.OpenReservedAsync(token, user: "alice");

        using var post = await host.PostReservedAsync(token, "{ userName }", "who", user: "alice");

        Assert.Equal("""{"id":"who","payload":{"data":{"userName":"alice"}}}""", (await stream.ReadAsync())!.Data);
    }

    [Fact]
    public async Task A_reservation_nobody_connects_to_lapses_and_returns_its_admission()
    {
        var authenticator = new CountingAuthenticator();
        await using var host = await EventStreamHost.StartAsync(
            o => o.ReservationTimeout = TimeSpan.FromMilliseconds(100),
            s => s.AddSingleton<IGraphQLWebSocketAuthenticator>(authenticator));
        var token = await host.ReserveAsync();
        Assert.Equal(1, authenticator.Held);

        await EventStreamHost.EventuallyAsync(() => authenticator.Held == 0, "the reservation did not lapse");

        await using var stream = await host.OpenReservedAsync(token);
        Assert.Equal(HttpStatusCode.NotFound, stream.Response.StatusCode);
    }

    [Fact]
    public async Task Closing_the_stream_ends_the_reservation_its_operations_and_its_admission()
    {
        var authenticator = new CountingAuthenticator();
        await using var host = await EventStreamHost.StartAsync(services: s => s.AddSingleton<IGraphQLWebSocketAuthenticator>(authenticator));
        var token = await host.ReserveAsync();
        var stream = await host.OpenReservedAsync(token);
        using var accepted = await host.PostReservedAsync(token, "subscription { ticks }", "ticks");
        Assert.Equal(1, host.State.Ticks.SubscriberCount);

        await stream.DisposeAsync();

        await EventStreamHost.EventuallyAsync(() => host.State.Ticks.SubscriberCount == 0 && authenticator.Held == 0, "the reservation outlived its stream");
        using var post = await host.PostReservedAsync(token, "{ hello }", "late");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task A_refused_reservation_carries_the_authenticators_code_and_status()
    {
        await using var host = await EventStreamHost.StartAsync(services: s => s.AddSingleton<IGraphQLWebSocketAuthenticator>(new RefusingAuthenticator("RATE_LIMITED")));

        using var response = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/graphql"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("RATE_LIMITED", (await TransportHost.ReadSingleErrorAsync(response)).Code);
    }

    [Fact]
    public async Task Shutting_down_completes_every_operation_of_a_stream_then_ends_it()
    {
        await using var host = await EventStreamHost.StartAsync();
        var token = await host.ReserveAsync();
        await using var stream = await host.OpenReservedAsync(token);
        using var accepted = await host.PostReservedAsync(token, "subscription { ticks }", "ticks");

        var stopping = host.StopAsync();
        var events = await stream.ReadToEndAsync();
        await stopping;

        Assert.Equal(["complete"], events.Select(e => e.Event));
        Assert.Equal("""{"id":"ticks"}""", events[0].Data);
    }

    [Theory]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task With_event_streams_other_methods_are_405_with_Allow_naming_PUT_and_DELETE_too(string method)
    {
        await using var host = await EventStreamHost.StartAsync();

        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/graphql"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST", "PUT", "DELETE"], response.Content.Headers.Allow);
        Assert.Equal("BAD_REQUEST", (await TransportHost.ReadSingleErrorAsync(response)).Code);
    }
}
