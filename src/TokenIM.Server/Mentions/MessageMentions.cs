namespace TokenIM.Server.Mentions;

/// <summary>A message's mentions as one viewer sees them: the members named, whether @all was used, whether it reaches the viewer.</summary>
public sealed record MessageMentions(IReadOnlyList<Users.User> Users, bool All, bool IncludesViewer)
{
    public static readonly MessageMentions None = new([], false, false);
}
