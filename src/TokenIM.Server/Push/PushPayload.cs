namespace TokenIM.Server.Push;

/// <summary>The JSON body of a push (camelCase); ids are global ids.</summary>
public sealed record PushPayload(string Id, string Type, string RecipientId, IReadOnlyList<PushDevice> Devices, PushMessage Message);

/// <summary>One of the recipient's devices, as registered; <c>platform</c> is <c>IOS</c>, <c>ANDROID</c> or <c>WEB</c>.</summary>
public sealed record PushDevice(string Platform, string Token);

/// <summary>The message that arrived, with enough to show a notification without calling back.</summary>
public sealed record PushMessage(string Id, string ConversationId, int Seq, string SenderId, string SenderName, string Preview, DateTime CreatedAt);
