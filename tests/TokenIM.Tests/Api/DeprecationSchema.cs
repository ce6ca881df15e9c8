using GraphQL;
using GraphQL.Types;

namespace TokenIM.Tests.Api;

/// <summary>
/// A small schema with deprecated parts, because the live schema has none yet (and gets one only
/// through a deliberate, versioned change).
/// </summary>
public sealed class DeprecationSchema : Schema
{
    public DeprecationSchema(IServiceProvider services)
        : base(services)
    {
        var color = new EnumerationGraphType { Name = "Color" };
        color.Add("RED", "red");
        color.Add(new EnumValueDefinition("CRIMSON", "red") { DeprecationReason = "Use RED." });

        var user = new ObjectGraphType { Name = "User" };
        user.Field<StringGraphType>("name").Resolve(_ => "alice");
        user.Field<StringGraphType>("nickname").Resolve(_ => "al").DeprecationReason("Use name.");

        var query = new ObjectGraphType { Name = "Query" };
        query.Field<StringGraphType>("current").Resolve(_ => "now");
        query.Field<StringGraphType>("oldName").Resolve(_ => "then").DeprecationReason("Use current.");
        query.Field("user", user).Resolve(_ => new object());
        query.Field<StringGraphType>("paint")
            .Argument(color, "color")
            .Resolve(context => context.GetArgument<string>("color"));
        Query = query;
    }
}
