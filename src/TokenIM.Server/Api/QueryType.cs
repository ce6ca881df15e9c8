using GraphQL.Types;
using TokenIM.Server.Audit;
using TokenIM.Server.Users;

namespace TokenIM.Server.Api;

/// <summary>The root query: each feature adds its fields, in the order the schema prints them.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Description = "Everything a client can read.";
        this.AddUserQueries();
        this.AddNodeQueries();
        this.AddAuditQueries();
    }
}
