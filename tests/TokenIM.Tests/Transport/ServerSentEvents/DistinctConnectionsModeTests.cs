using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace TokenIM.Tests.Transport.ServerSentEvents;

public sealed class DistinctConnectionsModeTests
{
    [Fact]
    public async Task A_POST_that_accepts_text_event_stream_gets_its_result_as_a_next_event_then_complete_then_the_end()
    {
        await using var host = await EventStreamHost.StartAsync();

        await using var stream = await EventStreamReader.PostAsync(host.Client, """{"query":"{ hello }"}""");

        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream; charset=utf-8", stream.Response.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-cache", stream.Response.Headers.CacheControl!.ToString());
        var events = await stream.ReadToEndAsync();
        Assert.Equal(["next", "complete"], events.Select(e => e.Event));
        Assert.Equal("""{"data":{"hello":"Hello, world!"}}""", events[0].Data);
        Assert.Equal("", events[1].Data);
    }

    [Fact]
    public async Task A_GET_subscription_streams_every_event_of_its_source_and_completes_with_it()
    {
        await using var host = await EventStreamHost.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("subscription { ticks(count: 3) }"));

        await using var stream = await EventStreamReader.OpenAsync(host.Client, request);

        var events = await stream.ReadToEndAsync();
        Assert.Equal(["next", "next", "next", "complete"], events.Select(e => e.Event));
        Assert.Equal([1, 2, 3], events.Take(3).Select(e => e.Json["data"]!["ticks"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_client_that_leaves_a_subscription_stops_it_at_the_source()
    {
        await using var host = await EventStreamHost.StartAsync();
        var stream = await EventStreamReader.PostAsync(host.Client, """{"query":"subscription { ticks }"}""");
        await EventStreamHost.EventuallyAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription never started");
        host.State.Ticks.Publish(7);
        Assert.Equal(7, (await stream.ReadAsync())!.Json["data"]!["ticks"]!.GetValue<int>());

        await stream.DisposeAsync();

        await EventStreamHost.EventuallyAsync(() => host.State.Ticks.SubscriberCount == 0, "the source still has its subscriber");
    }

    [Theory]
    [InlineData("""{"query":""")]
    [InlineData("""[]""")]
    [InlineData("""{"variables":{}}""")]
    [InlineData("""{"query":42}""")]
    [InlineData("""{"query":"{ hello }","variables":[]}""")]
    public async Task A_malformed_body_is_answered_in_the_stream_as_BAD_REQUEST_never_a_bare_status(string body)
    {
        await using var host = await EventStreamHost.StartAsync();

        await using var stream = await EventStreamReader.PostAsync(host.Client, body);

        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        var events = await stream.ReadToEndAsync();
        Assert.Equal(["next", "complete"], events.Select(e => e.Event));
        Assert.Equal("BAD_REQUEST", events[0].Json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Null(await host.Outcomes.First);
    }

    [Theory]
    [InlineData("""{"query":"{ nope }"}""")]
    [InlineData("""{"query":"{"}""")]
    [InlineData("""{"query":"query($v: Int!) { double(value: $v) }","variables":{"v":"x"}}""")]
    public async Task A_document_that_cannot_run_is_answered_in_the_stream_with_its_errors(string body)
    {
        await using var host = await EventStreamHost.StartAsync();

        await using var stream = await EventStreamReader.PostAsync(host.Client, body);

        var events = await stream.ReadToEndAsync();
        Assert.Equal(["next", "complete"], events.Select(e => e.Event));
        Assert.NotEmpty(events[0].Json["errors"]!.AsArray());
        Assert.Null(events[0].Json["data"]);
    }

    [Fact]
    public async Task A_body_that_is_not_declared_as_JSON_is_a_BAD_REQUEST_event()
    {
        await using var host = await EventStreamHost.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("query=%7Bhello%7D", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };

        await using var stream = await EventStreamReader.OpenAsync(host.Client, request);

        var events = await stream.ReadToEndAsync();
        Assert.Equal("BAD_REQUEST", events[0].Json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("Content-Type must be application/json.", events[0].Json["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_mutation_over_GET_is_refused_in_the_stream_and_never_runs()
    {
        await using var host = await EventStreamHost.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("mutation { increment }"));

        await using var stream = await EventStreamReader.OpenAsync(host.Client, request);

        var events = await stream.ReadToEndAsync();
        Assert.Equal("BAD_REQUEST", events[0].Json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(0, host.State.Counter);
    }

    [Theory]
    [InlineData("text/event-stream")]
    [InlineData("text/event-stream, application/json")]
    [InlineData("application/json;q=0.5, text/event-stream")]
    public async Task A_client_that_prefers_the_event_stream_gets_one(string accept)
    {
        await using var host = await EventStreamHost.StartAsync();

        using var response = await host.PostJsonAsync("""{"query":"{ hello }"}""", accept: accept);

        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task A_mutation_over_POST_runs_once()
    {
        await using var host = await EventStreamHost.StartAsync();

        await using var stream = await EventStreamReader.PostAsync(host.Client, """{"query":"mutation { increment }"}""");

        var events = await stream.ReadToEndAsync();
        Assert.Equal("""{"data":{"increment":1}}""", events[0].Data);
        Assert.Equal(1, host.State.Counter);
    }

    [Fact]
    public async Task A_source_that_fails_ends_the_operation_with_an_error_result_then_complete()
    {
        await using var host = await EventStreamHost.StartAsync();
        await using var stream = await EventStreamReader.PostAsync(host.Client, """{"query":"subscription { ticks }"}""");
        await EventStreamHost.EventuallyAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription never started");

        host.State.Ticks.Fail(new InvalidOperationException("secret detail"));

        var events = await stream.ReadToEndAsync();
        Assert.Equal(["next", "complete"], events.Select(e => e.Event));
        Assert.DoesNotContain("secret detail", events[0].Data);
        Assert.NotNull(events[0].Json["errors"]);
    }

    [Fact]
    public async Task An_idle_stream_gets_keep_alive_comments()
    {
        await using var host = await EventStreamHost.StartAsync(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(50));
        await using var stream = await EventStreamReader.PostAsync(host.Client, """{"query":"subscription { ticks }"}""");

        var comment = await stream.ReadAsync(comments: true);

        Assert.NotNull(comment);
        Assert.Null(comment.Event);
    }

    [Fact]
    public async Task Credentials_that_expire_end_the_stream_without_complete_so_the_client_reconnects()
    {
        await using var host = await EventStreamHost.StartAsync(services: s =>
            s.AddSingleton<TokenIM.GraphQL.AspNetCore.IGraphQLWebSocketAuthenticator>(new ExpiringAuthenticator(TimeSpan.FromMilliseconds(300))));
        await using var stream = await EventStreamReader.PostAsync(host.Client, """{"query":"subscription { ticks }"}""");

        var events = await stream.ReadToEndAsync();

        Assert.DoesNotContain(events, e => e.Event == "complete");
        await EventStreamHost.EventuallyAsync(() => host.State.Ticks.SubscriberCount == 0, "the source still has its subscriber");
    }

    [Fact]
    public async Task A_refusal_by_the_authenticator_is_an_event_with_its_code()
    {
        await using var host = await EventStreamHost.StartAsync(services: s =>
            s.AddSingleton<TokenIM.GraphQL.AspNetCore.IGraphQLWebSocketAuthenticator>(new RefusingAuthenticator("RATE_LIMITED")));

        await using var stream = await EventStreamReader.PostAsync(host.Client, """{"query":"subscription { ticks }"}""");

        var events = await stream.ReadToEndAsync();
        Assert.Equal(["next", "complete"], events.Select(e => e.Event));
        Assert.Equal("RATE_LIMITED", events[0].Json["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(0, host.State.SubscriptionsStarted);
    }

    [Fact]
    public async Task Shutting_down_completes_open_streams()
    {
        await using var host = await EventStreamHost.StartAsync();
        await using var stream = await EventStreamReader.PostAsync(host.Client, """{"query":"subscription { ticks }"}""");
        await EventStreamHost.EventuallyAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription never started");

        var stopping = host.StopAsync();
        var events = await stream.ReadToEndAsync();
        await stopping;

        Assert.Equal(["complete"], events.Select(e => e.Event));
    }

    [Theory]
    [InlineData("application/json, text/event-stream;q=0.5")]
    // urql's fetch: JSON types first, the event stream after them at the same quality.
    [InlineData("application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed")]
    public async Task A_client_that_prefers_JSON_gets_plain_GraphQL_over_HTTP(string accept)
    {
        await using var host = await EventStreamHost.StartAsync();

        using var response = await host.PostJsonAsync("""{"query":"{ hello }"}""", accept: accept);

        Assert.StartsWith("application/", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("Hello, world!", (await TransportHost.ReadJsonAsync(response))["data"]!["hello"]!.GetValue<string>());
    }
}
