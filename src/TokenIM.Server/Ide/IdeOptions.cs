using Microsoft.Extensions.Options;

namespace TokenIM.Server.Ide;

/// <summary>Which in-browser IDE a node serves on its GraphQL paths.</summary>
public enum IdeKind
{
    None,
    GraphiQL,
    BananaCakePop,
}

/// <summary>
/// Bound from <c>TokenIM:Api</c>: its <c>Ide</c> key is <c>BananaCakePop</c>, <c>GraphiQL</c> or <c>None</c>
/// (any case). <c>true</c> and <c>false</c>, the values of the setting when it was a switch, still mean the
/// default IDE and none. Unset, the default IDE is on in Development and nothing is served elsewhere.
/// </summary>
public sealed class IdeOptions
{
    public const string Section = "TokenIM:Api";

    /// <summary>The IDE a node serves when the setting says only "on".</summary>
    public const IdeKind DefaultIde = IdeKind.BananaCakePop;

    /// <summary>The setting as written; read it through <see cref="Kind"/>.</summary>
    public string? Ide { get; set; }

    /// <summary>What the node serves; None until the options are post-configured, and when the setting is invalid.</summary>
    public IdeKind Kind { get; private set; }

    internal bool IsValid { get; private set; } = true;

    internal void Resolve(bool isDevelopment)
    {
        IsValid = TryParse(Ide, out var kind);
        Kind = !IsValid ? IdeKind.None : kind ?? (isDevelopment ? DefaultIde : IdeKind.None);
    }

    /// <summary>Parses a setting; a null kind means "not set" (blank).</summary>
    public static bool TryParse(string? value, out IdeKind? kind)
    {
        kind = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return true;
        if (bool.TryParse(text, out var on))
        {
            kind = on ? DefaultIde : IdeKind.None;
            return true;
        }
        // Names only: Enum.TryParse would also take "1" or "2".
        foreach (var candidate in Enum.GetValues<IdeKind>())
        {
            if (!string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase)) continue;
            kind = candidate;
            return true;
        }
        return false;
    }

    internal sealed class Validator : IValidateOptions<IdeOptions>
    {
        public ValidateOptionsResult Validate(string? name, IdeOptions options) => options.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"TokenIM__Api__Ide must be BananaCakePop, GraphiQL or None (true and false still mean {DefaultIde} and None), not '{options.Ide}'.");
    }
}
