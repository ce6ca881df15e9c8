namespace TokenIM.Server.Push;

/// <summary>A device that can be woken by a push: its token goes into every webhook call for its user.</summary>
public sealed class Device
{
    public const int TokenMaxLength = 4096;

    /// <summary>A user's devices beyond this many, the longest unregistered first, are dropped.</summary>
    public const int MaxPerUser = 20;

    public long Id { get; set; }
    public long UserId { get; set; }
    public DevicePlatform Platform { get; set; }

    /// <summary>Unique: a token names one app install, which belongs to whoever registered it last.</summary>
    public required string Token { get; set; }

    public DateTime RegisteredAt { get; set; }
}
