namespace TokenIM.GraphQL.AspNetCore;

/// <summary>Calls back once a moment has passed, however far away (timers cannot wait as long as a token may live).</summary>
internal sealed class ExpiryTimer : IDisposable
{
    private readonly DateTimeOffset _at;
    private readonly Action _onExpired;
    private readonly ITimer _timer;

    public ExpiryTimer(DateTimeOffset at, Action onExpired)
    {
        _at = at;
        _onExpired = onExpired;
        _timer = TimeProvider.System.CreateTimer(_ => Fire(), null, Remaining(), Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer.Dispose();

    private void Fire()
    {
        if (_at > DateTimeOffset.UtcNow)
        {
            _timer.Change(Remaining(), Timeout.InfiniteTimeSpan);
            return;
        }

        // An exception escaping a timer callback would end the process; the callbacks only end streams.
        try
        {
            _onExpired();
        }
        catch (Exception)
        {
        }
    }

    private TimeSpan Remaining()
    {
        var remaining = _at - DateTimeOffset.UtcNow;
        var longest = TimeSpan.FromMilliseconds(int.MaxValue - 1);
        return remaining > longest ? longest : remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
    }
}
