using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Push;

public static class DeviceMutations
{
    public static void AddDeviceMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<RegisterDevicePayloadType>>("registerDevice")
            .Description("Registers this device's push token, so messages that arrive while you have no connection open reach it " +
                         "through the push webhook. A token registered by someone else before moves to you.")
            .Argument<NonNullGraphType<RegisterDeviceInputType>>("input", "The platform and token.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<RegisterDeviceInput>("input");
                return new RegisterDevicePayload(
                    await context.Service<DeviceService>().RegisterAsync(userId, input.Platform, input.Token, context.CancellationToken));
            });

        mutation.Field<NonNullGraphType<UnregisterDevicePayloadType>>("unregisterDevice")
            .Description("Stops pushes to one of your device tokens, e.g. when you sign out on that device.")
            .Argument<NonNullGraphType<UnregisterDeviceInputType>>("input", "The token.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<UnregisterDeviceInput>("input");
                return new UnregisterDevicePayload(await context.Service<DeviceService>().UnregisterAsync(userId, input.Token, context.CancellationToken));
            });
    }
}
