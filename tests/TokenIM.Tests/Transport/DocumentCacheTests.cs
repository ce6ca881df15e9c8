using System.Collections.Concurrent;
using System.Net;
using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport;

public sealed class DocumentCacheTests
{
    [Fact]
    public async Task Repeated_query_text_reuses_the_document_parsed_the_first_time()
    {
        var probe = new DocumentProbe();
        await using var host = await StartAsync(probe);

        using var first = await host.PostJsonAsync("""{"query":"{ hello }"}""");
        using var second = await host.PostJsonAsync("""{"query":"{ hello }"}""");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Null(probe.Handed[0]);
        Assert.NotNull(probe.Handed[1]);
        Assert.Same(probe.Produced[0], probe.Handed[1]);
    }

    [Fact]
    public async Task Repeated_query_text_skips_the_rules_that_depend_on_the_text_alone()
    {
        var textRule = new CountingRule();
        var perRequestRule = new CountingRule();
        await using var host = await TransportHost.StartAsync(graphQL: b => b
            .UseDocumentCache(10)
            .AddValidationRule(textRule)
            .AddValidationRule(perRequestRule, useForCachedDocuments: true));

        for (var i = 0; i < 3; i++)
        {
            using var response = await host.PostAsync(new { query = "query($v: Int!) { double(value: $v) }", variables = new { v = i } });
            Assert.Equal(2 * i, (await TransportHost.ReadJsonAsync(response))["data"]!["double"]!.GetValue<int>());
        }

        Assert.Equal(1, textRule.Runs);
        Assert.Equal(3, perRequestRule.Runs);
    }

    [Fact]
    public async Task Query_that_failed_validation_is_not_cached()
    {
        var probe = new DocumentProbe();
        await using var host = await StartAsync(probe);

        await host.PostJsonAsync("""{"query":"{ noSuchField }"}""");
        await host.PostJsonAsync("""{"query":"{ noSuchField }"}""");
        await host.PostJsonAsync("""{"query":"{"}""");

        Assert.All(probe.Handed, document => Assert.Null(document));
        Assert.Equal(0, host.Services.GetRequiredService<DocumentCache>().Count);
    }

    [Fact]
    public async Task Cache_holds_at_most_maxEntries_and_forgets_the_least_recently_used_first()
    {
        var probe = new DocumentProbe();
        await using var host = await StartAsync(probe, maxEntries: 2);

        await host.PostJsonAsync("""{"query":"{ a: hello }"}""");
        await host.PostJsonAsync("""{"query":"{ b: hello }"}""");
        await host.PostJsonAsync("""{"query":"{ a: hello }"}""");
        await host.PostJsonAsync("""{"query":"{ c: hello }"}""");
        probe.Clear();
        await host.PostJsonAsync("""{"query":"{ a: hello }"}""");
        await host.PostJsonAsync("""{"query":"{ b: hello }"}""");

        var cache = host.Services.GetRequiredService<DocumentCache>();
        Assert.Equal(2, cache.MaxEntries);
        Assert.Equal(2, cache.Count);
        Assert.NotNull(probe.Handed[0]);
        Assert.Null(probe.Handed[1]);
    }

