namespace TokenIM.Server.Pins;

public static class PinRules
{
    /// <summary>Pins per conversation: a pinned list is a short list of what matters, and it is read whole.</summary>
    public const int MaxPerConversation = 50;
}
