using System.Net;
using System.Text;
using GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport.Uploads;

/// <summary>Uploads over a real Kestrel socket, where the server's own body limit and chunked bodies come into play.</summary>
public sealed class KestrelUploadTests : IAsyncLifetime
{
    private const string UploadOne = """{"query":"mutation($file: Upload!) { upload(file: $file) }","variables":{"file":null}}""";

    private readonly string _spool = Path.Combine(Path.GetTempPath(), "tokenim-tests", "uploads-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            // Far below what the upload limits allow: the endpoint must raise it for multipart requests.
            o.Limits.MaxRequestBodySize = 8 * 1024;
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new TinyState());
        builder.Services.AddGraphQL(b => b.AddSchema<TinySchema>().AddSystemTextJson());
        builder.Services.AddGraphQLHttp();
        builder.Services.AddGraphQLUploads(o => (o.MaxFileBytes, o.TempDirectory) = (100_000, _spool));
        _app = builder.Build();
        _app.MapGraphQL<TinySchema>();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        if (Directory.Exists(_spool))
            Directory.Delete(_spool, recursive: true);
    }

    [Fact]
    public async Task A_file_over_the_servers_own_body_limit_is_accepted_when_the_upload_limits_allow_it()
    {
        var body = MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").File("0", new string('k', 60_000)).End();

        using var response = await _client.PostMultipartAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("|60000|", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_JSON_body_keeps_the_servers_own_limit()
    {
        var json = $$"""{"query":"{ hello(name: \"{{new string('n', 10_000)}}\") }"}""";

        using var response = await _client.PostAsync("/graphql", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_chunked_file_is_refused_with_413_while_it_streams_not_after_it_ends()
    {
        // A raw socket: HttpClient stops at the broken pipe of a refused upload and never shows the answer.
        var address = new Uri(_client.BaseAddress!, "/graphql");
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var head = $"--{MultipartBody.Boundary}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{UploadOne}\r\n" +
                   $"--{MultipartBody.Boundary}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{{\"0\":[\"variables.file\"]}}\r\n" +
                   $"--{MultipartBody.Boundary}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"endless.bin\"\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /graphql HTTP/1.1\r\nHost: {address.Authority}\r\nGraphQL-Preflight: 1\r\nTransfer-Encoding: chunked\r\n" +
            $"Content-Type: multipart/form-data; boundary={MultipartBody.Boundary}\r\n\r\n{Chunk(head)}"));
        var answer = ReadToEndAsync(stream);

        // A file that would go on for 200 MB; without a Content-Length the limit can only be found by counting.
        var piece = Encoding.ASCII.GetBytes(Chunk(new string('z', 64 * 1024)));
        long sent = 0;
        try
        {
            while (!answer.IsCompleted && sent < 200L * 1024 * 1024)
            {
                await stream.WriteAsync(piece);
                sent += piece.Length;
            }
            if (!answer.IsCompleted)
                await stream.WriteAsync(Encoding.ASCII.GetBytes(Chunk($"\r\n--{MultipartBody.Boundary}--\r\n") + "0\r\n\r\n"));
        }
        catch (IOException)
        {
            // The server closed the connection once it had answered.
        }
        var text = await answer;

        Assert.True(text.StartsWith("HTTP/1.1 413", StringComparison.Ordinal), text);
        Assert.True(text.Contains("is larger than the limit of 100000 bytes.", StringComparison.Ordinal), text);
        Assert.True(sent < 100L * 1024 * 1024, $"the client had to send {sent} bytes");
        Assert.Empty(Directory.Exists(_spool) ? Directory.GetFiles(_spool) : []);
    }

    private static string Chunk(string data) => $"{Encoding.ASCII.GetByteCount(data):x}\r\n{data}\r\n";

    private static async Task<string> ReadToEndAsync(Stream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
                received.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // A reset after the answer: what arrived is what counts.
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }
}
