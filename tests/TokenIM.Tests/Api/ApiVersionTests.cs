using System.Net;
using System.Net.Http.Json;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Api;

public sealed class ApiVersionTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Theory]
    [InlineData("/graphql", null)]
    [InlineData("/graphql", "1")]
    [InlineData("/v1/graphql", null)]
    public async Task Version_1_is_served_and_named_in_every_response(string path, string? pinned)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { query = "{ __typename }" }) };
        if (pinned is not null) request.Headers.Add("X-Api-Version", pinned);

        using var response = await _node.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("X-Api-Version")));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0")]
    [InlineData("v1; drop table")]
    public async Task An_unknown_version_is_400_UNSUPPORTED_API_VERSION(string pinned)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ __typename }" }) };
        request.Headers.TryAddWithoutValidation("X-Api-Version", pinned);

        using var response = await _node.CreateClient().SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"code\":\"UNSUPPORTED_API_VERSION\"", body);
    }
}
