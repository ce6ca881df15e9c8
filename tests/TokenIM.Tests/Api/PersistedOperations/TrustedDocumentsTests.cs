using System.Text.Json;
using TokenIM.Tests.Support;
using static TokenIM.Tests.Api.PersistedOperations.PersistedRequests;

namespace TokenIM.Tests.Api.PersistedOperations;

/// <summary>Trusted documents: an allowlist from Apollo's and Relay's manifests, and a mode that runs nothing else.</summary>
public sealed class TrustedDocumentsTests : IDisposable
{
    private const string Typename = "query Typename { __typename }";
    private const string UserType = "query UserType { __type(name: \"User\") { name } }";
    private const string RelayId = "relay-doc-7f3a";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tokenim-trusted-" + Guid.NewGuid().ToString("N"));
    private readonly List<TokenIMFactory> _nodes = [];

    public TrustedDocumentsTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string ApolloManifest(params string[] bodies) => Write("apollo.json", new
    {
        format = "apollo-persisted-query-manifest",
        version = 1,
        operations = bodies.Select(b => new { id = Sha256(b), name = b.Split(' ')[1], type = "query", body = b }),
    });

    private string RelayManifest() => Write("persisted_queries.json", new Dictionary<string, string> { [RelayId] = UserType });

    private string Write(string name, object content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, JsonSerializer.Serialize(content));
        return path;
    }

    private TokenIMFactory Node(string environment, params (string Key, string Value)[] settings)
    {
        var node = new TokenIMFactory { Environment = environment }
            .With("TokenIM:Auth:SigningKey", "trusted documents tests' signing key, 32+ bytes long");
        foreach (var (key, value) in settings) node.With(key, value);
        _nodes.Add(node);
        return node;
    }

    private TokenIMFactory TrustedOnly(string environment = "Production", params (string, string)[] more) =>
        Node(environment, [("TokenIM:PersistedOperations:Mode", "TrustedOnly"),
            ("TokenIM:PersistedOperations:Manifests:0", ApolloManifest(Typename)),
            ("TokenIM:PersistedOperations:Manifests:1", RelayManifest()), .. more]);

    [Fact]
    public async Task In_trusted_only_mode_a_listed_operation_runs_by_hash_by_exact_text_and_by_Relay_doc_id()
    {
        var http = TrustedOnly().CreateClient();

        var (_, byHash) = await PostAsync(http, new { extensions = Extension(Sha256(Typename)) });
        var (_, byText) = await PostAsync(http, new { query = Typename });
        var (_, byDocId) = await PostAsync(http, new { doc_id = RelayId });
        var (_, byDocumentId) = await PostAsync(http, new { documentId = "sha256:" + Sha256(Typename) });

        Assert.Equal("Query", byHash["data"]!["__typename"]!.GetValue<string>());
        Assert.Equal("Query", byText["data"]!["__typename"]!.GetValue<string>());
        Assert.Equal("User", byDocId["data"]!["__type"]!["name"]!.GetValue<string>());
        Assert.Equal("Query", byDocumentId["data"]!["__typename"]!.GetValue<string>());
    }

    [Fact]
    public async Task In_trusted_only_mode_anything_else_is_OPERATION_NOT_TRUSTED_and_nothing_is_registered()
    {
        var http = TrustedOnly().CreateClient();
        const string other = "{ me { id } }";

        var (status, plain) = await PostAsync(http, new { query = other });
        var (_, withHash) = await PostAsync(http, new { query = other, extensions = Extension(Sha256(other)) });
        var (_, lookup) = await PostAsync(http, new { extensions = Extension(Sha256(other)) });
        var (_, unknownDoc) = await PostAsync(http, new { doc_id = "no-such-doc" });

        Assert.Equal(400, status);
        Assert.Equal("OPERATION_NOT_TRUSTED", plain.Code());
        Assert.Equal("OPERATION_NOT_TRUSTED", withHash.Code());
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", lookup.Code());
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", unknownDoc.Code());
    }

    [Fact]
    public async Task In_Development_the_IDE_and_ad_hoc_operations_keep_working_in_trusted_only_mode()
    {
        var http = TrustedOnly("Development").CreateClient();

        var (_, adHoc) = await PostAsync(http, new { query = "{ __schema { queryType { name } } }" });

        Assert.Equal("Query", adHoc["data"]!["__schema"]!["queryType"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task In_Development_the_allowance_can_be_switched_off_to_try_the_mode_locally()
    {
        var http = TrustedOnly("Development", ("TokenIM:PersistedOperations:AllowUntrustedInDevelopment", "false")).CreateClient();

        var (_, adHoc) = await PostAsync(http, new { query = "{ __schema { queryType { name } } }" });

        Assert.Equal("OPERATION_NOT_TRUSTED", adHoc.Code());
    }

    [Fact]
    public async Task In_automatic_mode_trusted_documents_can_be_asked_for_by_id_and_other_operations_run()
    {
        var http = Node("Production", ("TokenIM:PersistedOperations:Manifests:0", RelayManifest())).CreateClient();

        var (_, byDocId) = await PostAsync(http, new { doc_id = RelayId });
        var (_, other) = await PostAsync(http, new { query = "{ __typename }" });

        Assert.Equal("User", byDocId["data"]!["__type"]!["name"]!.GetValue<string>());
        Assert.Equal("Query", other["data"]!["__typename"]!.GetValue<string>());
    }

    [Fact]
    public async Task Trusted_only_mode_without_a_manifest_stops_start_up_naming_the_setting()
    {
        // A real node process: a node that cannot start prints one line and exits (see Startup/ConfigurationErrorTests).
        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["TokenIM__Auth__SigningKey"] = "a signing key of at least thirty-two bytes, for this test only",
            ["TokenIM__DataDirectory"] = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N")),
            ["TokenIM__PersistedOperations__Mode"] = "TrustedOnly",
        });

        // Validated at start (ValidateOnStart), so the host logs its own failure first; the node's last word is the one line.
        Assert.Equal(2, exitCode);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.StartsWith("TokenIM cannot start:", last);
        Assert.Contains("TokenIM__PersistedOperations__Manifests__0", last);
    }

    [Theory]
    [InlineData("missing.json", null, "does not exist")]
    [InlineData("broken.json", "{ not json", "not valid JSON")]
    [InlineData("array.json", "[1, 2]", "neither an Apollo persisted-query manifest nor a Relay persisted_queries.json")]
    [InlineData("lying.json", """{"format":"apollo-persisted-query-manifest","version":1,"operations":[{"id":"0000000000000000000000000000000000000000000000000000000000000000","body":"{ __typename }"}]}""", "not the SHA-256 of its body")]
    public async Task A_manifest_that_cannot_be_read_stops_start_up_with_one_line_naming_the_file(string name, string? content, string reason)
    {
        var path = Path.Combine(_folder, name);
        if (content is not null) File.WriteAllText(path, content);

        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["TokenIM__Auth__SigningKey"] = "a signing key of at least thirty-two bytes, for this test only",
            ["TokenIM__DataDirectory"] = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N")),
            ["TokenIM__PersistedOperations__Manifests__0"] = path,
        });

        Assert.Equal(2, exitCode);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.StartsWith("TokenIM cannot start:", last);
        Assert.Contains(reason, last);
        Assert.Contains(name, last);
    }
}
