using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter;
using Snapshooter.Xunit;
using TokenIM.Server.Errors;
using TokenIM.Tests.Support;
using TokenIM.Server.Graph;

namespace TokenIM.Tests.Contract;

public sealed class SchemaContractTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    // Snapshooter always reads from a "__snapshots__" folder below the one it is given;
    // schema/__snapshots__ is a symbolic link to schema/ itself, so the snapshot and the published
    // contract are one file, schema/schema.graphql.
    private static readonly SnapshotFullName SchemaFile =
        new("schema.graphql", System.IO.Path.Combine(RepositoryRoot.Path, "schema"));

    private ISchema LiveSchema()
    {
        var schema = _node.Services.GetRequiredService<TokenIMSchema>();
        schema.Initialize();
        return schema;
    }

    /// <summary>
    /// schema/schema.graphql is the contract clients code against. A difference means the schema
    /// changed: regenerate the file on purpose (see docs/versioning.md) and record the change.
    /// </summary>
    [Fact]
    public void The_printed_live_schema_equals_schema_graphql()
    {
        var printed = LiveSchema().Print();

        Snapshot.Match(printed, SchemaFile);
    }

    [Fact]
    public async Task GET_sdl_serves_the_printed_live_schema()
    {
        var sdl = await _node.CreateClient().GetStringAsync("/graphql?sdl");

        Assert.Equal(LiveSchema().Print(), sdl);
    }

    [Fact]
    public void Every_type_field_argument_and_enum_value_has_a_description()
    {
        var missing = new List<string>();
        // Introspection types and the spec's own scalars are described by the GraphQL specification.
        string[] specScalars = ["String", "Boolean", "ID", "Int", "Float"];
        foreach (var type in LiveSchema().AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && !specScalars.Contains(t.Name)))
        {
            if (string.IsNullOrWhiteSpace(type.Description)) missing.Add(type.Name);
            if (type is IComplexGraphType complex)
                foreach (var field in complex.Fields)
                {
                    if (string.IsNullOrWhiteSpace(field.Description)) missing.Add($"{type.Name}.{field.Name}");
                    foreach (var argument in field.Arguments ?? [])
                        if (string.IsNullOrWhiteSpace(argument.Description)) missing.Add($"{type.Name}.{field.Name}({argument.Name})");
                }
            if (type is EnumerationGraphType enumeration)
                foreach (var value in enumeration.Values)
                    if (string.IsNullOrWhiteSpace(value.Description)) missing.Add($"{type.Name}.{value.Name}");
        }

        Assert.True(missing.Count == 0, "Missing descriptions: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_ErrorCode_enum_is_exactly_the_catalogue()
    {
        var published = ((EnumerationGraphType)LiveSchema().AllTypes["ErrorCode"]!).Values.Select(v => v.Name).Order();

        Assert.Equal(Enum.GetValues<ErrorCode>().Select(c => c.ToWire()).Order(), published);
    }
}
