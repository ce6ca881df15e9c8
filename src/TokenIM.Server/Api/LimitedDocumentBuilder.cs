using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using GraphQLParser.Visitors;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Api;

/// <summary>
/// Parses documents and refuses oversized ones before validation sees them. Some validation rules
/// compare fields pairwise, so a 50 KB document of sixteen thousand <c>id</c> selections costs
/// seconds of CPU, and fragments are costlier still: validation follows every spread, 400 of them
/// cost a third of a second, and a chain of 600 fragments each spreading the next overflows the
/// stack, which ends the process. Size has to be bounded first, cheaply, in one pass. A document
/// nested past the parser's recursion limit is refused the same way instead of failing as an
/// internal error.
/// </summary>
public sealed class LimitedDocumentBuilder(OperationLimits limits, ILogger<LimitedDocumentBuilder> logger) : IDocumentBuilder
{
    private readonly GraphQLDocumentBuilder _parser = new();

    public GraphQLDocument Build(string body)
    {
        GraphQLDocument document;
        try
        {
            document = _parser.Build(body);
        }
        catch (GraphQLMaxDepthExceededException)
        {
            throw new ApiError(ErrorCode.OperationTooComplex, "The document is nested too deeply to be parsed.");
        }
        catch (Exception ex) when (ex is not ExecutionError)
        {
            // The parser itself can fail while wording a syntax error (a carriage return before a
            // control character makes it index past its input). Parsing text has no side effects,
            // so whatever went wrong, the answer is that the text is not a document.
            logger.LogWarning(ex, "The GraphQL parser failed on a request document; answered as a parse error");
            throw new ApiError(ErrorCode.GraphqlParseFailed, "The document could not be parsed: it contains characters GraphQL does not allow.");
        }

        var size = new DocumentSize();
        new SizeCounter().VisitAsync(document, size).AsTask().GetAwaiter().GetResult();
        if (size.Selections > limits.MaxSelections)
            throw new ApiError(ErrorCode.OperationTooComplex,
                $"The document has {size.Selections} selections (fields, fragment spreads and inline fragments); at most {limits.MaxSelections} are allowed.");
        if (size.Fragments > limits.MaxFragments)
            throw new ApiError(ErrorCode.OperationTooComplex,
                $"The document defines {size.Fragments} fragments; at most {limits.MaxFragments} are allowed.");
        if (size.Nodes > limits.MaxDocumentNodes)
            throw new ApiError(ErrorCode.OperationTooComplex,
                $"The document has {size.Nodes} syntax nodes; at most {limits.MaxDocumentNodes} are allowed.");
        return document;
    }

    private sealed class DocumentSize : IASTVisitorContext
    {
        public int Nodes { get; set; }
        public int Selections { get; set; }
        public int Fragments { get; set; }
        public CancellationToken CancellationToken => CancellationToken.None;
    }

    // Nothing awaits, so the visit completes synchronously; the parser's depth limit bounds its recursion.
    private sealed class SizeCounter : ASTVisitor<DocumentSize>
    {
        public override ValueTask VisitAsync(ASTNode? node, DocumentSize size)
        {
            if (node is null) return default;
            size.Nodes++;
            if (node is GraphQLField or GraphQLFragmentSpread or GraphQLInlineFragment) size.Selections++;
            else if (node is GraphQLFragmentDefinition) size.Fragments++;
            return base.VisitAsync(node, size);
        }
    }
}
