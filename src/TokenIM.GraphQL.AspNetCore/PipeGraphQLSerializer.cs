using System.Buffers;
using System.Text.Json;
using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using Microsoft.Extensions.DependencyInjection;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// GraphQL.NET's System.Text.Json serializer that can also write a result straight into a buffer
/// writer, such as the response's own pipe. Its <c>WriteAsync(Stream)</c> serializes into a pooled
/// buffer of its own and then copies that into the response stream; writing through the response's
/// <see cref="System.IO.Pipelines.PipeWriter"/> skips the copy and the stream adapter. A result is built
/// in memory before it is written, so nothing is gained by writing it asynchronously.
/// </summary>
public sealed class PipeGraphQLSerializer(Action<JsonSerializerOptions> configure, IErrorInfoProvider errorInfoProvider)
    : GraphQLSerializer(configure, errorInfoProvider)
{
    public void Write(IBufferWriter<byte> destination, ExecutionResult result)
    {
        var options = SerializerOptions;
        using var writer = new Utf8JsonWriter(destination, new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            MaxDepth = options.MaxDepth,
        });
        JsonSerializer.Serialize(writer, result, options);
    }
}

public static class PipeGraphQLSerializerBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="PipeGraphQLSerializer"/> as the GraphQL serializer (in place of
    /// <c>AddSystemTextJson</c>), so the HTTP transport writes results straight into the response.
    /// </summary>
    public static IGraphQLBuilder AddPipeSystemTextJson(this IGraphQLBuilder builder, Action<JsonSerializerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddSerializer(services => new PipeGraphQLSerializer(configure, services.GetRequiredService<IErrorInfoProvider>()));
    }
}
