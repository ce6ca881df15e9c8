using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenIM.GraphQL.AspNetCore.Uploads;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>Serves one GraphQL endpoint over HTTP, following the GraphQL-over-HTTP spec.</summary>
internal sealed class GraphQLHttpHandler<TSchema>
    where TSchema : ISchema
{
    private const string AllowGetAndPost = "GET, POST";
    private const string AllowWithEventStreams = "GET, POST, PUT, DELETE";
    private const string AllowPost = "POST";

    private readonly IOptionsMonitor<GraphQLHttpOptions> _options;
    private readonly GraphQLWebSocketHandler<TSchema> _webSockets;
    private readonly GraphQLEventStreamHandler<TSchema>? _eventStreams;
    private readonly IOptionsMonitor<GraphQLUploadOptions>? _uploads;
    private readonly ILogger _logger;

    public GraphQLHttpHandler(
        IOptionsMonitor<GraphQLHttpOptions> options,
        GraphQLWebSocketHandler<TSchema> webSockets,
        GraphQLEventStreamHandler<TSchema>? eventStreams,
        IOptionsMonitor<GraphQLUploadOptions>? uploads,
        ILogger logger)
    {
        _options = options;
        _webSockets = webSockets;
        _eventStreams = eventStreams;
        _uploads = uploads;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            // WebSocket upgrades are GETs (or HTTP/2 CONNECTs) too, so they branch off before HTTP dispatch.
            if (context.WebSockets.IsWebSocketRequest)
            {
                await _webSockets.HandleAsync(context).ConfigureAwait(false);
                return;
            }

            // Server-Sent Events: requests that accept text/event-stream or present a stream's token, and PUT.
            if (_eventStreams is not null && await _eventStreams.TryHandleAsync(context).ConfigureAwait(false))
                return;

            var request = context.Request;
            if (HttpMethods.IsPost(request.Method))
                await HandlePostAsync(context).ConfigureAwait(false);
            else if (HttpMethods.IsGet(request.Method))
                await HandleGetAsync(context).ConfigureAwait(false);
            else
                await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, MediaTypeNegotiation.SelectResponseMediaType(request), TransportErrors.MethodNotAllowed, _eventStreams is null ? AllowGetAndPost : AllowWithEventStreams).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsClientGone(context, ex))
        {
            // Nobody is left to answer, and a closed tab is not a server fault worth an error log.
            _logger.LogDebug("The client went away during a GraphQL request: {Reason}", ex.Message);
        }
    }

    private async Task HandlePostAsync(HttpContext context)
    {
        var request = context.Request;
        var mediaType = MediaTypeNegotiation.SelectResponseMediaType(request);
        if (mediaType is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status406NotAcceptable, null, TransportErrors.NotAcceptable).ConfigureAwait(false);
            return;
        }

        if (!MediaTypeNegotiation.IsJsonRequest(request))
        {
            // Checked only once the body is not JSON, so JSON requests pay nothing for uploads.
            if (_uploads is not null && MultipartRequests.IsMultipart(request))
            {
                await HandleMultipartAsync(context, _uploads.CurrentValue, mediaType).ConfigureAwait(false);
                return;
            }

            await WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, mediaType,
                _uploads is null ? TransportErrors.UnsupportedMediaType : TransportErrors.UnsupportedMediaTypeOrMultipart).ConfigureAwait(false);
            return;
        }

        var read = await GraphQLRequestReader.ReadFromBodyAsync(
            request,
            _options.CurrentValue.MaxRequestBodyBytes,
            Serializer(context),
            context.RequestAborted).ConfigureAwait(false);

        if (read.Request is null)
        {
            await WriteErrorAsync(context, read.StatusCode, mediaType, read.Error!).ConfigureAwait(false);
            return;
        }

        await ExecuteAsync(context, read.Request, mediaType, HttpOperationValidationRule.ForPost).ConfigureAwait(false);
    }

    private async Task HandleMultipartAsync(HttpContext context, GraphQLUploadOptions uploads, string mediaType)
    {
        var request = context.Request;
        if (!MultipartRequests.HasPreflightHeader(request))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, mediaType, UploadErrors.MissingPreflight).ConfigureAwait(false);
            return;
        }

        if (!MultipartRequests.TryGetBoundary(request, out var boundary))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, mediaType, UploadErrors.MissingBoundary).ConfigureAwait(false);
            return;
        }

        var maxOperationsBytes = _options.CurrentValue.MaxRequestBodyBytes;
        MultipartRequests.AllowBodyOf(context, uploads, maxOperationsBytes);

        // Disposed after the response is written, whether the request ran, was refused or was cut off.
        using var spool = new UploadSpool(uploads.TempDirectory);
        var read = await MultipartRequestReader.ReadAsync(
            request, boundary, spool, uploads, maxOperationsBytes, Serializer(context), context.RequestAborted).ConfigureAwait(false);
        if (read.Request is null)
        {
            await WriteErrorAsync(context, read.StatusCode, mediaType, read.Error!).ConfigureAwait(false);
            return;
        }

        await ExecuteAsync(context, read.Request, mediaType, HttpOperationValidationRule.ForPost).ConfigureAwait(false);
    }

    private async Task HandleGetAsync(HttpContext context)
    {
        var request = context.Request;
        var options = _options.CurrentValue;
        if (options.ServeSdl && request.Query.ContainsKey("sdl"))
        {
            await WriteSdlAsync(context).ConfigureAwait(false);
            return;
        }

        var mediaType = MediaTypeNegotiation.SelectResponseMediaType(request);
        if (!options.EnableGetRequests)
        {
            await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, mediaType, TransportErrors.GetDisabled, AllowPost).ConfigureAwait(false);
            return;
        }

        if (mediaType is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status406NotAcceptable, null, TransportErrors.NotAcceptable).ConfigureAwait(false);
            return;
        }

        var read = GraphQLRequestReader.ReadFromQueryString(request.Query, Serializer(context));
        if (read.Request is null)
        {
            await WriteErrorAsync(context, read.StatusCode, mediaType, read.Error!).ConfigureAwait(false);
            return;
        }

        await ExecuteAsync(context, read.Request, mediaType, HttpOperationValidationRule.ForGet).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(HttpContext context, GraphQLRequest request, string mediaType, HttpOperationValidationRule methodRule)
    {
        var services = context.RequestServices;
        var executer = services.GetRequiredService<IDocumentExecuter<TSchema>>();
        var options = new ExecutionOptions
        {
            Query = request.Query,
            DocumentId = request.DocumentId,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            User = context.User,
            RequestServices = services,
            CancellationToken = context.RequestAborted,
            // Set before the application's IConfigureExecution run, which append their own rules;
            // also for cached documents, so a document cache that skips validation keeps this check.
            ValidationRules = DocumentValidator.CoreRules.Append(methodRule),
            CachedDocumentValidationRules = [methodRule],
        };
        options.UserContext[UserContextKeys.HttpContext] = context;

        var result = await executer.ExecuteAsync(options).ConfigureAwait(false);

        var response = context.Response;
        if (!result.Executed && result.Errors?.OfType<MutationOverGetError>().FirstOrDefault() is { } methodError)
        {
            response.Headers.Allow = AllowPost;
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            result = new ExecutionResult(methodError);
        }
        else
        {
            response.StatusCode = StatusCodeFor(result, mediaType);
        }

        response.ContentType = MediaTypeNegotiation.WithCharset(mediaType);
        var serializer = Serializer(context);
        if (serializer is PipeGraphQLSerializer pipe)
        {
            pipe.Write(response.BodyWriter, result);
            await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await serializer.WriteAsync(response.Body, result, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// application/json keeps the legacy contract (always 200, errors in the body);
    /// application/graphql-response+json signals a result without data by a 4xx or 5xx.
    /// </summary>
    private static int StatusCodeFor(ExecutionResult result, string mediaType)
    {
        if (result.Executed || mediaType != MediaTypeNegotiation.GraphQLResponseJson)
            return StatusCodes.Status200OK;

        // Not executed because the server failed, not because the request was wrong.
        return result.Errors?.Any(e => e is UnhandledError) == true
            ? StatusCodes.Status500InternalServerError
            : StatusCodes.Status400BadRequest;
    }

    private static async Task WriteSdlAsync(HttpContext context)
    {
        var schema = context.RequestServices.GetRequiredService<TSchema>();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(schema.Print(), context.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string? mediaType, string message, string? allow = null) =>
        TransportErrors.WriteAsync(context, Serializer(context), statusCode, mediaType, new GraphQLHttpRequestError(message), allow);

    private static IGraphQLTextSerializer Serializer(HttpContext context) =>
        context.RequestServices.GetRequiredService<IGraphQLTextSerializer>();

    // BadHttpRequestException is an IOException too, but the server must see it to close the connection.
    private static bool IsClientGone(HttpContext context, Exception ex) =>
        ex is ConnectionResetException
        || (context.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException && ex is not BadHttpRequestException);
}
