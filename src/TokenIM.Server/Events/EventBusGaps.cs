namespace TokenIM.Server.Events;

/// <summary>
/// Whether this node may be missing bus events because the backplane's connection dropped. Caches kept
/// right by bus events listen here: they forget everything when a gap opens or closes and trust nothing
/// in between, since events published meanwhile never reach this node. The in-process bus has no gaps.
/// </summary>
public sealed class EventBusGaps
{
    private int _open;

    public bool IsOpen => Volatile.Read(ref _open) != 0;

    public event Action? Opened;

    public event Action? Closed;

    public void Open()
    {
        Volatile.Write(ref _open, 1);
        Opened?.Invoke();
    }

    public void Close()
    {
        Volatile.Write(ref _open, 0);
        Closed?.Invoke();
    }
}
