using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TokenIM.GraphQL.AspNetCore.Uploads;

namespace TokenIM.GraphQL.AspNetCore;

public static class GraphQLHttpServiceCollectionExtensions
{
    /// <summary>
    /// Registers the GraphQL transport: over HTTP, and over WebSocket with default
    /// <see cref="GraphQLWebSocketOptions"/> (change them with <see cref="AddGraphQLWebSockets"/>).
    /// The schema, executer and serializer come from GraphQL.NET's own <c>services.AddGraphQL(...)</c>,
    /// which must be called as well.
    /// </summary>
    public static IServiceCollection AddGraphQLHttp(this IServiceCollection services, Action<GraphQLHttpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<GraphQLHttpOptions>();
        if (configure is not null)
            services.Configure(configure);
        services.TryAddSingleton<GraphQLHttpTransportMarker>();
        return services.AddGraphQLWebSockets();
    }

    /// <summary>
    /// Configures GraphQL over WebSocket (served by <c>MapGraphQL</c> on the same path as HTTP).
    /// Sockets are authenticated by the registered <see cref="IGraphQLWebSocketAuthenticator"/>; when the
    /// application registers none, the upgrade request's <c>HttpContext.User</c> is accepted without expiry.
    /// </summary>
    public static IServiceCollection AddGraphQLWebSockets(this IServiceCollection services, Action<GraphQLWebSocketOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<GraphQLWebSocketOptions>()
            .Validate(o => o.ConnectionInitTimeout > TimeSpan.Zero || o.ConnectionInitTimeout == Timeout.InfiniteTimeSpan, "ConnectionInitTimeout must be positive (or infinite).")
            .Validate(o => o.KeepAliveInterval >= TimeSpan.Zero || o.KeepAliveInterval == Timeout.InfiniteTimeSpan, "KeepAliveInterval must not be negative.")
            .Validate(o => o.SendQueueCapacity >= 1, "SendQueueCapacity must be at least 1.")
            .Validate(o => o.MaxMessageBytes >= 1, "MaxMessageBytes must be at least 1.")
            .Validate(o => o.CloseTimeout > TimeSpan.Zero, "CloseTimeout must be positive.");
        if (configure is not null)
            services.Configure(configure);

        services.TryAddSingleton<IGraphQLWebSocketAuthenticator, HttpContextUserAuthenticator>();
        services.TryAddSingleton(provider => new GraphQLWebSocketConnections(provider.GetService<IHostApplicationLifetime>()));
        return services;
    }

    /// <summary>
    /// Serves GraphQL over Server-Sent Events (graphql-sse's protocol, both modes) on every GraphQL
    /// endpoint, beside HTTP and WebSocket. Streams are admitted by the <see cref="IGraphQLWebSocketAuthenticator"/>
    /// like sockets, from the request's <c>HttpContext.User</c>.
    /// </summary>
    public static IServiceCollection AddGraphQLEventStreams(this IServiceCollection services, Action<GraphQLEventStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<GraphQLEventStreamOptions>()
            .Validate(o => o.KeepAliveInterval >= TimeSpan.Zero || o.KeepAliveInterval == Timeout.InfiniteTimeSpan, "KeepAliveInterval must not be negative.")
            .Validate(o => o.ReservationTimeout > TimeSpan.Zero, "ReservationTimeout must be positive.")
            .Validate(o => o.SendQueueCapacity >= 1, "SendQueueCapacity must be at least 1.");
        if (configure is not null)
            services.Configure(configure);

        services.TryAddSingleton<IGraphQLWebSocketAuthenticator, HttpContextUserAuthenticator>();
        services.TryAddSingleton(provider => new GraphQLEventStreams(provider.GetService<IHostApplicationLifetime>()));
        return services;
    }

    /// <summary>
    /// Accepts GraphQL multipart requests (file uploads) on every GraphQL endpoint and registers the <c>Upload</c>
    /// scalar (<see cref="UploadGraphType"/>), whose values are the request's files as <see cref="UploadedFile"/>s.
    /// The schema must still use or register the scalar for clients to see it.
    /// </summary>
    public static IServiceCollection AddGraphQLUploads(this IServiceCollection services, Action<GraphQLUploadOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<GraphQLUploadOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
            services.Configure(configure);
        services.TryAddSingleton<UploadGraphType>();
        services.TryAddSingleton<GraphQLUploadsMarker>();
        return services;
    }
}

// Multipart requests are opt-in: an endpoint that takes no files treats multipart/form-data as any other wrong type.
internal sealed class GraphQLUploadsMarker;

// Lets MapGraphQL fail at start-up with a clear message instead of on the first request.
internal sealed class GraphQLHttpTransportMarker;
