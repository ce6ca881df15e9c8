namespace TokenIM.Server.Typing;

/// <summary>Bound from <c>TokenIM:Typing</c>.</summary>
public sealed class TypingOptions
{
    public const string Section = "TokenIM:Typing";

    /// <summary>How long "typing" lasts without a refresh; then "stopped typing" is announced for the client.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
