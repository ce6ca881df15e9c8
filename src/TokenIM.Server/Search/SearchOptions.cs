using System.ComponentModel.DataAnnotations;

namespace TokenIM.Server.Search;

/// <summary>Bound from <c>TokenIM:Search</c>: message search (<c>searchMessages</c>).</summary>
public sealed class SearchOptions
{
    public const string Section = "TokenIM:Search";

    /// <summary>
    /// The longest query accepted, in characters; a longer one is BAD_USER_INPUT. A chat search is a few words:
    /// the limit keeps a hostile query from costing the database a statement with hundreds of terms.
    /// </summary>
    [Range(1, 1000)]
    public int MaxQueryLength { get; set; } = 200;

    /// <summary>The most words a query may have (more is BAD_USER_INPUT): every word is one more index lookup.</summary>
    [Range(1, 32)]
    public int MaxTerms { get; set; } = 8;

    /// <summary>
    /// PostgreSQL only: the text search configuration the search column is built with (<c>simple</c>, <c>english</c>,
    /// <c>german</c>, …; <c>SELECT cfgname FROM pg_ts_config</c> lists them). <c>simple</c> (the default) lowercases
    /// words and does not stem or drop stop words, which suits conversations in many languages; a language stems
    /// ("running" finds "runs"). A node that starts with a different setting rebuilds the column once.
    /// </summary>
    [Required, RegularExpression("^[a-z_]{1,63}$", ErrorMessage = "Language must be the name of a PostgreSQL text search configuration, e.g. simple or english.")]
    public string Language { get; set; } = "simple";

    /// <summary>
    /// A caller whose conversations hold at most this many messages is searched by reading those messages (on the
    /// conversation's index) and checking each, instead of through the search index, whose entries for a common word span
    /// every conversation of the node (docs/benchmarks.md has the figures). 0 always uses the index.
    /// </summary>
    [Range(0, 10_000_000)]
    public int ScanBelow { get; set; } = 20_000;

    /// <summary>What a snippet puts before a matched word.</summary>
    [Required(AllowEmptyStrings = false), StringLength(16)]
    public string HighlightStart { get; set; } = "⟦";

    /// <summary>What a snippet puts after a matched word.</summary>
    [Required(AllowEmptyStrings = false), StringLength(16)]
    public string HighlightEnd { get; set; } = "⟧";

    /// <summary>How many characters of the message a snippet shows around its first match (markers not counted).</summary>
    [Range(16, 1000)]
    public int SnippetLength { get; set; } = 120;
}
