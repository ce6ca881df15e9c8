using System.Net;
using TokenIM.GraphQL.AspNetCore.Uploads;

namespace TokenIM.Tests.Transport.Uploads;

/// <summary>The GraphQL multipart request spec (v2.1) on the transport: what it accepts and how files reach resolvers.</summary>
public sealed class MultipartRequestTests : IAsyncLifetime
{
    private const string UploadOne = """{"query":"mutation($file: Upload!) { upload(file: $file) }","variables":{"file":null}}""";

    private readonly string _spool = Path.Combine(Path.GetTempPath(), "tokenim-tests", "uploads-" + Guid.NewGuid().ToString("N"));
    private TransportHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (Directory.Exists(_spool))
            Directory.Delete(_spool, recursive: true);
    }

    private Task<TransportHost> StartAsync(Action<GraphQLUploadOptions>? configure = null) =>
        TransportHost.StartAsync(uploads: o =>
        {
            o.TempDirectory = _spool;
            configure?.Invoke(o);
        });

    [Fact]
    public async Task A_single_file_reaches_the_resolver_with_its_name_type_length_and_bytes()
    {
        var body = MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").File("0", "hello, file", "notes.txt", "text/plain").End();

        using var response = await _host.Client.PostMultipartAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"data":{"upload":"notes.txt|text/plain|11|hello, file"}}""", (await TransportHost.ReadJsonAsync(response)).ToJsonString());
    }

    [Fact]
    public async Task A_list_of_files_arrives_in_the_order_of_its_paths_not_of_its_parts()
    {
        var body = MultipartBody.Of(
                """{"query":"mutation($files: [Upload!]!) { uploadMany(files: $files) }","variables":{"files":[null,null]}}""",
                """{"b":["variables.files.1"],"a":["variables.files.0"]}""")
            .File("b", "second", "b.txt").File("a", "first", "a.txt").End();

        using var response = await _host.Client.PostMultipartAsync(body);

        var data = (await TransportHost.ReadJsonAsync(response))["data"]!["uploadMany"]!.AsArray();
        Assert.Equal(["a.txt|text/plain|5|first", "b.txt|text/plain|6|second"], data.Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public async Task One_file_mapped_at_two_paths_is_the_same_file_at_both()
    {
        var body = MultipartBody.Of(
                """{"query":"mutation($a: Upload!, $b: Upload!) { sameUpload(a: $a, b: $b) }","variables":{"a":null,"b":null}}""",
                """{"0":["variables.a","variables.b"]}""")
            .File("0", "shared").End();

        using var response = await _host.Client.PostMultipartAsync(body);

        Assert.Equal("""{"data":{"sameUpload":true}}""", (await TransportHost.ReadJsonAsync(response)).ToJsonString());
    }

    [Fact]
    public async Task A_file_inside_an_input_object_sits_beside_its_other_fields()
    {
        var body = MultipartBody.Of(
                """{"query":"mutation($input: UploadInput!) { uploadWithCaption(input: $input) }","variables":{"input":{"caption":"Look","file":null}}}""",
                """{"0":["variables.input.file"]}""")
            .File("0", "x", "x.txt").End();

        using var response = await _host.Client.PostMultipartAsync(body);

        Assert.Equal("Look: x.txt|text/plain|1|x", (await TransportHost.ReadJsonAsync(response))["data"]!["uploadWithCaption"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_part_without_a_content_type_is_application_octet_stream_and_binary_bytes_arrive_unchanged()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var body = MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").File("0", bytes, "all.bin", contentType: null).End();

        using var response = await _host.Client.PostMultipartAsync(body);

        var described = (await TransportHost.ReadJsonAsync(response))["data"]!["upload"]!.GetValue<string>();
        Assert.StartsWith("all.bin|application/octet-stream|256|", described);
    }

    [Fact]
    public async Task A_file_name_in_filename_star_is_decoded()
    {
        var body = MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""")
            .Raw($"--{MultipartBody.Boundary}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"x.txt\"; filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n\r\nsun\r\n")
            .End();

        using var response = await _host.Client.PostMultipartAsync(body);

        Assert.Equal("été.txt|application/octet-stream|3|sun", (await TransportHost.ReadJsonAsync(response))["data"]!["upload"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_without_files_runs_like_a_json_post()
    {
        using var response = await _host.Client.PostMultipartAsync(MultipartBody.Of("""{"query":"{ hello }"}""", "{}").End());

        Assert.Equal("""{"data":{"hello":"Hello, world!"}}""", (await TransportHost.ReadJsonAsync(response)).ToJsonString());
    }

    [Fact]
    public async Task Temporary_files_are_gone_once_the_request_has_ended()
    {
        var body = MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").File("0", new string('z', 100_000)).End();

        using var response = await _host.Client.PostMultipartAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await _host.Outcomes.First);

        Assert.True(Directory.Exists(_spool), "the file was spooled to the configured folder");
        Assert.Empty(Directory.GetFiles(_spool));
    }

    [Theory]
    [InlineData("GraphQL-Preflight")]
    [InlineData("Apollo-Require-Preflight")]
    [InlineData("X-Apollo-Operation-Name")]
    public async Task Each_preflight_header_of_the_known_clients_is_accepted(string header)
    {
        using var response = await _host.Client.PostMultipartAsync(MultipartBody.Of("""{"query":"mutation { increment }"}""", "{}").End(), header);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _host.State.Counter);
    }

    [Fact]
    public async Task Without_a_preflight_header_the_request_is_400_naming_the_header_and_nothing_runs()
    {
        using var response = await _host.Client.PostMultipartAsync(MultipartBody.Of("""{"query":"mutation { increment }"}""", "{}").End(), preflightHeader: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (message, code) = await TransportHost.ReadSingleErrorAsync(response);
        Assert.Equal("BAD_REQUEST", code);
        Assert.Contains("GraphQL-Preflight", message);
        Assert.Equal(0, _host.State.Counter);
    }

    [Fact]
    public async Task An_empty_preflight_header_does_not_count()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = MultipartBody.Of("""{"query":"mutation { increment }"}""", "{}").End().ToContent() };
        request.Headers.TryAddWithoutValidation("GraphQL-Preflight", " ");

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _host.State.Counter);
    }

    public static TheoryData<string, MultipartBody, string> MalformedRequests() => new()
    {
        { "no parts", new MultipartBody().End(), "The first part of a multipart request must be 'operations'." },
        { "map first", new MultipartBody().Field("map", "{}").Field("operations", """{"query":"{ hello }"}""").End(), "The first part of a multipart request must be 'operations'." },
        { "no map", new MultipartBody().Field("operations", """{"query":"{ hello }"}""").End(), "The second part of a multipart request must be 'map'." },
        { "a file before map", new MultipartBody().Field("operations", UploadOne).File("0", "x").Field("map", """{"0":["variables.file"]}""").End(), "The second part of a multipart request must be 'map'." },
        { "operations not JSON", MultipartBody.Of("{query", "{}").End(), "The 'operations' part is not valid JSON." },
        { "operations a batch", MultipartBody.Of("""[{"query":"{ hello }"}]""", "{}").End(), "The 'operations' part must be a JSON object; batches (an array) are not accepted here." },
        { "operations without query", MultipartBody.Of("""{"variables":{}}""", "{}").End(), "The request must include a 'query' string." },
        { "variables not an object", MultipartBody.Of("""{"query":"{ hello }","variables":[]}""", "{}").End(), "The 'variables' parameter must be a JSON object." },
        { "map not JSON", MultipartBody.Of(UploadOne, "{").End(), "The 'map' part is not valid JSON." },
        { "map an array", MultipartBody.Of(UploadOne, """[["variables.file"]]""").End(), "The 'map' part must be a JSON object from file part names to arrays of paths, e.g. {\"0\":[\"variables.file\"]}." },
        { "map entry a string", MultipartBody.Of(UploadOne, """{"0":"variables.file"}""").File("0", "x").End(), "Entry '0' of 'map' must be a non-empty array of path strings." },
        { "map entry empty", MultipartBody.Of(UploadOne, """{"0":[]}""").File("0", "x").End(), "Entry '0' of 'map' must be a non-empty array of path strings." },
        { "map path a number", MultipartBody.Of(UploadOne, """{"0":[1]}""").File("0", "x").End(), "Entry '0' of 'map' must be a non-empty array of path strings." },
        { "map name twice", MultipartBody.Of("""{"query":"mutation($a: Upload!, $b: Upload!) { sameUpload(a: $a, b: $b) }","variables":{"a":null,"b":null}}""", """{"0":["variables.a"],"0":["variables.b"]}""").File("0", "x").End(), "'map' names file '0' more than once." },
        { "path to a missing variable", MultipartBody.Of(UploadOne, """{"0":["variables.nope"]}""").File("0", "x").End(), "Path 'variables.nope' in 'map' does not exist in the operation's variables." },
        { "path outside the variables", MultipartBody.Of(UploadOne, """{"0":["query"]}""").File("0", "x").End(), "Path 'query' in 'map' does not exist in the operation's variables." },
        { "path to the variables themselves", MultipartBody.Of(UploadOne, """{"0":["variables"]}""").File("0", "x").End(), "Path 'variables' in 'map' does not exist in the operation's variables." },
        { "path past the end of a list", MultipartBody.Of("""{"query":"mutation($f: [Upload!]!) { uploadMany(files: $f) }","variables":{"f":[null]}}""", """{"0":["variables.f.1"]}""").File("0", "x").End(), "Path 'variables.f.1' in 'map' does not exist in the operation's variables." },
        { "path with a negative index", MultipartBody.Of("""{"query":"mutation($f: [Upload!]!) { uploadMany(files: $f) }","variables":{"f":[null]}}""", """{"0":["variables.f.-1"]}""").File("0", "x").End(), "Path 'variables.f.-1' in 'map' does not exist in the operation's variables." },
        { "path into a string", MultipartBody.Of("""{"query":"mutation($file: Upload!) { upload(file: $file) }","variables":{"file":"abc"}}""", """{"0":["variables.file.0"]}""").File("0", "x").End(), "Path 'variables.file.0' in 'map' does not exist in the operation's variables." },
        { "path to a value that is not null", MultipartBody.Of("""{"query":"mutation($file: Upload!) { upload(file: $file) }","variables":{"file":"abc"}}""", """{"0":["variables.file"]}""").File("0", "x").End(), "Path 'variables.file' in 'map' must point at a null in the operation's variables." },
        { "path given twice", MultipartBody.Of(UploadOne, """{"0":["variables.file"],"1":["variables.file"]}""").File("0", "x").File("1", "y").End(), "Path 'variables.file' appears more than once in 'map'." },
        { "variables absent", MultipartBody.Of("""{"query":"mutation($file: Upload!) { upload(file: $file) }"}""", """{"0":["variables.file"]}""").File("0", "x").End(), "Path 'variables.file' in 'map' does not exist in the operation's variables." },
        { "a mapped file missing", MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").End(), "File '0' named in 'map' is missing from the request." },
        { "a part map does not name", MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").File("0", "x").File("1", "y").End(), "Part '1' is not named in 'map'." },
        { "a file sent twice", MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").File("0", "x").File("0", "y").End(), "Part '0' appears more than once." },
        { "operations sent again", MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").File("0", "x").Field("operations", "{}").End(), "Part 'operations' appears more than once." },
        { "a part without a name", MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").Raw($"--{MultipartBody.Boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n").End(), "Every part of a multipart request needs a Content-Disposition of form-data with a name." },
        { "a part without a disposition", MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").Raw($"--{MultipartBody.Boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n").End(), "Every part of a multipart request needs a Content-Disposition of form-data with a name." },
        { "no closing boundary", MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").Raw($"--{MultipartBody.Boundary}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"a\"\r\n\r\nunfinished"), "The multipart body is malformed, or it ends before its closing boundary." },
        { "no boundary at all", new MultipartBody().Raw("""{"query":"{ hello }"}"""), "The multipart body is malformed, or it ends before its closing boundary." },
        { "headers that never end", new MultipartBody().Raw($"--{MultipartBody.Boundary}\r\nContent-Disposition: form-data; name=\"operations\"\r\nX: {new string('a', 20_000)}\r\n\r\n{{}}\r\n").End(), "The multipart body is malformed, or it ends before its closing boundary." },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task A_malformed_request_is_400_BAD_REQUEST_saying_what_is_wrong_and_runs_nothing(string why, MultipartBody body, string expected)
    {
        using var response = await _host.Client.PostMultipartAsync(body, accept: TransportHost.GraphQLResponseJson);

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var (message, code) = await TransportHost.ReadSingleErrorAsync(response);
        Assert.Equal(expected, message);
        Assert.Equal("BAD_REQUEST", code);
        Assert.Null(await _host.Outcomes.First);
        Assert.Empty(Directory.Exists(_spool) ? Directory.GetFiles(_spool) : []);
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=")]
    [InlineData("multipart/form-data; boundary=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_multipart_content_type_without_a_usable_boundary_is_400(string contentType)
    {
        using var response = await _host.Client.PostMultipartAsync(MultipartBody.Of("""{"query":"{ hello }"}""", "{}").End(), contentType: contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("boundary", (await TransportHost.ReadSingleErrorAsync(response)).Message);
    }

    [Fact]
    public async Task A_file_larger_than_the_limit_is_413_and_leaves_no_temporary_file()
    {
        await using var host = await StartAsync(o => o.MaxFileBytes = 1000);
        var body = MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").File("0", new string('a', 1001)).End();

        using var response = await host.Client.PostMultipartAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(("File '0' is larger than the limit of 1000 bytes.", "BAD_REQUEST"), await TransportHost.ReadSingleErrorAsync(response));
        Assert.Null(await host.Outcomes.First);
        Assert.Empty(Directory.GetFiles(_spool));
    }

    [Fact]
    public async Task A_file_exactly_at_the_limit_is_accepted()
    {
        await using var host = await StartAsync(o => o.MaxFileBytes = 1000);
        var body = MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").File("0", new string('a', 1000)).End();

        using var response = await host.Client.PostMultipartAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("|1000|", (await TransportHost.ReadJsonAsync(response))["data"]!["upload"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_map_naming_more_files_than_the_limit_is_413_before_any_file_is_read()
    {
        await using var host = await StartAsync(o => o.MaxFiles = 2);
        var body = MultipartBody.Of(
                """{"query":"mutation($f: [Upload!]!) { uploadMany(files: $f) }","variables":{"f":[null,null,null]}}""",
                """{"0":["variables.f.0"],"1":["variables.f.1"],"2":["variables.f.2"]}""")
            .File("0", "a").File("1", "b").File("2", "c").End();

        using var response = await host.Client.PostMultipartAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("'map' names 3 files; a request may carry at most 2.", (await TransportHost.ReadSingleErrorAsync(response)).Message);
        Assert.False(Directory.Exists(_spool) && Directory.GetFiles(_spool).Length > 0);
    }

    [Fact]
    public async Task Operations_larger_than_the_request_body_limit_is_413()
    {
        await using var host = await TransportHost.StartAsync(http: o => o.MaxRequestBodyBytes = 100, uploads: o => o.TempDirectory = _spool);
        var operations = $$"""{"query":"{ hello(name: \"{{new string('n', 200)}}\") }"}""";

        using var response = await host.Client.PostMultipartAsync(MultipartBody.Of(operations, "{}").End());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("The 'operations' part is larger than the limit of 100 bytes.", (await TransportHost.ReadSingleErrorAsync(response)).Message);
    }

    [Fact]
    public async Task A_map_larger_than_its_limit_is_413()
    {
        await using var host = await StartAsync(o => o.MaxMapBytes = 20);

        using var response = await host.Client.PostMultipartAsync(MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").File("0", "x").End());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("The 'map' part is larger than the limit of 20 bytes.", (await TransportHost.ReadSingleErrorAsync(response)).Message);
    }

    [Fact]
    public async Task A_multipart_subscription_is_refused_like_any_subscription_over_POST()
    {
        using var response = await _host.Client.PostMultipartAsync(
            MultipartBody.Of("""{"query":"subscription { ticks(count: 1) }"}""", "{}").End(), accept: TransportHost.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("Subscriptions are not supported over HTTP; use a WebSocket.", "BAD_REQUEST"), await TransportHost.ReadSingleErrorAsync(response));
        Assert.Equal(0, _host.State.SubscriptionsStarted);
    }

    [Fact]
    public async Task A_GET_cannot_carry_a_file_its_multipart_body_is_never_read()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("query($file: Upload) { uploadName(file: $file) }") + "&variables=" + Uri.EscapeDataString("""{"file":null}"""))
        {
            Content = MultipartBody.Of("""{"query":"query($file: Upload) { uploadName(file: $file) }","variables":{"file":null}}""", """{"0":["variables.file"]}""")
                .File("0", "x").End().ToContent(),
        };
        request.Headers.TryAddWithoutValidation("GraphQL-Preflight", "1");

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal("""{"data":{"uploadName":null}}""", (await TransportHost.ReadJsonAsync(response)).ToJsonString());
        Assert.False(Directory.Exists(_spool));
    }

    [Fact]
    public async Task Without_AddGraphQLUploads_a_multipart_request_is_415()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.Client.PostMultipartAsync(MultipartBody.Of(UploadOne, """{"0":["variables.file"]}""").File("0", "x").End());

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Content-Type must be application/json.", (await TransportHost.ReadSingleErrorAsync(response)).Message);
    }

    [Fact]
    public async Task With_uploads_on_the_415_for_another_media_type_names_both()
    {
        using var response = await _host.PostJsonAsync("""{"query":"{ hello }"}""", contentType: "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Content-Type must be application/json, or multipart/form-data for a request that uploads files.", (await TransportHost.ReadSingleErrorAsync(response)).Message);
    }

    [Fact]
    public async Task A_JSON_post_is_untouched_by_uploads()
    {
        using var response = await _host.PostAsync(new { query = "{ hello }" });

        Assert.Equal("""{"data":{"hello":"Hello, world!"}}""", (await TransportHost.ReadJsonAsync(response)).ToJsonString());
    }

    [Fact]
    public async Task An_unacceptable_Accept_is_406_before_the_body_is_read()
    {
        using var response = await _host.Client.PostMultipartAsync(MultipartBody.Of("""{"query":"mutation { increment }"}""", "{}").End(), accept: "text/html");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Equal(0, _host.State.Counter);
    }
}
