using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Api;

public static class NodeQueries
{
    public static void AddNodeQueries(this ObjectGraphType query)
    {
        query.Field<NodeInterface>("node")
            .Description("Fetches any object by its global id; null when it does not exist or is not visible to you. Requires sign-in.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "A global id, as returned in any `id` field.")
            .ResolveAsync(async context =>
            {
                context.RequireUserId();
                var id = context.GetArgument<string>("id");
                if (!GlobalId.TryDecode(id, out var typeName, out var key))
                    throw Errors.ApiError.BadInput("id", "'id' is not a valid global id.");
                var resolver = context.Service<IEnumerable<INodeResolver>>()
                    .FirstOrDefault(r => r.TypeName == typeName);
                return resolver is null ? null : await resolver.ResolveAsync(context, key);
            });
    }
}
