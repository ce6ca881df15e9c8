using System.Net;
using System.Net.Sockets;

namespace TokenIM.Benchmarks;

/// <summary>
/// The tool only ever talks to this machine. Also: source addresses for many sockets. One source address
/// can hold one connection per ephemeral port to a given server port (Linux: <c>ip_local_port_range</c>,
/// 32768–60999 by default, about 28,000), so tens of thousands of sockets are spread over 127.0.0.2,
/// 127.0.0.3, … (every 127/8 address is local on Linux).
/// </summary>
public static class Loopback
{
    // Linux: IPPROTO_IP / IP_BIND_ADDRESS_NO_PORT. Bind the address now, pick the port at connect(), so a
    // bound socket's port is unique per destination, not across the whole machine.
    private const int IpProtocolIp = 0;
    private const int IpBindAddressNoPort = 24;

    /// <summary>Refuses any URL whose host is not a loopback address.</summary>
    public static Uri RequireLoopbackUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new OptionException($"--url must be an absolute http URL, not '{text}'");
        if (!IsLoopbackHost(url.Host))
            throw new OptionException($"--url must point at this machine (127.0.0.0/8, ::1 or localhost), not '{url.Host}'");
        return url;
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>The IPv4 address to connect to for a loopback URL (localhost means 127.0.0.1).</summary>
    public static IPAddress TargetAddress(Uri url) =>
        IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) ? address : IPAddress.Loopback;

    /// <summary>127.0.0.2, 127.0.0.3, …: <paramref name="count"/> source addresses.</summary>
    public static IReadOnlyList<IPAddress> SourceAddresses(int count)
    {
        if (count > 250 * 250) throw new OptionException("too many source addresses");
        var list = new List<IPAddress>(count);
        for (var i = 0; i < count; i++)
            list.Add(new IPAddress([127, 0, (byte)(i / 250), (byte)(2 + i % 250)]));
        return list;
    }

    /// <summary>
    /// An invoker whose connections leave from <paramref name="source"/> (null: the kernel chooses). WebSocket
    /// upgrades through it leave its pool, so one invoker serves any number of sockets.
    /// </summary>
    public static HttpMessageInvoker CreateInvoker(IPAddress? source, IPAddress target)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (source is not null)
                    {
                        if (OperatingSystem.IsLinux())
                            socket.SetRawSocketOption(IpProtocolIp, IpBindAddressNoPort, BitConverter.GetBytes(1));
                        socket.Bind(new IPEndPoint(source, 0));
                    }
                    await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
