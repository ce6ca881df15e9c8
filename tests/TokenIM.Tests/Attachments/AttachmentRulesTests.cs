using TokenIM.Server.Attachments;
using TokenIM.Server.Errors;

namespace TokenIM.Tests.Attachments;

/// <summary>The name and type rules on their own, for input no transport lets through (a multipart file name is not JSON).</summary>
public sealed class AttachmentRulesTests
{
    [Theory]
    [InlineData("tab\there.txt")]
    [InlineData("del\u007F.txt")]
    [InlineData("c1\u0085.txt")]
    [InlineData("isolate\u2066.txt")]
    public void A_file_name_with_a_control_character_is_BAD_USER_INPUT(string name)
    {
        var error = Assert.Throws<ApiError>(() => AttachmentRules.FileName(name, "file"));

        Assert.Equal(ErrorCode.BadUserInput, error.ErrorCode);
        Assert.Equal("file", error.Field);
    }

    [Theory]
    [InlineData(0xD800)]
    [InlineData(0xDBFF)]
    [InlineData(0xDC00)]
    public void A_file_name_with_a_lone_surrogate_is_BAD_USER_INPUT(int surrogate)
    {
        // Built here: an attribute's strings are stored as UTF-8, which cannot hold a lone surrogate.
        var name = "bad" + (char)surrogate + ".txt";

        Assert.Equal(ErrorCode.BadUserInput, Assert.Throws<ApiError>(() => AttachmentRules.FileName(name, "file")).ErrorCode);
    }

    [Theory]
    [InlineData("report.pdf")]
    [InlineData("年度报告.pdf")]
    [InlineData("😀 party.png")]
    [InlineData(".hidden")]
    [InlineData("...")]
    public void Ordinary_names_in_any_script_are_accepted_as_given(string name) =>
        Assert.Equal(name, AttachmentRules.FileName(name, "file"));

    [Theory]
    [InlineData("image/*", true)]
    [InlineData("application/pdf", true)]
    [InlineData("*/*", false)]
    [InlineData("image", false)]
    [InlineData("image/", false)]
    [InlineData("/png", false)]
    [InlineData("image/png; q=1", false)]
    public void An_allowed_list_entry_is_a_media_type_or_a_whole_top_level_type(string entry, bool valid) =>
        Assert.Equal(valid, AttachmentRules.IsContentTypePattern(entry));

    [Fact]
    public void A_configured_list_replaces_the_default_one()
    {
        var options = new AttachmentOptions { AllowedContentTypes = ["application/pdf"] };

        Assert.Equal("application/pdf", AttachmentRules.ContentType("application/pdf", options, "f"));
        Assert.Throws<ApiError>(() => AttachmentRules.ContentType("image/png", options, "f"));
    }
}
