using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Instrumentation;
using GraphQL.Types;
using GraphQLParser.AST;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Runs a subscription's selection once per event for every subscriber of the same operation, instead
/// of once per subscriber, when nothing in the result can depend on who asks. The source stream must
/// hand each subscriber the same event object (the cache key is its identity), and the operation
/// must be one parsed document (the document cache shares it) without variables.
/// Only results whose every executed field is <see cref="SharedEventFields.IsSameForEveryViewer"/> are
/// shared; an operation that executed any other field is remembered and runs per subscriber from then
/// on, as does any event whose shared run reported an error. Sockets write a shared result's
/// serialized bytes without serializing again (<see cref="SharedExecutionResult"/>).
/// </summary>
public sealed class SharedEventExecutionStrategy : SubscriptionExecutionStrategy
{
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<GraphQLOperationDefinition, Lazy<Task<ExecutionResult?>>>> _runs = new();
    private static readonly object PerViewer = new();
    private readonly ConditionalWeakTable<GraphQLOperationDefinition, object> _perViewer = new();

    protected override async ValueTask<ExecutionResult> ProcessDataAsync(ExecutionContext context, ExecutionNode node, object? value)
    {
        if (value is null || value.GetType().IsValueType || context.Operation.Variables is { Items.Count: > 0 }
            || _perViewer.TryGetValue(context.Operation, out _))
            return await base.ProcessDataAsync(context, node, value).ConfigureAwait(false);

        var runs = _runs.GetValue(value, static _ => new ConcurrentDictionary<GraphQLOperationDefinition, Lazy<Task<ExecutionResult?>>>());
        var run = runs.GetOrAdd(context.Operation, _ => new Lazy<Task<ExecutionResult?>>(() => RunOnceAsync(context, node, value)));
        return await run.Value.ConfigureAwait(false) ?? await base.ProcessDataAsync(context, node, value).ConfigureAwait(false);
    }

    // Null when the result may not be shared; each subscriber then runs its own.
    private async Task<ExecutionResult?> RunOnceAsync(ExecutionContext context, ExecutionNode node, object value)
    {
        // Not cancelled with the first subscriber's socket: the others wait for this run.
        using var shared = new ExecutionContext(context)
        {
            Errors = new ExecutionErrors(),
            OutputExtensions = new Dictionary<string, object?>(),
            Metrics = Metrics.None,
            CancellationToken = CancellationToken.None,
        };
        var result = await base.ProcessDataAsync(shared, node, value).ConfigureAwait(false);
        if (result.Errors is { Count: > 0 } || result.Data is not ExecutionNode data) return null;
        if (!SameForEveryViewer(data))
        {
            _perViewer.AddOrUpdate(context.Operation, PerViewer);
            return null;
        }
        return new SharedExecutionResult(result);
    }

    private static bool SameForEveryViewer(ExecutionNode node)
    {
        if (node.FieldDefinition is { } field && !SharedEventFields.IsSameForEveryViewer(field)) return false;
        if (node is IParentExecutionNode parent)
            foreach (var child in parent.GetChildNodes())
                if (!SameForEveryViewer(child)) return false;
        return true;
    }
}
