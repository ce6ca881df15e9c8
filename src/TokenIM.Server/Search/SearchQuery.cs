using System.Globalization;
using System.Text;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Search;

/// <summary>
/// What a client typed, read as plain text: the words (runs of letters and digits) it holds, every other character a
/// separator. Nothing a client types is an operator to either database (quotes, <c>*</c>, <c>NEAR(</c>, <c>AND</c>,
/// <c>:</c>, <c>^</c>, <c>-</c>, <c>&amp;|!</c> are separators or plain words), so no query can change the statement's
/// meaning or fail to parse there. Every word must match (AND); the last part of a word matches as a prefix.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<string> Terms)
{
    /// <summary>The fewest characters the SQLite trigram index can look up; shorter words are matched by scanning.</summary>
    public const int TrigramLength = 3;

    /// <summary>The words of <paramref name="text"/>, or BAD_USER_INPUT naming <c>query</c>.</summary>
    public static SearchQuery Parse(string? text, SearchOptions options)
    {
        if (string.IsNullOrWhiteSpace(text)) throw ApiError.BadInput("query", "'query' must not be empty.");
        if (text.Length > options.MaxQueryLength)
            throw ApiError.BadInput("query", $"'query' must be at most {options.MaxQueryLength} characters.");
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in text.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (IsWordRune(rune)) word.Append(rune.ToString());
            else Flush();
        }
        Flush();
        if (terms.Count == 0) throw ApiError.BadInput("query", "'query' has no words to search for (letters or digits).");
        if (terms.Count > options.MaxTerms) throw ApiError.BadInput("query", $"'query' may have at most {options.MaxTerms} words.");
        return new SearchQuery(terms);

        void Flush()
        {
            if (word.Length == 0) return;
            var term = word.ToString().ToLowerInvariant();
            if (!terms.Contains(term)) terms.Add(term);
            word.Clear();
        }
    }

    private static bool IsWordRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
            or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => true,
        _ => false,
    };

    /// <summary>
    /// Characters of scripts written without spaces (Chinese, Japanese kana, Korean syllables): every one is a word of its
    /// own to PostgreSQL's search column (see the migration), so a run of them matches as a phrase of characters.
    /// </summary>
    public static bool IsCjk(Rune rune) => rune.Value is (>= 0x3040 and <= 0x30FF) or (>= 0x3400 and <= 0x4DBF)
        or (>= 0x4E00 and <= 0x9FFF) or (>= 0xAC00 and <= 0xD7AF) or (>= 0xF900 and <= 0xFAFF);

    /// <summary>Whether <paramref name="term"/> holds a character of <see cref="IsCjk"/>.</summary>
    public static bool HasCjk(string term) => term.EnumerateRunes().Any(IsCjk);

    /// <summary>SQLite: the FTS5 expression of the words the trigram index can look up (quoted: phrases, never operators), or null.</summary>
    public string? TrigramMatch()
    {
        var indexed = Terms.Where(t => t.EnumerateRunes().Count() >= TrigramLength).Select(t => $"\"{t}\"").ToList();
        return indexed.Count == 0 ? null : string.Join(" ", indexed);
    }

    /// <summary>SQLite: the words too short for the trigram index, matched with LIKE (they hold no LIKE wildcard).</summary>
    public IReadOnlyList<string> ShortTerms() => [.. Terms.Where(t => t.EnumerateRunes().Count() < TrigramLength)];

    /// <summary>
    /// PostgreSQL: the tsquery text. A word is split where the search column splits it (at every CJK character), its
    /// parts must follow each other (<c>&lt;-&gt;</c>), and its last part, unless a CJK character, is a prefix (<c>:*</c>);
    /// words are joined with <c>&amp;</c>. Parts are letters and digits only, so the text always parses.
    /// </summary>
    public string TsQuery()
    {
        var words = new List<string>();
        foreach (var term in Terms)
        {
            var parts = new List<(string Text, bool Cjk)>();
            var run = new StringBuilder();
            foreach (var rune in term.EnumerateRunes())
            {
                if (!IsCjk(rune))
                {
                    run.Append(rune.ToString());
                    continue;
                }
                if (run.Length > 0) parts.Add((run.ToString(), false));
                run.Clear();
                parts.Add((rune.ToString(), true));
            }
            if (run.Length > 0) parts.Add((run.ToString(), false));
            var last = parts[^1];
            parts[^1] = (last.Cjk ? last.Text : last.Text + ":*", last.Cjk);
            words.Add(parts.Count == 1 ? parts[0].Text : "(" + string.Join(" <-> ", parts.Select(p => p.Text)) + ")");
        }
        return string.Join(" & ", words);
    }
}
