using TokenIM.Server.Messages;

namespace TokenIM.Server.Search;

/// <summary>A message that matched a search, with the part of its text that shows why.</summary>
public sealed record SearchResult(Message Message, string Snippet);
