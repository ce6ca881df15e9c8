using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Push;

/// <summary>Users' device tokens, for the offline push webhook.</summary>
public sealed class DeviceService(IDbContextFactory<TokenIMDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// Registers the token for the user; a token registered before (by them or by someone who used the
    /// device earlier) moves to them. Registering again is harmless.
    /// </summary>
    public async Task<Device> RegisterAsync(long userId, DevicePlatform platform, string token, CancellationToken ct)
    {
        token = Token(token, "input.token");
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var device = await db.Devices.SingleOrDefaultAsync(d => d.Token == token, ct);
            if (device is null) db.Devices.Add(device = new Device { Token = token });
            device.UserId = userId;
            device.Platform = platform;
            device.RegisteredAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation() && attempt == 0)
            {
                // The same token registered concurrently: the row exists now, so take it over.
                continue;
            }
            var beyondLimit = await db.Devices.Where(d => d.UserId == userId)
                .OrderByDescending(d => d.RegisteredAt).ThenByDescending(d => d.Id).Skip(Device.MaxPerUser).Select(d => d.Id).ToListAsync(ct);
            if (beyondLimit.Count > 0) await db.Devices.Where(d => beyondLimit.Contains(d.Id)).ExecuteDeleteAsync(ct);
            return device;
        }
    }

    /// <summary>Forgets the user's token; false when they had no such token (someone else's is left alone).</summary>
    public async Task<bool> UnregisterAsync(long userId, string token, CancellationToken ct)
    {
        token = Token(token, "input.token");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Devices.Where(d => d.Token == token && d.UserId == userId).ExecuteDeleteAsync(ct) > 0;
    }

    public async Task<Device?> FindForOwnerAsync(long id, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Devices.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.UserId == userId, ct);
    }

    private static string Token(string? value, string field)
    {
        if (string.IsNullOrEmpty(value) || value.Length > Device.TokenMaxLength || value.Any(char.IsControl))
            throw ApiError.BadInput(field, $"A device token is 1–{Device.TokenMaxLength} characters with no control characters.");
        return value;
    }
}