    [Fact]
    public async Task Cached_document_is_still_validated_for_each_request()
    {
        await using var host = await StartAsync(new DocumentProbe());
        var mutation = "mutation { increment }";

        using var post = await host.PostAsync(new { query = mutation });
        using var get = await host.GetAsync("/graphql?query=" + Uri.EscapeDataString(mutation));
        using var good = await host.PostAsync(new { query = "query($v: Int!) { double(value: $v) }", variables = new { v = 21 } });
        using var bad = await host.PostAsync(new { query = "query($v: Int!) { double(value: $v) }", variables = new { v = "x" } }, TransportHost.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(1, host.State.Counter);
        Assert.Equal(42, (await TransportHost.ReadJsonAsync(good))["data"]!["double"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public Task A_per_request_rule_that_visits_the_document_still_visits_a_cached_one() =>
        AssertEachRequestToACachedDocumentIsJudgedAsync(new VisitingRule(), VisitingRule.Message);

    [Fact]
    public Task A_per_request_rule_that_judges_the_arguments_judges_those_of_each_request_to_a_cached_document() =>
        AssertEachRequestToACachedDocumentIsJudgedAsync(new ArgumentRule(), ArgumentRule.Message);

    // The first request caches the document; the second is refused by the rule; the third is let through again.
    private static async Task AssertEachRequestToACachedDocumentIsJudgedAsync(IValidationRule rule, string refusal)
    {
        await using var host = await TransportHost.StartAsync(graphQL: b => b.UseDocumentCache(10).AddValidationRule(rule, useForCachedDocuments: true));
        const string query = "query($v: Int!) { double(value: $v) }";

        using var first = await host.PostAsync(new { query, variables = new { v = 1 } });
        using var refused = await host.PostAsync(new { query, variables = new { v = Unlucky } }, TransportHost.GraphQLResponseJson);
        using var after = await host.PostAsync(new { query, variables = new { v = 2 } });

        Assert.Equal(2, (await TransportHost.ReadJsonAsync(first))["data"]!["double"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(refusal, (await TransportHost.ReadSingleErrorAsync(refused)).Message);
        Assert.Equal(4, (await TransportHost.ReadJsonAsync(after))["data"]!["double"]!.GetValue<int>());
        Assert.Equal(1, host.Services.GetRequiredService<DocumentCache>().Count);
    }

    [Fact]
    public async Task Cache_serves_concurrent_requests_correctly_and_stays_within_its_bound()
    {
        await using var host = await StartAsync(new DocumentProbe(), maxEntries: 5);

        var requests = Enumerable.Range(0, 200).Select(async i =>
        {
            var n = i % 12;
            using var response = await host.PostAsync(new { query = $"query Q{n}($v: Int!) {{ double(value: $v) }}", variables = new { v = i } });
            return (i, (await TransportHost.ReadJsonAsync(response))["data"]!["double"]!.GetValue<int>());
        });

        foreach (var (i, doubled) in await Task.WhenAll(requests))
            Assert.Equal(2 * i, doubled);
        Assert.InRange(host.Services.GetRequiredService<DocumentCache>().Count, 1, 5);
    }

    [Fact]
    public void Lru_cache_never_exceeds_its_capacity_under_concurrent_writers()
    {
        var cache = new LruCache<int, string>(capacity: 16);

        Parallel.For(0, 10_000, i =>
        {
            cache.Set(i % 100, i.ToString());
            cache.TryGet((i * 7) % 100, out _);
        });

        Assert.Equal(16, cache.Count);
    }

    [Fact]
    public void Lru_cache_replaces_the_value_of_an_existing_key_without_growing()
    {
        var cache = new LruCache<string, int>(capacity: 2);

        cache.Set("a", 1);
        cache.Set("a", 2);

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet("a", out var value));
        Assert.Equal(2, value);
    }

    [Fact]
    public void UseDocumentCache_rejects_a_capacity_below_one()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddGraphQL(b => b.UseDocumentCache(0)));
    }

    private static Task<TransportHost> StartAsync(DocumentProbe probe, int maxEntries = 1000) =>
        TransportHost.StartAsync(graphQL: b => b.UseDocumentCache(maxEntries).ConfigureExecution(probe));

    private const int Unlucky = 13;

    /// <summary>Visits the document's fields and refuses <c>double</c> of the unlucky number.</summary>
    private sealed class VisitingRule : IValidationRule
    {
        public const string Message = "Visited and refused.";

        public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
            new(new MatchingNodeVisitor<GraphQLField>((field, context) =>
            {
                if (field.Name.Value == "double" && context.Variables.TryGetValue("v", out var v) && Convert.ToInt32(v) == Unlucky)
                    context.ReportError(new ValidationError(Message));
            }));

        public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

        public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => default;
    }

    /// <summary>Refuses, from the parsed arguments and without visiting the document, <c>double</c> of the unlucky number.</summary>
    private sealed class ArgumentRule : IValidationRule
    {
        public const string Message = "Judged by the arguments and refused.";

        public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => default;

        public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

        public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
        {
            if (context.ArgumentValues?.Values.Any(arguments => arguments.TryGetValue("value", out var value) && value.Value is Unlucky) == true)
                context.ReportError(new ValidationError(Message));
            return default;
        }
    }

    /// <summary>Counts the validations it took part in.</summary>
    private sealed class CountingRule : IValidationRule
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
        {
            Interlocked.Increment(ref _runs);
            return default;
        }

        public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

        public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => default;
    }

    /// <summary>Sits inside the cache and records which document it handed on and which came back.</summary>
    private sealed class DocumentProbe : IConfigureExecution
    {
        private readonly ConcurrentQueue<GraphQLDocument?> _handed = new();
        private readonly ConcurrentQueue<GraphQLDocument?> _produced = new();

        public float SortOrder => 1000;

        public IReadOnlyList<GraphQLDocument?> Handed => _handed.ToArray();

        public IReadOnlyList<GraphQLDocument?> Produced => _produced.ToArray();

        public void Clear()
        {
            _handed.Clear();
            _produced.Clear();
        }

        public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
        {
            _handed.Enqueue(options.Document);
            var result = await next(options);
            _produced.Enqueue(result.Document);
            return result;
        }
    }
}
