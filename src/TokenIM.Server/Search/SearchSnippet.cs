using System.Text;

namespace TokenIM.Server.Search;

/// <summary>
/// The part of a message's text around its first match, with every match marked. Made here rather than by either
/// database, so both providers mark the same way and the marker is a setting: a word's matches at the start of a word
/// are marked, the whole word (what the prefix search found), and only when it has none, its matches inside words (what the SQLite
/// trigram index also finds). CJK words match anywhere.
/// </summary>
public static class SearchSnippet
{
    public static string Make(string body, SearchQuery query, SearchOptions options)
    {
        var ranges = new List<(int Start, int End)>();
        foreach (var term in query.Terms) ranges.AddRange(Matches(body, term));
        ranges.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            else merged.Add(range);
        }

        // The window: a quarter of it before the first match, the rest after, never splitting a surrogate pair.
        var length = options.SnippetLength;
        var from = merged.Count == 0 ? 0 : Math.Max(0, merged[0].Start - length / 4);
        if (body.Length - from < length) from = Math.Max(0, body.Length - length);
        var to = Math.Min(body.Length, from + length);
        if (from > 0 && char.IsLowSurrogate(body[from])) from--;
        if (to < body.Length && char.IsLowSurrogate(body[to])) to++;

        var snippet = new StringBuilder(to - from + 16);
        if (from > 0) snippet.Append('…');
        var at = from;
        foreach (var (start, end) in merged)
        {
            var s = Math.Max(start, from);
            var e = Math.Min(end, to);
            if (s >= e) continue;
            snippet.Append(body, at, s - at).Append(options.HighlightStart).Append(body, s, e - s).Append(options.HighlightEnd);
            at = e;
        }
        snippet.Append(body, at, to - at);
        if (to < body.Length) snippet.Append('…');
        return snippet.ToString();
    }

    private static List<(int Start, int End)> Matches(string body, string term)
    {
        var anywhere = new List<(int, int)>();
        var atWordStart = new List<(int, int)>();
        var cjk = SearchQuery.HasCjk(term);
        for (var i = body.IndexOf(term, StringComparison.OrdinalIgnoreCase); i >= 0; i = body.IndexOf(term, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            anywhere.Add((i, i + term.Length));
            if (cjk) atWordStart.Add((i, i + term.Length));
            else if (i == 0 || !char.IsLetterOrDigit(body[i - 1]))
            {
                // The prefix found the whole word: mark the word.
                var end = i + term.Length;
                while (end < body.Length && char.IsLetterOrDigit(body[end])) end++;
                atWordStart.Add((i, end));
            }
            if (i + 1 >= body.Length) break;
        }
        return atWordStart.Count > 0 ? atWordStart : anywhere;
    }
}
