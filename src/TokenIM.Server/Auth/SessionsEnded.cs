using TokenIM.Server.Events;

namespace TokenIM.Server.Auth;

/// <summary>
/// A session ended (sign-out, a stolen refresh token detected), or every session of the user when
/// <paramref name="SessionId"/> is null (password change, account closure). Sent on the sessions topic,
/// which every node follows, so each forgets at once that those sessions were live.
/// </summary>
public sealed record SessionsEnded(long UserId, string? SessionId) : ChatEvent;
