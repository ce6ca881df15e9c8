namespace TokenIM.Server.Typing;

/// <summary>Bound from <c>TokenIM:Typing</c>.</summary>
public sealed class TypingOptions
{
    /// <summary>How long "typing" lasts without a refresh; then "stopped typing" is announced for the client.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public TypingOptions Validated() => Timeout > TimeSpan.Zero
        ? this
        : throw new InvalidOperationException("TokenIM__Typing__Timeout must be a positive time span, e.g. 00:00:05.");
}
