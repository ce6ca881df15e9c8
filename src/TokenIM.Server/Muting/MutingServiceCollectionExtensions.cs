using TokenIM.Server.Api;
using TokenIM.Server.Log;
using TokenIM.Server.Users;
namespace TokenIM.Server.Muting;

public static class MutingServiceCollectionExtensions
{
    public static IServiceCollection AddMuting(this IServiceCollection services) => services
        .AddSingleton<MuteService>()
        .AddObjectFields<User, UserMuteFields>()
        .AddObjectFields<Conversation, ConversationMuteFields>();
}
