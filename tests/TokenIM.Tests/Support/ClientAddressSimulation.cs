using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace TokenIM.Tests.Support;

/// <summary>
/// The in-process server has no network, so every request would come from the same (or no) address.
/// A test names the address a request comes from with <see cref="Header"/>; this sets it first thing.
/// </summary>
public sealed class ClientAddressSimulation : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";
    public const string Default = "192.0.2.1";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(
                context.Request.Headers.TryGetValue(Header, out var address) ? address.ToString() : Default);
            return nextMiddleware(context);
        });
        next(app);
    };
}
