using GraphQL.Types;

namespace TokenIM.Server.Errors;

/// <summary>Publishes the catalogue in the schema so clients can generate exhaustive handling.</summary>
public sealed class ErrorCodeType : EnumerationGraphType<ErrorCode>
{
    public ErrorCodeType()
    {
        Name = "ErrorCode";
        Description = "Every value `extensions.code` can take in an error TokenIM returns. The schema never references it " +
                      "from a field: it is published so clients can handle errors exhaustively.";
    }
}
