using GraphQL.Types;

namespace TokenIM.Server.Push;

public sealed record RegisterDevicePayload(Device Device);

public sealed record UnregisterDevicePayload(bool Removed);

public sealed class RegisterDevicePayloadType : ObjectGraphType<RegisterDevicePayload>
{
    public RegisterDevicePayloadType()
    {
        Name = "RegisterDevicePayload";
        Description = "The result of `registerDevice`.";
        Field<NonNullGraphType<DeviceType>>("device").Description("The device as registered.").Resolve(context => context.Source.Device);
    }
}

public sealed class UnregisterDevicePayloadType : ObjectGraphType<UnregisterDevicePayload>
{
    public UnregisterDevicePayloadType()
    {
        Name = "UnregisterDevicePayload";
        Description = "The result of `unregisterDevice`.";
        Field(p => p.Removed).Description("True when the token was yours and is now forgotten; false when you had no such token.");
    }
}
