using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Audit;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

/// <summary>Registration, sign-in, session refresh and sign-out, password change and account closure.</summary>
public sealed class AccountService(
    IDbContextFactory<TokenIMDbContext> dbFactory,
    IPasswordHasher<User> hasher,
    AccessTokenIssuer accessTokens,
    AuditLog audit,
    AccountThrottle throttle,
    AuthOptions options,
    LiveSessions sessions,
    TimeProvider clock)
{
    // Same words for an unknown user and a wrong password, so sign-in cannot probe for usernames.
    private const string BadCredentials = "The username or password is incorrect.";

    // Hashed once so an unknown username costs as much as a wrong password.
    private readonly Lazy<string> _decoyHash = new(() =>
        hasher.HashPassword(new User { DisplayName = "", PasswordHash = "" }, Guid.NewGuid().ToString()));

    public async Task<AuthSession> RegisterAsync(RegisterInput input, CancellationToken ct)
    {
        var username = AccountRules.Username(input.Username);
        AccountRules.Password(input.Password);
        var displayName = AccountRules.DisplayName(input.DisplayName ?? username);
        var normalized = User.Normalize(username);
        throttle.Registration();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == normalized, ct)) throw UsernameTaken();

        var user = new User
        {
            Username = username,
            NormalizedUsername = normalized,
            DisplayName = displayName,
            PasswordHash = "",
            CreatedAt = Now,
        };
        user.PasswordHash = hasher.HashPassword(user, input.Password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Lost a race with a simultaneous registration of the same name.
            throw UsernameTaken();
        }
        var session = await StartSessionAsync(db, user, RefreshTokens.NewFamilyId(), ct);
        await audit.RecordAsync(AuditAction.Register, AuditOutcome.Success, user.Id, AuditLog.UserTarget(user.Id));
        return session;
    }

    public async Task<AuthSession> LoginAsync(LoginInput input, CancellationToken ct)
    {
        throttle.PasswordCheck(input.Username);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = User.Normalize(input.Username ?? "");
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedUsername == normalized && u.DeletedAt == null, ct);
        if (user is null)
        {
            hasher.VerifyHashedPassword(new User { DisplayName = "", PasswordHash = "" }, _decoyHash.Value, input.Password ?? "");
            await audit.RecordAsync(AuditAction.SignIn, AuditOutcome.Failure, target: input.Username, details: "No such account.");
            throw ApiError.Unauthenticated(BadCredentials);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, input.Password ?? "");
        if (verdict == PasswordVerificationResult.Failed)
        {
            await audit.RecordAsync(AuditAction.SignIn, AuditOutcome.Failure, target: AuditLog.UserTarget(user.Id), details: "Wrong password.");
            throw ApiError.Unauthenticated(BadCredentials);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            user.PasswordHash = hasher.HashPassword(user, input.Password!);
        var session = await StartSessionAsync(db, user, RefreshTokens.NewFamilyId(), ct);
        await audit.RecordAsync(AuditAction.SignIn, AuditOutcome.Success, user.Id, AuditLog.UserTarget(user.Id));
        return session;
    }

    /// <summary>
    /// Spends the refresh token and returns a new pair in the same session. A token can be spent once,
    /// by one caller. A spent token shown again means two parties hold the session (a stolen token, or
    /// a client that lost the newer one): the whole session is ended, so a thief's copy dies with it.
    /// </summary>
    public async Task<AuthSession> RefreshAsync(RefreshTokenInput input, CancellationToken ct)
    {
        var hash = RefreshTokens.Hash(input.RefreshToken ?? "");
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // The conditional UPDATE is the single-use guarantee: of two concurrent refreshes, one sees 0 rows.
        var spent = await db.RefreshTokens
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), ct);
        if (spent == 0)
        {
            var reused = await db.RefreshTokens
                .Where(t => t.TokenHash == hash && t.RevokedAt != null && t.ExpiresAt > now)
                .Select(t => new { t.FamilyId, t.UserId })
                .SingleOrDefaultAsync(ct);
            if (reused is not null)
            {
                var ended = await RevokeFamilyAsync(db, reused.FamilyId, ct);
                await transaction.CommitAsync(ct);
                await sessions.EndedAsync(reused.UserId, reused.FamilyId);
                await audit.RecordAsync(AuditAction.RefreshTokenReused, AuditOutcome.Failure, target: AuditLog.UserTarget(reused.UserId),
                    details: ended > 0 ? "A spent refresh token was shown again; its session was ended." : "A spent refresh token of an ended session was shown again.");
            }
            throw InvalidRefreshToken();
        }

        var token = await db.RefreshTokens.Include(t => t.User).SingleAsync(t => t.TokenHash == hash, ct);
        if (token.User is not { IsDeleted: false } user) throw InvalidRefreshToken();

        var session = await StartSessionAsync(db, user, token.FamilyId, ct);
        await transaction.CommitAsync(ct);
        return session;
    }

    /// <summary>
    /// Ends the session the refresh token belongs to, which also stops its access tokens. Showing the
    /// token is the proof, as with OAuth token revocation, so a client whose access token has expired
    /// can still sign out. Returns whether a live session ended.
    /// </summary>
    public async Task<bool> LogoutAsync(LogoutInput input, CancellationToken ct)
    {
        var hash = RefreshTokens.Hash(input.RefreshToken ?? "");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => new { t.FamilyId, t.UserId }).SingleOrDefaultAsync(ct);
        if (token is null || await RevokeFamilyAsync(db, token.FamilyId, ct) == 0) return false;
        await sessions.EndedAsync(token.UserId, token.FamilyId);
        await audit.RecordAsync(AuditAction.Logout, AuditOutcome.Success, token.UserId, AuditLog.UserTarget(token.UserId));
        return true;
    }

    /// <summary>Sets a new password and ends every other session; the caller gets a fresh one.</summary>
    public async Task<AuthSession> ChangePasswordAsync(long userId, ChangePasswordInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await ActiveUserAsync(db, userId, ct);
        throttle.PasswordCheck(user.Username);
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, input.CurrentPassword ?? "") == PasswordVerificationResult.Failed)
        {
            await audit.RecordAsync(AuditAction.PasswordChange, AuditOutcome.Failure, userId, AuditLog.UserTarget(userId), "Wrong current password.");
            throw ApiError.BadInput("input.currentPassword", "The current password is incorrect.");
        }
        AccountRules.Password(input.NewPassword, "input.newPassword");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.PasswordHash = hasher.HashPassword(user, input.NewPassword);
        await RevokeAllRefreshTokensAsync(db, userId, ct);
        var session = await StartSessionAsync(db, user, RefreshTokens.NewFamilyId(), ct);
        await transaction.CommitAsync(ct);
        await sessions.EndedAsync(userId, sessionId: null);
        await audit.RecordAsync(AuditAction.PasswordChange, AuditOutcome.Success, userId, AuditLog.UserTarget(userId),
            "Every other session was ended.");
        return session;
    }

    /// <summary>
    /// Closes the account: the username is freed, sign-in and refresh stop working, and past messages
    /// stay, attributed to a deleted user.
    /// </summary>
    public async Task DeleteAccountAsync(long userId, DeleteAccountInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await ActiveUserAsync(db, userId, ct);
        throttle.PasswordCheck(user.Username);
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, input.Password ?? "") == PasswordVerificationResult.Failed)
        {
            await audit.RecordAsync(AuditAction.AccountDeletion, AuditOutcome.Failure, userId, AuditLog.UserTarget(userId), "Wrong password.");
            throw ApiError.BadInput("input.password", "The password is incorrect.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.Username = null;
        user.NormalizedUsername = null;
        user.DisplayName = "Deleted user";
        user.AvatarUrl = null;
        user.PasswordHash = "";
        user.DeletedAt = Now;
        await db.SaveChangesAsync(ct);
        await RevokeAllRefreshTokensAsync(db, userId, ct);
        await transaction.CommitAsync(ct);
        await sessions.EndedAsync(userId, sessionId: null);
        await audit.RecordAsync(AuditAction.AccountDeletion, AuditOutcome.Success, userId, AuditLog.UserTarget(userId));
    }

    private async Task<AuthSession> StartSessionAsync(TokenIMDbContext db, User user, string familyId, CancellationToken ct)
    {
        var refreshToken = RefreshTokens.Generate();
        db.RefreshTokens.Add(new RefreshToken
        {
            UserId = user.Id,
            TokenHash = RefreshTokens.Hash(refreshToken),
            FamilyId = familyId,
            CreatedAt = Now,
            ExpiresAt = Now + options.RefreshTokenLifetime,
        });
        await db.SaveChangesAsync(ct);
        var (accessToken, expiresAt) = accessTokens.Issue(user, familyId);
        return new AuthSession(accessToken, refreshToken, expiresAt, user);
    }

    private Task RevokeAllRefreshTokensAsync(TokenIMDbContext db, long userId, CancellationToken ct)
    {
        var now = Now;
        return db.RefreshTokens
            .Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), ct);
    }

    private Task<int> RevokeFamilyAsync(TokenIMDbContext db, string familyId, CancellationToken ct)
    {
        var now = Now;
        return db.RefreshTokens
            .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), ct);
    }

    private static async Task<User> ActiveUserAsync(TokenIMDbContext db, long userId, CancellationToken ct) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, ct)
        ?? throw ApiError.Unauthenticated("The account is closed.");

    private static ApiError UsernameTaken() => ApiError.Conflict("That username is taken.", "input.username");

    private static ApiError InvalidRefreshToken() =>
        ApiError.Unauthenticated("The refresh token is invalid, expired, revoked or already used. Sign in again.");

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
