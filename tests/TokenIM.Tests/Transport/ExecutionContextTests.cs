using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport;

public sealed class ExecutionContextTests
{
    [Fact]
    public async Task User_HttpContext_and_request_services_reach_the_resolvers()
    {
        await using var host = await TransportHost.StartAsync(middleware: app => app.Use((context, next) =>
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ada")], "test"));
            return next(context);
        }));

        using var response = await host.PostJsonAsync("""{"query":"{ userName requestPath hasRequestServices }"}""");

        Assert.Equal(
            """{"data":{"userName":"ada","requestPath":"/graphql","hasRequestServices":true}}""",
            (await TransportHost.ReadJsonAsync(response)).ToJsonString());
    }

    [Fact]
    public async Task Errors_of_every_kind_are_shaped_by_the_registered_IErrorInfoProvider()
    {
        var provider = new RecordingErrorInfoProvider();
        await using var host = await TransportHost.StartAsync(graphQL: b => b.AddErrorInfoProvider(_ => provider));

        using var transport = await host.PostJsonAsync("{", contentType: "application/json");
        using var syntax = await host.PostJsonAsync("""{"query":"{"}""");
        using var validation = await host.PostJsonAsync("""{"query":"{ noSuchField }"}""");
        using var coercion = await host.PostJsonAsync("""{"query":"query($v: Int!) { double(value: $v) }","variables":{"v":"x"}}""");
        using var field = await host.PostJsonAsync("""{"query":"{ broken }"}""");
        using var method = await host.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { increment }"));

        foreach (var response in new[] { transport, syntax, validation, coercion, field, method })
        {
            var json = await TransportHost.ReadJsonAsync(response);
            Assert.Equal("recorded", json["errors"]![0]!["extensions"]!["shapedBy"]!.GetValue<string>());
        }

        // What an application's provider sees, so it can map each kind to its own error catalogue.
        Assert.IsType<GraphQLHttpRequestError>(provider.Seen[0]);
        Assert.Equal("BAD_REQUEST", provider.Seen[0].Code);
        Assert.IsType<SyntaxError>(provider.Seen[1]);
        Assert.IsType<FieldsOnCorrectTypeError>(provider.Seen[2]);
        Assert.IsType<InvalidVariableError>(provider.Seen[3]);
        Assert.Equal("BROKEN", provider.Seen[4].Code);
        Assert.Equal("BAD_REQUEST", provider.Seen[5].Code);
        Assert.IsAssignableFrom<ValidationError>(provider.Seen[5]);
    }

    [Fact]
    public async Task Server_fault_before_execution_is_500_under_graphql_response_json_and_200_under_application_json()
    {
        await using var host = await TransportHost.StartAsync(graphQL: b =>
            b.ConfigureExecution((_, _) => throw new InvalidOperationException("storage is down")));

        using var strict = await host.PostJsonAsync("""{"query":"{ hello }"}""", TransportHost.GraphQLResponseJson);
        using var legacy = await host.PostJsonAsync("""{"query":"{ hello }"}""", "application/json");

        Assert.Equal(HttpStatusCode.InternalServerError, strict.StatusCode);
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
        Assert.DoesNotContain("storage is down", await strict.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Client_that_disconnects_mid_request_cancels_execution_without_an_error_log()
    {
        await using var host = await TransportHost.StartAsync();
        using var abort = new CancellationTokenSource();

        var request = host.PostJsonAsync("""{"query":"{ wait }"}""").WaitAsync(abort.Token);
        await host.State.WaitStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        host.Client.CancelPendingRequests();
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        var escaped = await host.Outcomes.First.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(escaped);
        Assert.DoesNotContain(host.Logs.Entries, entry => entry.Level >= LogLevel.Warning);
    }

    private sealed class RecordingErrorInfoProvider : IErrorInfoProvider
    {
        private readonly ConcurrentQueue<ExecutionError> _seen = new();
        private readonly ErrorInfoProvider _default = new();

        public IReadOnlyList<ExecutionError> Seen => _seen.ToArray();

        public ErrorInfo GetInfo(ExecutionError executionError)
        {
            _seen.Enqueue(executionError);
            var info = _default.GetInfo(executionError);
            var extensions = info.Extensions ?? new Dictionary<string, object?>();
            extensions["shapedBy"] = "recorded";
            return new ErrorInfo { Message = info.Message, Extensions = extensions };
        }
    }
}
