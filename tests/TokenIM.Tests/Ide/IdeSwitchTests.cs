using System.Net;
using TokenIM.Server.Ide;
using TokenIM.Tests.Startup;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Ide;

/// <summary>TokenIM__Api__Ide: BananaCakePop, GraphiQL or None; true and false from when it was a switch.</summary>
public sealed class IdeSwitchTests
{
    private const string SigningKey = "ide-switch-tests-signing-key-0123456789abcdef";

    private static TokenIMFactory Production() => new TokenIMFactory { Environment = "Production" }.With("TokenIM:Auth:SigningKey", SigningKey);

    private static async Task<string> WhatABrowserGetsAsync(TokenIMFactory node)
    {
        var client = node.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var page = await client.SendAsync(BrowserRequests.Open("/graphql"));
        if (page.StatusCode == HttpStatusCode.Found && page.Headers.Location?.OriginalString == "graphql/")
        {
            using var folder = await client.SendAsync(BrowserRequests.Open("/graphql/"));
            var html = await folder.Content.ReadAsStringAsync();
            return html.Contains("<title>Banana Cake Pop</title>") ? "BananaCakePop" : "something else: " + html;
        }
        if (page.Content.Headers.ContentType?.MediaType != "text/html") return "None";
        return (await page.Content.ReadAsStringAsync()).Contains("<div id=\"graphiql\">") ? "GraphiQL" : "something else";
    }

    [Fact]
    public async Task Banana_Cake_Pop_is_the_IDE_in_Development_by_default()
    {
        using var node = new TokenIMFactory();

        Assert.Equal("BananaCakePop", await WhatABrowserGetsAsync(node));
    }

    [Fact]
    public async Task The_IDE_is_off_in_Production_by_default()
    {
        using var node = Production();

        await AssertNoIdeIsServedAsync(node);
    }

    [Theory]
    [InlineData("BananaCakePop", "BananaCakePop")]
    [InlineData("bananacakepop", "BananaCakePop")]
    [InlineData("GraphiQL", "GraphiQL")]
    [InlineData("graphiql", "GraphiQL")]
    [InlineData("true", "BananaCakePop")]
    [InlineData("True", "BananaCakePop")]
    public async Task TokenIM_Api_Ide_turns_an_IDE_on_in_Production(string setting, string served)
    {
        using var node = Production().With("TokenIM:Api:Ide", setting);

        Assert.Equal(served, await WhatABrowserGetsAsync(node));
    }

    [Theory]
    [InlineData("None")]
    [InlineData("false")]
    public async Task TokenIM_Api_Ide_None_or_false_turns_it_off_in_Development(string setting)
    {
        using var node = new TokenIMFactory().With("TokenIM:Api:Ide", setting);

        await AssertNoIdeIsServedAsync(node);
    }

    [Fact]
    public async Task With_GraphiQL_chosen_Banana_Cake_Pop_is_not_served_and_the_other_way_round()
    {
        using var graphiQL = new TokenIMFactory().With("TokenIM:Api:Ide", "GraphiQL");
        using var bananaCakePop = new TokenIMFactory().With("TokenIM:Api:Ide", "BananaCakePop");

        using var app = await graphiQL.CreateClient().GetAsync("/graphql/service-worker.js");
        using var bundle = await bananaCakePop.CreateClient().GetAsync("/ide/graphiql.js");

        Assert.Equal(HttpStatusCode.NotFound, app.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bundle.StatusCode);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(" GraphiQL ", IdeKind.GraphiQL)]
    [InlineData("NONE", IdeKind.None)]
    [InlineData("false", IdeKind.None)]
    [InlineData("true", IdeKind.BananaCakePop)]
    public void Settings_parse_to_an_IDE(string? setting, IdeKind? expected)
    {
        Assert.True(IdeOptions.TryParse(setting, out var kind));
        Assert.Equal(expected, kind);
    }

    [Theory]
    [InlineData("Nitro")]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("GraphiQL,BananaCakePop")]
    public void Anything_else_is_not_a_setting(string setting)
    {
        Assert.False(IdeOptions.TryParse(setting, out _));
    }

    [Fact]
    public async Task An_IDE_the_node_does_not_have_stops_start_up_with_one_line_naming_the_setting_and_exit_code_2()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["TokenIM__DataDirectory"] = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N")),
            ["TokenIM__Api__Ide"] = "Nitro",
        });

        StartupAssert.AssertOneLineNaming(exitCode, output, "TokenIM__Api__Ide");
        Assert.Contains("BananaCakePop, GraphiQL or None", output);
        Assert.Contains("'Nitro'", output);
    }

    // Neither the page nor either IDE's files: a browser gets the API's answer.
    private static async Task AssertNoIdeIsServedAsync(TokenIMFactory node)
    {
        var client = node.CreateClient();

        using var script = await client.GetAsync("/ide/graphiql.js");
        using var app = await client.GetAsync("/graphql/service-worker.js");

        Assert.Equal("None", await WhatABrowserGetsAsync(node));
        Assert.Equal(HttpStatusCode.NotFound, script.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, app.StatusCode);
    }
}
