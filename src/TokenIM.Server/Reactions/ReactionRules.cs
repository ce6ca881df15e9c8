using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Reactions;

public static partial class ReactionRules
{
    /// <summary>The longest emoji or <c>:name:</c> accepted, in UTF-16 code units (the longest ZWJ sequences are about 11).</summary>
    public const int EmojiMaxLength = 32;

    /// <summary>Distinct emoji on one message: a message is a message, not a palette.</summary>
    public const int MaxDistinctPerMessage = 20;

    /// <summary>How many reaction groups a message is priced at by the operation complexity limit (see <c>PageSizeComplexity</c>).</summary>
    public const int TypicalGroups = 5;

    /// <summary>How many of the members who reacted with an emoji a reaction group names (the first ones).</summary>
    public const int UsersShown = 3;

    /// <summary>
    /// The emoji as stored: exactly one emoji (one extended grapheme cluster: a pictographic symbol with its
    /// modifiers, a ZWJ sequence, a flag or a keycap), or a custom <c>:name:</c> of lower-case letters, digits and
    /// <c>_+-</c>; at most <see cref="EmojiMaxLength"/> characters. Anything else is BAD_USER_INPUT.
    /// </summary>
    public static string Emoji(string? value, string field = "input.emoji")
    {
        if (value is { Length: > 0 and <= EmojiMaxLength } && (ShortName().IsMatch(value) || IsOneEmoji(value))) return value;
        throw ApiError.BadInput(field,
            $"An emoji is exactly one emoji (e.g. \"👍\") or a short name like \":party_parrot:\" (lower-case letters, digits, _ + -), at most {EmojiMaxLength} characters.");
    }

    [GeneratedRegex("^:[a-z0-9_+-]+:$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortName();

    private static bool IsOneEmoji(string value)
    {
        // Two emoji, or an emoji and a letter, are two clusters.
        if (StringInfo.GetNextTextElementLength(value) != value.Length) return false;
        var runes = value.EnumerateRunes().ToList();
        var first = runes[0];
        var keycap = first.Value is >= '0' and <= '9' or '#' or '*';
        if (keycap) return runes[^1].Value == 0x20E3 && runes.Skip(1).All(IsModifier);
        return IsPictographic(first) && runes.Skip(1).All(r => IsModifier(r) || IsPictographic(r));
    }

    // Symbols in the blocks emoji come from (arrows, dingbats, pictographs, flags' regional indicators, …), © and ®;
    // letters, digits, punctuation and marks never are.
    private static bool IsPictographic(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol
        && rune.Value is 0xA9 or 0xAE or (>= 0x2000 and <= 0x33FF) or (>= 0x1F000 and <= 0x1FAFF);

    // What joins or modifies an emoji inside its cluster: ZWJ, variation selectors, the keycap, skin tones, tags (subdivision flags).
    private static bool IsModifier(Rune rune) =>
        rune.Value is 0x200D or 0xFE0E or 0xFE0F or 0x20E3 or (>= 0x1F3FB and <= 0x1F3FF) or (>= 0xE0020 and <= 0xE007F);
}
