using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Tests.Support;
using TokenIM.Server.Graph;

namespace TokenIM.Tests.Security;

/// <summary>Broken object property level authorization: what the schema can never hand out.</summary>
public sealed class PropertyExposureTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public void No_type_has_a_field_for_a_password_hash_secret_or_stored_token()
    {
        var schema = _node.Services.GetRequiredService<TokenIMSchema>();
        schema.Initialize();
        string[] forbidden = ["password", "hash", "secret", "normalized", "signingkey", "familyid"];

        var exposed = schema.AllTypes.OfType<IComplexGraphType>()
            // Operations may be named for what they do (changePassword); data fields may not hold it.
            .Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && t is not IInputObjectGraphType && t != schema.Mutation)
            .SelectMany(t => t.Fields.Where(f => forbidden.Any(word => f.Name.Contains(word, StringComparison.OrdinalIgnoreCase)))
                .Select(f => $"{t.Name}.{f.Name}"))
            .ToList();

        Assert.Empty(exposed);
    }
}
