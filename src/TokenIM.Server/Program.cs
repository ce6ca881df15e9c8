using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Api;
using TokenIM.Server.Api.PersistedOperations;
using TokenIM.Server.Attachments;
using TokenIM.Server.Audit;
using TokenIM.Server.Auth;
using TokenIM.Server.Auth.OAuth;
using TokenIM.Server.Blocking;
using TokenIM.Server.Configuration;
using TokenIM.Server.ConversationEvents;
using TokenIM.Server.Conversations;
using TokenIM.Server.Data;
using TokenIM.Server.Events;
using TokenIM.Server.Files;
using TokenIM.Server.Graph;
using TokenIM.Server.Groups;
using TokenIM.Server.Http;
using TokenIM.Server.Ide;
using TokenIM.Server.Log;
using TokenIM.Server.Mentions;
using TokenIM.Server.Messages;
using TokenIM.Server.Muting;
using TokenIM.Server.Notifications;
using TokenIM.Server.Observability;
using TokenIM.Server.Pins;
using TokenIM.Server.Presence;
using TokenIM.Server.Push;
using TokenIM.Server.RateLimiting;
using TokenIM.Server.Reactions;
using TokenIM.Server.Search;
using TokenIM.Server.Typing;
using TokenIM.Server.Users;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Logging.AddTokenIMLogFormat(builder.Configuration);

    builder.Services
        .AddTokenIMStorage(builder.Configuration)
        .AddTokenIMAuth()
        .AddTokenIMAudit()
        .AddTokenIMRateLimiting()
        .AddTokenIMObservability()
        .AddUsers()
        .AddEventBus(builder.Configuration)
        .AddConversationLog()
        .AddConversationEvents()
        .AddConversations()
        .AddMessages()
        .AddGroups()
        // Features that add fields to User, Conversation and Message add them in this order.
        .AddPresence()
        .AddNotifications()
        .AddMentions()
        .AddReactions()
        .AddBlocking()
        .AddMuting()
        .AddPins()
        .AddSearch()
        .AddFiles(builder.Configuration)
        .AddTyping()
        .AddPush()
        .AddAttachments()
        .AddTokenIMHttpSecurity()
        .AddTokenIMApi<TokenIMSchema>()
        .AddPersistedOperations()
        .AddIde(builder.Configuration, builder.Environment);

    var app = builder.Build();

    app.ValidateConfiguration();
    await app.MigrateDatabaseAsync();
    await app.ApplySearchLanguageAsync();

    app.UseTokenIMHttpSecurity();
    app.UseAuthentication();
    app.UseTokenIMRequestGate();
    app.UseIde("/graphql", "/v1/graphql");
    app.MapOAuthTokenEndpoint();
    app.MapTokenIMObservability();
    app.MapFiles();
    app.MapAttachmentUploads();
    app.MapGraphQL<TokenIMSchema>("/graphql");
    app.MapGraphQL<TokenIMSchema>("/v1/graphql");

    await app.RunAsync();
    return 0;
}
catch (Exception error) when (StartupFailure.Report(error) is { } exitCode)
{
    return exitCode;
}

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
