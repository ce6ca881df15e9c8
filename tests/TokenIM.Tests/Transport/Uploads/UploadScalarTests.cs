using System.Net;
using GraphQLParser.AST;
using TokenIM.GraphQL.AspNetCore.Uploads;

namespace TokenIM.Tests.Transport.Uploads;

/// <summary>The Upload scalar takes files from the transport and nothing a client can write by hand.</summary>
public sealed class UploadScalarTests
{
    private static readonly UploadedFile File = new("a.txt", "text/plain", 1, () => new MemoryStream([1]));

    [Fact]
    public void Its_values_are_uploaded_files_and_null()
    {
        var scalar = new UploadGraphType();

        Assert.Same(File, scalar.ParseValue(File));
        Assert.Null(scalar.ParseValue(null));
        Assert.True(scalar.CanParseValue(File));
    }

    [Theory]
    [InlineData("a string")]
    [InlineData(42)]
    [InlineData(true)]
    public void A_JSON_value_in_place_of_a_file_is_refused(object value)
    {
        var scalar = new UploadGraphType();

        Assert.False(scalar.CanParseValue(value));
        Assert.ThrowsAny<InvalidOperationException>(() => scalar.ParseValue(value));
    }

    [Fact]
    public void A_literal_is_never_a_file_but_null_is_null()
    {
        var scalar = new UploadGraphType();

        Assert.False(scalar.CanParseLiteral(new GraphQLStringValue("file")));
        Assert.True(scalar.CanParseLiteral(new GraphQLNullValue()));
        Assert.Null(scalar.ParseLiteral(new GraphQLNullValue()));
    }

    [Fact]
    public void An_upload_is_never_an_output()
    {
        Assert.ThrowsAny<InvalidOperationException>(() => new UploadGraphType().Serialize(File));
    }

    [Fact]
    public async Task The_schema_prints_it_with_the_spec_it_follows()
    {
        await using var host = await TransportHost.StartAsync();

        var sdl = await host.Client.GetStringAsync("/graphql?sdl");

        Assert.Contains("\"A file sent in a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec).\"\nscalar Upload", sdl);
    }

    [Fact]
    public async Task A_string_literal_where_a_file_belongs_is_a_validation_error_and_nothing_runs()
    {
        await using var host = await TransportHost.StartAsync(uploads: _ => { });

        using var response = await host.PostAsync(new { query = """mutation { upload(file: "not a file") }""" }, TransportHost.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (message, _) = await TransportHost.ReadSingleErrorAsync(response);
        Assert.Contains("Upload", message);
    }

    [Fact]
    public async Task A_JSON_value_in_a_variable_where_a_file_belongs_is_refused_as_invalid_input()
    {
        await using var host = await TransportHost.StartAsync(uploads: _ => { });

        using var response = await host.PostAsync(
            new { query = "mutation($file: Upload!) { upload(file: $file) }", variables = new { file = new { name = "a.txt", content = "aGk=" } } },
            TransportHost.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (message, code) = await TransportHost.ReadSingleErrorAsync(response);
        Assert.Contains("$file", message);
        Assert.Equal("INVALID_VALUE", code);
    }

    [Fact]
    public async Task A_multipart_request_leaving_a_file_path_null_is_refused_for_a_non_null_argument()
    {
        await using var host = await TransportHost.StartAsync(uploads: _ => { });

        using var response = await host.Client.PostMultipartAsync(
            MultipartBody.Of("""{"query":"mutation($file: Upload!) { upload(file: $file) }","variables":{"file":null}}""", "{}").End(),
            accept: TransportHost.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$file", (await TransportHost.ReadSingleErrorAsync(response)).Message);
    }
}
