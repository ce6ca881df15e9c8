using System.Net;
using System.Net.Sockets;

namespace TokenIM.Server.Http;

/// <summary>
/// Where a request came from, as Kestrel sees it. Behind a reverse proxy that is the proxy, unless
/// forwarded headers are enabled (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>).
/// </summary>
public static class ClientAddress
{
    /// <summary>The remote address in text form, or null when the transport has none.</summary>
    public static string? Of(HttpContext? context) =>
        context?.Connection.RemoteIpAddress is { } address ? Canonical(address).ToString() : null;

    /// <summary>
    /// The key per-address limits count against. An IPv6 client is counted by its /64 network: one
    /// host is usually handed a whole /64, so counting single addresses would give it 2^64 budgets.
    /// </summary>
    public static string LimitKey(HttpContext? context)
    {
        if (context?.Connection.RemoteIpAddress is not { } remote) return "unknown";
        var address = Canonical(remote);
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
