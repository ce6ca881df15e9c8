using GraphQL;
using GraphQL.Types;
using TokenIM.GraphQL.AspNetCore.Uploads;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Graph;

public sealed class TokenIMSchema : Schema
{
    public TokenIMSchema(IServiceProvider services, QueryType query, MutationType mutation, SubscriptionType subscription)
        : base(services)
    {
        Description = "TokenIM: instant messaging over one GraphQL schema.";
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        RegisterType(typeof(ErrorCodeType));
        // Printed even before a field takes it; arguments declared as UploadedFile map to it.
        RegisterType(typeof(UploadGraphType));
        RegisterTypeMapping(typeof(UploadedFile), typeof(UploadGraphType));
        // Introspection is bounded by its nesting (OperationLimitsRule), not by cost: priced like other
        // fields, the standard introspection query of GraphiQL costs hundreds of thousands.
        this.WithIntrospectionComplexityImpact(0);
    }
}
