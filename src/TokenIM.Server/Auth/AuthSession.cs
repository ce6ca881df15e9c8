using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

/// <summary>What signing in yields: a short-lived access token and a single-use refresh token.</summary>
public sealed record AuthSession(string AccessToken, string RefreshToken, DateTime ExpiresAt, User User);
