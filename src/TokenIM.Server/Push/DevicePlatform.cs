using System.ComponentModel;

namespace TokenIM.Server.Push;

/// <summary>Which push service a device token belongs to; the push gateway behind the webhook picks the service by it.</summary>
public enum DevicePlatform
{
    [Description("An Apple device; the token is an APNs device token.")]
    Ios,

    [Description("An Android device; the token is an FCM registration token.")]
    Android,

    [Description("A browser; the token is a Web Push subscription (as JSON) or an FCM web token.")]
    Web,
}
