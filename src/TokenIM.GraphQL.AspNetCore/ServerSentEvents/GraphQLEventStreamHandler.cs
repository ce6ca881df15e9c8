using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// GraphQL over Server-Sent Events on the GraphQL endpoint, as graphql-sse's PROTOCOL.md describes it.
/// <list type="bullet">
/// <item>Distinct connections mode: a GET or POST that accepts <c>text/event-stream</c> gets its
/// results as <c>next</c> events, then <c>complete</c>; problems found before execution travel as a
/// <c>next</c> event too, because a client of an event stream cannot read an error status's body.</item>
/// <item>Single connection mode: PUT reserves a stream (201, a token); a GET presenting the token in
/// <c>X-GraphQL-Event-Stream-Token</c> (or <c>?token=</c> for EventSource) opens it; POSTs with the token
/// run operations on it (202), their events tagged with <c>extensions.operationId</c>; DELETE
/// <c>?operationId=</c> stops one. Request problems there are ordinary GraphQL-over-HTTP errors.</item>
/// </list>
/// Streams are admitted by the <see cref="IGraphQLWebSocketAuthenticator"/>, as WebSockets are (from
/// the request's <c>HttpContext.User</c>), so they count against the same limits, and end when the
/// admitted credentials expire.
/// </summary>
internal sealed class GraphQLEventStreamHandler<TSchema>
    where TSchema : ISchema
{
    private readonly IOptionsMonitor<GraphQLEventStreamOptions> _options;
    private readonly IOptionsMonitor<GraphQLHttpOptions> _httpOptions;
    private readonly GraphQLEventStreams _streams;
    private readonly GraphQLConnectionListeners _listeners;
    private readonly ILogger _logger;

    public GraphQLEventStreamHandler(
        IOptionsMonitor<GraphQLEventStreamOptions> options, IOptionsMonitor<GraphQLHttpOptions> httpOptions, GraphQLEventStreams streams, GraphQLConnectionListeners listeners, ILogger logger)
    {
        _listeners = listeners;
        _options = options;
        _httpOptions = httpOptions;
        _streams = streams;
        _logger = logger;
    }

    /// <summary>Serves the request when it belongs to the protocol; false leaves it to plain GraphQL over HTTP.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var request = context.Request;
        var method = request.Method;
        var acceptsStream = EventStreamRequests.AcceptsEventStream(request);
        var token = EventStreamRequests.TokenOf(request);

        if (HttpMethods.IsPut(method))
        {
            await ReserveAsync(context).ConfigureAwait(false);
            return true;
        }

        if (token is not null)
        {
            if (HttpMethods.IsGet(method))
                await ServeReservedStreamAsync(context, token).ConfigureAwait(false);
            else if (HttpMethods.IsPost(method))
                await StartReservedOperationAsync(context, token).ConfigureAwait(false);
            else if (HttpMethods.IsDelete(method))
                await StopReservedOperationAsync(context, token).ConfigureAwait(false);
            else
                return false;
            return true;
        }

        if (acceptsStream && (HttpMethods.IsGet(method) || HttpMethods.IsPost(method)))
        {
            await ServeDistinctStreamAsync(context).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private async Task ReserveAsync(HttpContext context)
    {
        var reservation = _streams.Reserve(_options.CurrentValue);
        var refusal = await AdmitAsync(context, reservation.Lifetime, reservation.End).ConfigureAwait(false);
        if (refusal is not null)
        {
            reservation.End();
            await WriteErrorAsync(context, refusal.Value.Status, refusal.Value.Error).ConfigureAwait(false);
            return;
        }

        AdmittedUser(context, out var user);
        reservation.Admit(user);

        // A reservation nobody connects to lapses, returning what it holds.
        var lapse = TimeProvider.System.CreateTimer(
            static state =>
            {
                var r = (EventStreamReservation)state!;
                if (r.StreamContext is null)
                    r.End();
            },
            reservation,
            _options.CurrentValue.ReservationTimeout,
            Timeout.InfiniteTimeSpan);
        reservation.Lifetime.Register(lapse.Dispose);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(reservation.Token, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ServeReservedStreamAsync(HttpContext context, string token)
    {
        var reservation = await FindOwnReservationAsync(context, token).ConfigureAwait(false);
        if (reservation is null)
            return;
        if (!reservation.TryConnect(context))
        {
            await WriteErrorAsync(context, StatusCodes.Status409Conflict, EventStreamErrors.WithCode(EventStreamErrors.AlreadyConnected, TransportErrorCodes.Conflict)).ConfigureAwait(false);
            return;
        }

        _logger.LogDebug("Event stream {Token} connected.", Shorten(token));
        using var tracked = _streams.Track(reservation.ShutDown);
        try
        {
            await reservation.Stream.RunAsync(context).ConfigureAwait(false);
        }
        finally
        {
            LogEnd(reservation.Stream, context);
            reservation.End();
        }
    }

    private async Task StartReservedOperationAsync(HttpContext context, string token)
    {
        var reservation = await FindOwnReservationAsync(context, token).ConfigureAwait(false);
        if (reservation is null)
            return;

        var mediaType = MediaTypeNegotiation.SelectResponseMediaType(context.Request) ?? MediaTypeNegotiation.Json;
        var streamContext = reservation.StreamContext;
        if (streamContext is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status409Conflict, EventStreamErrors.WithCode(EventStreamErrors.NotConnected, TransportErrorCodes.Conflict), mediaType).ConfigureAwait(false);
            return;
        }

        var read = await ReadPostAsync(context).ConfigureAwait(false);
        if (read.Request is null)
        {
            await WriteErrorAsync(context, read.StatusCode, new GraphQLHttpRequestError(read.Error!), mediaType).ConfigureAwait(false);
            return;
        }

        if (read.Request.Extensions?.TryGetValue("operationId", out var value) != true || value is not string { Length: > 0 } operationId)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, new GraphQLHttpRequestError(EventStreamErrors.MissingOperationId), mediaType).ConfigureAwait(false);
            return;
        }

        var serializer = Serializer(context);
        var operation = new EventStreamOperation(operationId, reservation.Stream, serializer, reservation.Forget);
        if (!reservation.TryAdd(operation))
        {
            await WriteErrorAsync(context, StatusCodes.Status409Conflict, EventStreamErrors.WithCode(EventStreamErrors.OperationIdInUse, TransportErrorCodes.Conflict), mediaType).ConfigureAwait(false);
            return;
        }

        ExecutionResult result;
        try
        {
            // Runs in the stream's request scope, as the operations of a WebSocket run in the upgrade request's:
            // this POST is answered long before a subscription ends.
            result = await ExecuteAsync(streamContext, reservation.User, read.Request, methodRule: null, operation.Cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (operation.Cancellation.IsCancellationRequested)
        {
            // Stopped (DELETE, or the stream ended) while executing: nobody wants the result.
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        if (!result.Executed)
        {
            // Never executed: answered here, as GraphQL over HTTP answers it, and nothing goes to the stream.
            operation.End(sendComplete: false);
            var response = context.Response;
            response.StatusCode = result.Errors?.Any(e => e is UnhandledError) == true
                ? StatusCodes.Status500InternalServerError
                : mediaType == MediaTypeNegotiation.GraphQLResponseJson ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
            response.ContentType = MediaTypeNegotiation.WithCharset(mediaType);
            await serializer.WriteAsync(response.Body, result, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        operation.Start(result);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private async Task StopReservedOperationAsync(HttpContext context, string token)
    {
        var reservation = await FindOwnReservationAsync(context, token).ConfigureAwait(false);
        if (reservation is null)
            return;

        var operationId = context.Request.Query[EventStreamRequests.OperationIdParameter];
        if (operationId.Count != 1 || string.IsNullOrEmpty(operationId[0]))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, new GraphQLHttpRequestError(EventStreamErrors.MissingOperationIdParameter)).ConfigureAwait(false);
            return;
        }

        // Stopping an operation that has already ended is not an error: the client's wish is met.
        reservation.Stop(operationId[0]!);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task ServeDistinctStreamAsync(HttpContext context)
    {
        var stream = new EventStream(_options.CurrentValue);
        using var lifetime = new CancellationTokenSource();
        var serializer = Serializer(context);
        EventStreamOperation? operation = null;
        using var tracked = _streams.Track(() =>
        {
            if (operation is null)
                stream.Abort();
            else
                operation.End(sendComplete: true);
        });

        // The stream is accepted first: from here on every problem is reported as an event.
        var writing = stream.RunAsync(context);
        try
        {
            var refusal = await AdmitAsync(context, lifetime.Token, stream.Abort).ConfigureAwait(false);
            GraphQLRequestReadResult read = default!;
            if (refusal is null)
            {
                read = HttpMethods.IsPost(context.Request.Method)
                    ? await ReadPostAsync(context).ConfigureAwait(false)
                    : GraphQLRequestReader.ReadFromQueryString(context.Request.Query, serializer);
            }

            operation = new EventStreamOperation(null, stream, serializer, _ => stream.Complete());
            if (refusal is { } refused)
            {
                operation.Start(new ExecutionResult(refused.Error));
            }
            else if (read.Request is null)
            {
                operation.Start(new ExecutionResult(new GraphQLHttpRequestError(read.Error!)));
            }
            else
            {
                using var ended = stream.Ended.Register(() => operation.End(sendComplete: false));
                AdmittedUser(context, out var user);
                var methodRule = HttpMethods.IsGet(context.Request.Method) ? HttpOperationValidationRule.ForEventStreamGet : null;
                var result = await ExecuteAsync(context, user, read.Request, methodRule, operation.Cancellation).ConfigureAwait(false);
                operation.Start(result);
            }
        }
        catch (OperationCanceledException) when (operation?.Cancellation.IsCancellationRequested == true || stream.Ended.IsCancellationRequested)
        {
            // The client left (or the credentials expired) while the operation executed.
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A GraphQL event stream failed.");
            stream.Send(EventStreamMessages.Next(null, new ExecutionResult(new UnhandledError("An unexpected error occurred.", ex)), serializer));
            stream.Complete();
        }

        // The operation's end completes the stream; the client leaving ends the operation.
        using (stream.Ended.Register(() => operation?.End(sendComplete: false)))
            await writing.ConfigureAwait(false);
        await lifetime.CancelAsync().ConfigureAwait(false);
        LogEnd(stream, context);
    }

    /// <summary>
    /// Asks the authenticator whether the caller may hold a stream, tying what it acquires to
    /// <paramref name="lifetime"/>, arranges for <paramref name="end"/> when the credentials expire, and
    /// announces the stream to the connection listeners (which may end it the same way).
    /// </summary>
    private async Task<(int Status, ExecutionError Error)?> AdmitAsync(HttpContext context, CancellationToken lifetime, Action end)
    {
        var authenticator = context.RequestServices.GetRequiredService<IGraphQLWebSocketAuthenticator>();
        var result = await authenticator.AuthenticateAsync(context, payload: null, lifetime).ConfigureAwait(false);
        if (!result.Accepted)
        {
            var code = result.Code ?? TransportErrorCodes.Forbidden;
            var status = code switch
            {
                TransportErrorCodes.Unauthenticated => StatusCodes.Status401Unauthorized,
                "RATE_LIMITED" => StatusCodes.Status429TooManyRequests,
                _ => StatusCodes.Status403Forbidden,
            };
            return (status, EventStreamErrors.WithCode(result.Reason ?? "Forbidden", code));
        }

        if (result.ExpiresAt is { } expiresAt)
        {
            if (expiresAt <= DateTimeOffset.UtcNow)
                return (StatusCodes.Status401Unauthorized, EventStreamErrors.WithCode(EventStreamErrors.TokenExpired, TransportErrorCodes.Unauthenticated));
            var timer = new ExpiryTimer(expiresAt, end);
            lifetime.Register(timer.Dispose);
        }

        context.Items[AdmittedUserKey] = result.User;

        var connection = new EventStreamConnection(context.TraceIdentifier, result.User!, end);
        var opened = await _listeners.OpenedAsync(connection, lifetime).ConfigureAwait(false);
        // Registered only now, so listeners never hear the end before the start; a stream that ended
        // meanwhile runs the callback at once.
        lifetime.Register(() => _ = _listeners.ClosedAsync(connection, ClosedListenersPatience));
        if (!opened)
            return (StatusCodes.Status500InternalServerError, new UnhandledError("An unexpected error occurred.", new InvalidOperationException("A connection listener failed.")));
        return null;
    }

    private static readonly object AdmittedUserKey = new();

    // Streams have no CloseTimeout of their own; a WebSocket's default bounds its listeners alike.
    private static readonly TimeSpan ClosedListenersPatience = TimeSpan.FromSeconds(5);

    private static void AdmittedUser(HttpContext context, out ClaimsPrincipal user) =>
        user = context.Items[AdmittedUserKey] as ClaimsPrincipal ?? context.User;

    private async Task<EventStreamReservation?> FindOwnReservationAsync(HttpContext context, string token)
    {
        var reservation = _streams.Find(token);
        if (reservation is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, EventStreamErrors.WithCode(EventStreamErrors.NoReservation, TransportErrorCodes.NotFound)).ConfigureAwait(false);
            return null;
        }

        // The token alone must not let someone else run operations as, or read the events of, its owner.
        if (EventStreamErrors.IdentityOf(context.User) != EventStreamErrors.IdentityOf(reservation.User))
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, EventStreamErrors.WithCode(EventStreamErrors.NotYourReservation, TransportErrorCodes.Forbidden)).ConfigureAwait(false);
            return null;
        }

        return reservation;
    }

    private async Task<GraphQLRequestReadResult> ReadPostAsync(HttpContext context)
    {
        if (!MediaTypeNegotiation.IsJsonRequest(context.Request))
            return GraphQLRequestReadResult.Failure(StatusCodes.Status415UnsupportedMediaType, TransportErrors.UnsupportedMediaType);
        return await GraphQLRequestReader.ReadFromBodyAsync(
            context.Request, _httpOptions.CurrentValue.MaxRequestBodyBytes, Serializer(context), context.RequestAborted).ConfigureAwait(false);
    }

    private static Task<ExecutionResult> ExecuteAsync(
        HttpContext context, ClaimsPrincipal user, GraphQLRequest request, HttpOperationValidationRule? methodRule, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var options = new ExecutionOptions
        {
            Query = request.Query,
            DocumentId = request.DocumentId,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            User = user,
            RequestServices = services,
            CancellationToken = cancellationToken,
            ValidationRules = methodRule is null ? DocumentValidator.CoreRules : DocumentValidator.CoreRules.Append(methodRule),
            CachedDocumentValidationRules = methodRule is null ? null : [methodRule],
        };
        options.UserContext[UserContextKeys.HttpContext] = context;
        return services.GetRequiredService<IDocumentExecuter<TSchema>>().ExecuteAsync(options);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, ExecutionError error, string? mediaType = null) =>
        TransportErrors.WriteAsync(context, Serializer(context), status, mediaType ?? MediaTypeNegotiation.SelectResponseMediaType(context.Request), error);

    private static IGraphQLTextSerializer Serializer(HttpContext context) =>
        context.RequestServices.GetRequiredService<IGraphQLTextSerializer>();

    private void LogEnd(EventStream stream, HttpContext context)
    {
        if (stream.Overflowed)
        {
            _logger.LogWarning(
                "Ended a GraphQL event stream to {RemoteAddress}: it reads too slowly, {Capacity} events were waiting for it.",
                context.Connection.RemoteIpAddress,
                _options.CurrentValue.SendQueueCapacity);
        }
    }

    // Enough to tell streams apart in a debug log, not enough to use one.
    private static string Shorten(string token) => token.Length > 8 ? token[..8] : token;
}
