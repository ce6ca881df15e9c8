namespace TokenIM.Server.Muting;

public static class MutingServiceCollectionExtensions
{
    public static IServiceCollection AddMuting(this IServiceCollection services) => services.AddSingleton<MuteService>();
}
