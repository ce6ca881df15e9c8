using TokenIM.Server.Log;

namespace TokenIM.Server.Search;

/// <summary>
/// A message that matched a search, with the part of its text that shows why, and its place in the ranking
/// (from 1), which its cursor carries.
/// </summary>
public sealed record SearchResult(MessageView Message, string Snippet, int Position);
