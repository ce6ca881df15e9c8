using GraphQL.Types;

namespace TokenIM.Server.Push;

public sealed class DevicePlatformType : EnumerationGraphType<DevicePlatform>
{
    public DevicePlatformType()
    {
        Name = "DevicePlatform";
        Description = "The push service a device token belongs to.";
    }
}
