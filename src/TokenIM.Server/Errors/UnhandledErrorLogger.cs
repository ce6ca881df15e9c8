using System.Diagnostics;
using System.Security.Claims;
using GraphQL.Execution;

namespace TokenIM.Server.Errors;

/// <summary>
/// Logs an unexpected resolver fault once, with what an operator needs to find it again: the
/// operation, the user, a trace id the client also receives, and the variables with secrets redacted.
/// </summary>
public sealed class UnhandledErrorLogger(ILogger<UnhandledErrorLogger> logger)
{
    public Task LogAsync(UnhandledExceptionContext context)
    {
        // Cancellation by the client is not a fault of ours.
        if (context.OriginalException is OperationCanceledException) return Task.CompletedTask;

        var traceId = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        var options = context.ExecutionOptions;
        var operation = context.Context?.Operation?.Name?.StringValue ?? options?.OperationName ?? "(anonymous)";
        var userId = options?.User?.FindFirstValue("sub") ?? "(anonymous)";
        var variables = SecretRedactor.Redact(options?.Variables);

        logger.LogError(context.OriginalException,
            "Unhandled error in operation {OperationName} for user {UserId}; traceId {TraceId}; variables {Variables}",
            operation, userId, traceId, variables);

        context.Exception = new InternalFault(traceId, context.OriginalException);
        context.ErrorMessage = CatalogueErrorInfoProvider.GenericMessage;
        return Task.CompletedTask;
    }
}
