using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Events;

namespace TokenIM.Server.Auth;

/// <summary>
/// Remembers for a short while which sessions were found live, so a request costs no revocation query.
/// An entry is trusted for at most <see cref="AuthOptions.LiveSessionCacheTime"/> and never past the
/// session's own expiry. Whoever ends a session publishes <see cref="SessionsEnded"/> on the bus's
/// sessions topic, which every node follows from its first check on: each node forgets those sessions
/// the moment the event arrives; with several nodes, <see cref="SessionEndings"/> covers the moment
/// before it arrives. While the bus may be missing events (the backplane is disconnected) nothing is
/// trusted or kept, so a lost event can never keep a revoked token alive.
/// </summary>
public sealed class LiveSessions : IHostedService
{
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _live = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly IEventBus _bus;
    private readonly EventBusGaps _gaps;
    private readonly SessionEndings _endings;
    private readonly IDbContextFactory<TokenIMDbContext> _dbFactory;
    private readonly TimeSpan _cacheTime;
    private readonly TimeProvider _clock;
    private readonly ILogger<LiveSessions> _logger;

    // Moves on every forgetting, so an answer read from the database while a session was ending
    // (read before the commit, back after the event) is not kept.
    private long _generation;
    private Task? _listening;
    private DateTime _nextSweep;

    public LiveSessions(
        IEventBus bus, EventBusGaps gaps, SessionEndings endings, IDbContextFactory<TokenIMDbContext> dbFactory, AuthOptions options,
        TimeProvider clock, ILogger<LiveSessions> logger)
    {
        _bus = bus;
        _gaps = gaps;
        _endings = endings;
        _dbFactory = dbFactory;
        _cacheTime = options.LiveSessionCacheTime;
        _clock = clock;
        _logger = logger;
        gaps.Opened += ForgetAll;
        gaps.Closed += ForgetAll;
    }

    /// <summary>
    /// Raised for every <see cref="SessionsEnded"/> this node hears, after the sessions were forgotten, so what
    /// else hangs on a session (its open connections) ends with it. Handlers must be quick and must not throw.
    /// </summary>
    public event Action<SessionsEnded>? Ended;

    /// <summary>Follows the sessions topic from start-up, so the first requests can be remembered too.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Not awaited: a backplane that is away must not hold up start-up; requests read the database meanwhile.
        Listening();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether the user's session still holds an unspent refresh token and the account is open.</summary>
    public async Task<bool> IsLiveAsync(long userId, string sessionId, CancellationToken ct)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var trusted = _cacheTime > TimeSpan.Zero && Listening() && !_gaps.IsOpen;
        if (trusted && _live.TryGetValue(sessionId, out var entry) && entry.UserId == userId && entry.Until > now
            && await _endings.CountAsync(userId) == entry.Endings)
            return true;

        // Both read before the database: an ending committed after this read moves them, so what the
        // database says now is not kept past it.
        var generation = Volatile.Read(ref _generation);
        var endings = trusted ? await _endings.CountAsync(userId) : null;
        var expiresAt = await ReadAsync(userId, sessionId, now, ct);
        if (expiresAt is not { } until) return false;
        if (endings is { } count)
        {
            var entryUntil = now + _cacheTime < until ? now + _cacheTime : until;
            lock (_gate)
            {
                if (generation == _generation && !_gaps.IsOpen) _live[sessionId] = new Entry(userId, entryUntil, count);
                if (_live.Count > SweepAbove && now >= _nextSweep) Sweep(now);
            }
        }
        return true;
    }

    // Every sign-in is a new session id; once there are many, lapsed entries are dropped, at most once
    // per cache time (the longest an entry lives), so a busy node does not walk them on every miss.
    private void Sweep(DateTime now)
    {
        foreach (var (sessionId, entry) in _live)
            if (entry.Until <= now) _live.TryRemove(sessionId, out _);
        _nextSweep = now + _cacheTime;
    }

    /// <summary>
    /// After the commit that ended the session (or every session of the user, when null), before the
    /// caller is answered: every node stops taking the sessions' access tokens from now on.
    /// </summary>
    public async Task EndedAsync(long userId, string? sessionId)
    {
        await _endings.EndedAsync(userId);
        await _bus.PublishAsync(EventTopic.Sessions, new SessionsEnded(userId, sessionId));
    }

    private async Task<DateTime?> ReadAsync(long userId, string sessionId, DateTime now, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        // A session lives while it holds an unspent refresh token; rotation swaps it in one transaction.
        return await db.RefreshTokens
            .Where(t => t.FamilyId == sessionId && t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now && t.User!.DeletedAt == null)
            .MaxAsync(t => (DateTime?)t.ExpiresAt, ct);
    }

    // Until this node hears the sessions topic, it cannot learn of an ending, so it trusts nothing.
    private bool Listening()
    {
        var listening = Volatile.Read(ref _listening);
        if (listening is null || listening.IsFaulted)
        {
            lock (_gate)
            {
                if (_listening is null || _listening.IsFaulted) _listening = ListenAsync();
                listening = _listening;
            }
        }
        return listening.IsCompletedSuccessfully;
    }

    private async Task ListenAsync()
    {
        try
        {
            // Held for the node's lifetime: the cache is a singleton.
            await _bus.SubscribeAsync(EventTopic.Sessions, OnEvent);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not follow ended sessions; every request checks the database until it can");
            throw;
        }
    }

    private void OnEvent(ChatEvent chatEvent)
    {
        if (chatEvent is not SessionsEnded ended) return;
        lock (_gate)
        {
            _generation++;
            foreach (var (sessionId, entry) in _live)
                if (entry.UserId == ended.UserId && (ended.SessionId is null || ended.SessionId == sessionId))
                    _live.TryRemove(sessionId, out _);
        }
        Ended?.Invoke(ended);
    }

    private void ForgetAll()
    {
        lock (_gate)
        {
            _generation++;
            _live.Clear();
        }
    }

    private sealed record Entry(long UserId, DateTime Until, long Endings);
}
