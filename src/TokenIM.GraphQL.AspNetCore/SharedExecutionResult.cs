using System.Text;
using GraphQL;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>One event's result, handed to many subscribers; serialized once, on first use, for all of them.</summary>
internal sealed class SharedExecutionResult(ExecutionResult result) : ExecutionResult(result)
{
    private byte[]? _json;

    public byte[] Json(IGraphQLTextSerializer serializer)
    {
        // A race serializes twice at worst; both copies are the same bytes.
        return Volatile.Read(ref _json) ?? Interlocked.CompareExchange(ref _json, Encoding.UTF8.GetBytes(serializer.Serialize<ExecutionResult>(this)), null) ?? _json!;
    }
}
