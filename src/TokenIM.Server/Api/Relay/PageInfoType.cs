using GraphQL.Types;

namespace TokenIM.Server.Api.Relay;

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Description = "Where a page sits in its connection, per the Relay cursor connections specification.";
        Field(p => p.HasNextPage).Description("True when more items follow the last one on this page.");
        Field(p => p.HasPreviousPage).Description("True when more items precede the first one on this page.");
        Field(p => p.StartCursor, nullable: true).Description("The cursor of the first item on this page; null for an empty page.");
        Field(p => p.EndCursor, nullable: true).Description("The cursor of the last item on this page; pass it as `after` for the next page.");
    }
}
