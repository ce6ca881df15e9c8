using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL.Types;
using GraphQLParser.AST;

namespace TokenIM.Server.Api;

/// <summary>
/// The <c>JSON</c> scalar: any JSON value, written inline as a GraphQL value or passed in variables,
/// and returned as plain JSON. GraphQL.NET has none built in. Values are <see cref="JsonNode"/>s
/// (null for JSON null); fields that need a particular shape (an object, a size) check it themselves.
/// </summary>
public sealed class JsonGraphType : ScalarGraphType
{
    public JsonGraphType()
    {
        Name = "JSON";
        Description = "Any JSON value (object, array, string, number, boolean or null), written inline as a GraphQL value " +
                      "(`{ screen: \"chat\", id: 42 }`) or, more simply, passed in variables as ordinary JSON. Returned as plain JSON.";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLBooleanValue b => JsonValue.Create(b.BoolValue),
        GraphQLStringValue s => JsonValue.Create((string)s.Value),
        GraphQLIntValue i => JsonNode.Parse(i.Value.Span.ToString()),
        GraphQLFloatValue f => JsonValue.Create(double.Parse(f.Value.Span, NumberStyles.Float, CultureInfo.InvariantCulture)),
        GraphQLListValue list => new JsonArray((list.Values ?? []).Select(v => (JsonNode?)ParseLiteral(v)).ToArray()),
        GraphQLObjectValue obj => ObjectOf(obj),
        _ => ThrowLiteralConversionError(value, "Enum values and variables inside a JSON literal are not supported; pass the whole value as a variable."),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        // Variables arrive as dictionaries, lists and primitives, which serialize back to the JSON sent.
        _ => JsonSerializer.SerializeToNode(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        JsonNode node => node,
        string text => JsonNode.Parse(text),
        _ => ThrowSerializationError(value),
    };

    private JsonObject ObjectOf(GraphQLObjectValue value)
    {
        var result = new JsonObject();
        foreach (var field in value.Fields ?? [])
            result[(string)field.Name.Value] = (JsonNode?)ParseLiteral(field.Value);
        return result;
    }
}
