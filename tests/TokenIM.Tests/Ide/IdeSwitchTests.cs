using System.Net;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Ide;

public sealed class IdeSwitchTests
{
    private const string SigningKey = "ide-switch-tests-signing-key-0123456789abcdef";

    [Fact]
    public async Task The_IDE_is_off_in_Production_by_default()
    {
        using var node = new TokenIMFactory { Environment = "Production" }.With("TokenIM:Auth:SigningKey", SigningKey);
        var client = node.CreateClient();

        using var page = await client.SendAsync(BrowserRequests.Open("/graphql"));
        using var script = await client.GetAsync("/ide/graphiql.js");

        Assert.NotEqual("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, script.StatusCode);
    }

    [Fact]
    public async Task TokenIM_Api_Ide_turns_it_on_in_Production()
    {
        using var node = new TokenIMFactory { Environment = "Production" }
            .With("TokenIM:Auth:SigningKey", SigningKey)
            .With("TokenIM:Api:Ide", "true");

        using var page = await node.CreateClient().SendAsync(BrowserRequests.Open("/graphql"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TokenIM_Api_Ide_false_turns_it_off_in_Development()
    {
        using var node = new TokenIMFactory().With("TokenIM:Api:Ide", "false");

        using var page = await node.CreateClient().SendAsync(BrowserRequests.Open("/graphql"));

        Assert.NotEqual("text/html", page.Content.Headers.ContentType?.MediaType);
    }
}
