using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Audit;
using TokenIM.Server.Conversations;
using TokenIM.Server.Groups;
using TokenIM.Server.Mentions;
using TokenIM.Server.Messages;
using TokenIM.Server.Notifications;
using TokenIM.Server.Search;
using TokenIM.Server.Users;

namespace TokenIM.Server.Graph;

/// <summary>The root query: each feature adds its fields, in the order the schema prints them.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Description = "Everything a client can read.";
        this.AddUserQueries();
        this.AddConversationQueries();
        this.AddMessageQueries();
        this.AddGroupQueries();
        this.AddNotificationQueries();
        this.AddMentionQueries();
        this.AddSearchQueries();
        this.AddNodeQueries();
        this.AddAuditQueries();
    }
}
