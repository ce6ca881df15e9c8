using System.Text.RegularExpressions;

namespace TokenIM.Server.Mentions;

/// <summary>
/// Finds <c>@username</c> and <c>@all</c> in a message's text. A mention starts at the beginning or after a
/// character that cannot be part of a name or an e-mail address (so <c>bob@example.com</c> mentions nobody) and
/// takes the longest run of username characters; a trailing '.' or '-' is punctuation ("thanks @bob.").
/// </summary>
public static partial class MentionParser
{
    /// <summary>More distinct names than this in one message are not looked up (the rest are plain text).</summary>
    public const int MaxNames = 50;

    public const string All = "all";

    [GeneratedRegex(@"(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]+)")]
    private static partial Regex Pattern();

    /// <summary>The normalized usernames named (never "all"), and whether <c>@all</c> was used.</summary>
    public static (IReadOnlySet<string> Names, bool All) Parse(string body)
    {
        var names = new HashSet<string>();
        var all = false;
        if (!body.Contains('@')) return (names, all);
        foreach (Match match in Pattern().Matches(body))
        {
            var name = match.Groups[1].Value.TrimEnd('.', '-');
            if (name.Length == 0) continue;
            // "@all" always means everyone, even if someone's username is "all".
            if (string.Equals(name, All, StringComparison.OrdinalIgnoreCase)) all = true;
            else if (names.Count < MaxNames) names.Add(Users.User.Normalize(name));
        }
        return (names, all);
    }
}
