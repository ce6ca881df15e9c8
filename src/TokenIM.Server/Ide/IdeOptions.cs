namespace TokenIM.Server.Ide;

/// <summary>Whether this node serves GraphiQL (<c>TokenIM:Api:Ide</c>; on by default in Development only).</summary>
public sealed record IdeOptions(bool Enabled);
