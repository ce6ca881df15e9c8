using GraphQL.Types;
using TokenIM.Server.Api;

namespace TokenIM.Server.Push;

public sealed class DeviceType : NodeGraphType<Device>
{
    public const string TypeName = "Device";

    public DeviceType() : base(TypeName, "A device of yours registered for push: offline pushes name it to the push gateway. Visible to its owner only.", d => d.Id)
    {
        Field<NonNullGraphType<DevicePlatformType>>("platform").Description("The push service its token belongs to.")
            .Resolve(context => context.Source.Platform);
        Field(d => d.Token).Description("The push token, as registered.");
        Field(d => d.RegisteredAt).Description("When it was last registered (UTC).");
    }
}
