using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Users;

namespace TokenIM.Server.Audit;

public sealed class AuditEventType : NodeGraphType<AuditEvent>
{
    public const string TypeName = "AuditEvent";

    public AuditEventType() : base(TypeName,
        "A security event: who did what to what, from where, and whether it worked. Visible to administrators only.", e => e.Id)
    {
        Field(e => e.OccurredAt).Description("When it happened (UTC).");
        Field<NonNullGraphType<AuditActionType>>("action").Description("What happened.").Resolve(context => context.Source.Action);
        Field<NonNullGraphType<AuditOutcomeType>>("outcome").Description("Whether it was carried out.").Resolve(context => context.Source.Outcome);
        Field<UserType>("actor")
            .Description("The user who acted; null when the actor was anonymous (e.g. a failed sign-in) or a service client.")
            .Resolve(context => context.Source.ActorUser);
        Field(e => e.ActorClientId, nullable: true).Description("The service client that acted, when a service token was used.");
        Field(e => e.Target, nullable: true)
            .Description("What was acted on: a global id (e.g. of a User); for a sign-in attempt on a username that has no account, the username tried.");
        Field(e => e.ClientAddress, nullable: true).Description("The network address the request came from, as the node saw it.");
        Field(e => e.Details, nullable: true).Description("Further facts about the event, in words.");
    }
}
