using GraphQL.Types;
using TokenIM.Server.Api;

namespace TokenIM.Server.Search;

public sealed class SearchResultType : ObjectGraphType<SearchResult>
{
    public SearchResultType()
    {
        Name = "SearchResult";
        Description = "A message that matched `searchMessages`, with the part of its text that shows the match.";
        Field("message", TypeNames.NonNull(TypeNames.Message)).Description("The message, as `messages` shows it.").Resolve(context => context.Source.Message);
        // The markers are settings, but the schema says what they are by default: it must not change with a node's configuration.
        Field<NonNullGraphType<StringGraphType>>("snippet")
            .Description("The message's text around its first match (`TokenIM:Search:SnippetLength` characters, 120 by default; `…` where text " +
                         "was cut), every match between two markers: `⟦` and `⟧` unless the node sets `TokenIM:Search:HighlightStart` and " +
                         "`HighlightEnd`. The text between them is the message's own, not escaped for HTML.")
            .Resolve(context => context.Source.Snippet);
    }
}
