namespace TokenIM.Server.Data;

/// <summary>
/// The node's clock, truncated to the microsecond: PostgreSQL keeps timestamps to the microsecond,
/// so a time handed to a client straight after a write would otherwise differ in its last digit
/// from the same time read back later. Every provider gets the same precision, so both behave alike.
/// </summary>
public sealed class MicrosecondTimeProvider(TimeProvider inner) : TimeProvider
{
    public static readonly MicrosecondTimeProvider SystemClock = new(TimeProvider.System);

    public override DateTimeOffset GetUtcNow()
    {
        var now = inner.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;
}
