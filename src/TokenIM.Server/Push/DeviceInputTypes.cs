using GraphQL.Types;

namespace TokenIM.Server.Push;

public sealed record RegisterDeviceInput(DevicePlatform Platform, string Token);

public sealed record UnregisterDeviceInput(string Token);

public sealed class RegisterDeviceInputType : InputObjectGraphType<RegisterDeviceInput>
{
    public RegisterDeviceInputType()
    {
        Name = "RegisterDeviceInput";
        Description = "A device to reach with pushes while you have no connection open.";
        Field<NonNullGraphType<DevicePlatformType>>("platform").Description("The push service the token belongs to.");
        Field(i => i.Token).Description($"The push token your app got from the platform, 1–{Device.TokenMaxLength} characters.");
    }
}

public sealed class UnregisterDeviceInputType : InputObjectGraphType<UnregisterDeviceInput>
{
    public UnregisterDeviceInputType()
    {
        Name = "UnregisterDeviceInput";
        Description = "A device token to stop pushing to (e.g. on sign-out).";
        Field(i => i.Token).Description("The push token, as registered.");
    }
}
