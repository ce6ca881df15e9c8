using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Audit;

public static class AuditQueries
{
    public static void AddAuditQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<AuditEventType, AuditEvent>>>("auditEvents")
            .Description("Security events, newest first. Administrators only: anyone else gets FORBIDDEN.")
            .Argument<IntGraphType>("first", $"Page size, 0–{Paging.MaxPageSize}; default {Paging.DefaultPageSize}.")
            .Argument<StringGraphType>("after", "Continue after this cursor (a previous page's `pageInfo.endCursor`).")
            .ResolveAsync(async context =>
            {
                await context.Service<Admins>().RequireAsync(context);
                var pageSize = Paging.PageSize(context.GetArgument<int?>("first"));
                return await context.Service<AuditLog>().PageAsync(pageSize, context.GetArgument<string?>("after"), context.CancellationToken);
            });
    }
}
