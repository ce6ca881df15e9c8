using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Errors;
using GraphQL.Validation.Errors.Custom;
using TokenIM.Server.Api;

namespace TokenIM.Server.Errors;

/// <summary>
/// Shapes every error into <c>{ message, locations, path, extensions: { code, field?, traceId? } }</c>
/// with a code from the catalogue. Anything unexpected becomes INTERNAL_SERVER_ERROR with a generic
/// message, so nothing internal (exception text, stack traces) can leak to a client.
/// With introspection off, validation messages lose GraphQL.NET's "Did you mean 'sendMessage' or
/// 'editMessage'?": a client could otherwise rebuild the hidden schema by guessing names.
/// </summary>
public sealed partial class CatalogueErrorInfoProvider(ApiOptions? api = null) : IErrorInfoProvider
{
    public const string GenericMessage = "An unexpected error occurred. Quote the traceId when you report it.";

    private readonly bool _suggest = api?.Introspection ?? true;

    [GeneratedRegex(@"\s*Did you mean\b.*$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Suggestion();

    public ErrorInfo GetInfo(ExecutionError error)
    {
        var extensions = new Dictionary<string, object?>();
        var message = _suggest || error is not ValidationError ? error.Message : Suggestion().Replace(error.Message, "");
        ErrorCode code;

        // A code already in the catalogue wins over the error's type: the transport words its own
        // refusals (a mutation over GET, say) as validation errors coded BAD_REQUEST.
        if (error is not ApiError && ErrorCodes.IsInCatalogue(error.Code))
            return Shape(message, error.Code!, error, extensions);

        switch (error)
        {
            case ApiError api:
                code = api.ErrorCode;
                if (api.Field is not null) extensions["field"] = api.Field;
                break;
            case UnhandledError unhandled:
                code = ErrorCode.InternalServerError;
                message = GenericMessage;
                if (unhandled.InnerException is InternalFault fault) extensions["traceId"] = fault.TraceId;
                break;
            case SyntaxError:
                code = ErrorCode.GraphqlParseFailed;
                break;
            // A fragment that spreads itself would expand forever: a cost problem, refused as one.
            case ComplexityError or NoFragmentCyclesError:
                code = ErrorCode.OperationTooComplex;
                break;
            case InvalidVariableError variable:
                code = ErrorCode.BadUserInput;
                extensions["field"] = VariableName(variable);
                break;
            case ArgumentsOfCorrectTypeError or InvalidLiteralError:
                code = ErrorCode.BadUserInput;
                break;
            case ValidationError:
                code = ErrorCode.GraphqlValidationFailed;
                break;
            // What is left of the document errors is about the request, not the schema: no operation,
            // or an operationName the document does not define.
            case RequestError or DocumentError:
                code = ErrorCode.BadRequest;
                break;
            default:
                code = ErrorCode.InternalServerError;
                break;
        }

        return Shape(message, code.ToWire(), error, extensions);
    }

    private static ErrorInfo Shape(string message, string code, ExecutionError error, Dictionary<string, object?> details)
    {
        // "code" first: it is what clients read, and what people look for in logs and traces.
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        foreach (var (key, value) in details) extensions[key] = value;
        if (error.Extensions is not null)
            foreach (var (key, value) in error.Extensions) extensions.TryAdd(key, value);
        return new ErrorInfo { Message = message, Extensions = extensions };
    }

    // GraphQL.NET words coercion failures as "Variable '$name' is invalid. …"; the field is the variable.
    private static string? VariableName(InvalidVariableError error)
    {
        var message = error.Message;
        var start = message.IndexOf("'$", StringComparison.Ordinal);
        if (start < 0) return null;
        var end = message.IndexOf('\'', start + 2);
        return end < 0 ? null : message[(start + 2)..end];
    }
}
