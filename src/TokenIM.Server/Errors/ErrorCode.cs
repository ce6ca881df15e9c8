using System.ComponentModel;

namespace TokenIM.Server.Errors;

/// <summary>
/// The closed catalogue of codes a client can act on. Every error TokenIM returns carries one of
/// these as <c>extensions.code</c>; the schema publishes it as the <c>ErrorCode</c> enum.
/// </summary>
public enum ErrorCode
{
    [Description("The request carried no valid credentials, or they are wrong, expired or revoked. Sign in (or refresh the session) and retry.")]
    Unauthenticated,

    [Description("The caller is signed in but may not do this. Retrying will not help.")]
    Forbidden,

    [Description("A block stands between the caller and the other user: direct messages cannot cross it either way (the blocked user cannot reach the blocker, and the blocker must unblock first). Retrying will not help.")]
    Blocked,

    [Description("The object does not exist, or the caller may not know that it exists.")]
    NotFound,

    [Description("An argument or input field broke a rule; `extensions.field` names it. Fix the input and retry.")]
    BadUserInput,

    [Description("The request conflicts with the current state, e.g. a username that is already taken.")]
    Conflict,

    [Description("A file is larger than the node accepts (`extensions.maxBytes` gives the limit). Send a smaller file.")]
    PayloadTooLarge,

    [Description("The upload would take the caller past their storage quota (`extensions.quotaBytes` gives it). Delete (recall) files or send smaller ones.")]
    QuotaExceeded,

    [Description("Too many requests; wait `extensions.retryAfter` seconds before retrying.")]
    RateLimited,

    [Description("The operation is too deep or too costly to run. Ask for fewer fields or smaller pages.")]
    OperationTooComplex,

    [Description("The API version the request asked for is not served by this node.")]
    UnsupportedApiVersion,

    [Description("The HTTP request itself is malformed: body, content type, method, size or Accept header.")]
    BadRequest,

    [Description("The GraphQL document could not be parsed.")]
    GraphqlParseFailed,

    [Description("The GraphQL document is not valid against the schema.")]
    GraphqlValidationFailed,

    [Description("The request named its document by a hash or id the node does not hold. With Apollo's automatic persisted queries, send the request again with its `query`; a trusted document's id is wrong or not deployed here.")]
    PersistedQueryNotFound,

    [Description("The node only runs its trusted documents (persisted operations), and this operation is not one of them. Send it by the id or hash your build's manifest lists.")]
    OperationNotTrusted,

    [Description("An unexpected fault on the server. The message is generic; quote `extensions.traceId` when reporting it.")]
    InternalServerError,
}
