using TokenIM.Server.Errors;
using TokenIM.Server.Reactions;

namespace TokenIM.Tests.Reactions;

/// <summary>What counts as one emoji: one extended grapheme cluster that is an emoji, or a short :name:.</summary>
public sealed class ReactionRulesTests
{
    [Theory]
    [InlineData("👍")]
    [InlineData("👍🏽")]
    [InlineData("❤️")]
    [InlineData("❤")]
    [InlineData("👨‍👩‍👧‍👦")]
    [InlineData("🏳️‍🌈")]
    [InlineData("🇫🇷")]
    [InlineData("🏴󠁧󠁢󠁳󠁣󠁴󠁿")]
    [InlineData("1️⃣")]
    [InlineData("#️⃣")]
    [InlineData("©️")]
    [InlineData(":party_parrot:")]
    [InlineData(":+1:")]
    [InlineData(":thumbs-up_2:")]
    public void Emoji_accepts_one_emoji_or_a_short_name(string emoji) => Assert.Equal(emoji, ReactionRules.Emoji(emoji));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("👍👎")]
    [InlineData("🇫🇷🇩🇪")]
    [InlineData("a")]
    [InlineData("é")]
    [InlineData("1")]
    [InlineData("1\u20E3x")]
    [InlineData("\u200D")]
    [InlineData("\uFE0F")]
    [InlineData("\u0301")]
    [InlineData("👍\u0301")]
    [InlineData(":UPPER:")]
    [InlineData(":with space:")]
    [InlineData(":no_end")]
    [InlineData("::")]
    [InlineData(":abcdefghijklmnopqrstuvwxyz01234:")]
    public void Emoji_refuses_anything_else_with_BAD_USER_INPUT_naming_the_field(string? emoji)
    {
        var error = Assert.Throws<ApiError>(() => ReactionRules.Emoji(emoji));
        Assert.Equal((ErrorCode.BadUserInput, "input.emoji"), (error.ErrorCode, error.Field));
    }
}
