using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Search;

public static class SearchQueries
{
    public static void AddSearchQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<SearchResultType, SearchResult>>>("searchMessages")
            .Description("Messages you can read that match `query`, best match first: in every conversation you are a member of " +
                         "(as `messages` shows them), or in `conversationId` only. The query is plain text: its words (letters and digits; " +
                         "every other character separates words, so nothing is an operator) must all match, the last part of a word as a " +
                         "prefix (`hel` finds `hello`); Chinese, Japanese and Korean text matches by characters (`你好` finds `今天你好吗`). " +
                         "Recalled messages and system messages never match; an edited message matches its new text. Requires sign-in.")
            .Argument<NonNullGraphType<StringGraphType>>("query",
                "What to look for: 1 to `TokenIM:Search:MaxQueryLength` characters (200 by default) with at least one word and at most " +
                "`TokenIM:Search:MaxTerms` words (8); otherwise BAD_USER_INPUT.")
            .Argument<IdGraphType>("conversationId", "Only this conversation's messages (FORBIDDEN or NOT_FOUND when you are not a member, as `messages`).")
            .Argument<IntGraphType>("first", $"Page size, 0–{Paging.MaxPageSize}; default {Paging.DefaultPageSize}.")
            .Argument<StringGraphType>("after", "Continue after this cursor (a previous page's `pageInfo.endCursor`).")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var pageSize = Paging.PageSize(context.GetArgument<int?>("first"));
                var conversationId = context.GetArgument<string?>("conversationId") is { } id
                    ? GlobalId.Parse(id, TypeNames.Conversation, "conversationId")
                    : (long?)null;
                return await context.Service<SearchService>().SearchAsync(
                    userId, context.GetArgument<string>("query"), conversationId, pageSize, context.GetArgument<string?>("after"), context.CancellationToken);
            });
    }
}
