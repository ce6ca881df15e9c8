namespace TokenIM.Server.Auth;

public sealed record RegisterInput(string Username, string Password, string? DisplayName);

public sealed record LoginInput(string Username, string Password);

public sealed record RefreshTokenInput(string RefreshToken);

public sealed record LogoutInput(string RefreshToken);

public sealed record ChangePasswordInput(string CurrentPassword, string NewPassword);

public sealed record DeleteAccountInput(string Password);
