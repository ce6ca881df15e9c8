using GraphQL.Types;
using GraphQLParser.AST;

namespace TokenIM.GraphQL.AspNetCore.Uploads;

/// <summary>
/// The <c>Upload</c> scalar: its only values are the files of a multipart request, which the transport places in the
/// variables as <see cref="UploadedFile"/>s. Anything a client can write itself (a literal in the document, a JSON value
/// in the variables) is refused as invalid input, and an upload is never an output.
/// </summary>
public sealed class UploadGraphType : ScalarGraphType
{
    public UploadGraphType()
    {
        Name = "Upload";
        Description = "A file sent in a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec).";
    }

    public override object? ParseLiteral(GraphQLValue value) =>
        value is GraphQLNullValue ? null : ThrowLiteralConversionError(value, "An Upload is a file part of a multipart request; it cannot be written in the document.");

    public override bool CanParseLiteral(GraphQLValue value) => value is GraphQLNullValue;

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        UploadedFile file => file,
        _ => ThrowValueConversionError(value),
    };

    public override bool CanParseValue(object? value) => value is null or UploadedFile;

    public override object? Serialize(object? value) =>
        value is null ? null : ThrowSerializationError(value);

    public override bool IsValidDefault(object value) => false;
}
