using System.Collections.Frozen;
using GraphQL;

namespace TokenIM.Server.Errors;

/// <summary>The wire spelling of <see cref="ErrorCode"/>, the same one the schema's enum uses.</summary>
public static class ErrorCodes
{
    private static readonly FrozenDictionary<ErrorCode, string> Wire =
        Enum.GetValues<ErrorCode>().ToFrozenDictionary(c => c, c => c.ToString().ToConstantCase());

    private static readonly FrozenSet<string> Known = Wire.Values.ToFrozenSet();

    public static string ToWire(this ErrorCode code) => Wire[code];

    public static bool IsInCatalogue(string? code) => code is not null && Known.Contains(code);
}
