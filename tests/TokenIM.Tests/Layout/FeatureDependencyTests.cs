using System.Text.RegularExpressions;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Layout;

/// <summary>
/// The dependency picture of docs/layout.md, checked on the source: features depend on shared modules (the log, storage,
/// the event bus, the API's building blocks, users and auth), never on each other; the log and the event bus know no
/// feature. Only the composition roots (Program.cs, Graph/ with the schema's root types, Data/ with the tables) name them all.
/// </summary>
public sealed partial class FeatureDependencyTests
{
    private static readonly string[] SharedModules =
        ["Api", "Audit", "Auth", "Configuration", "Data", "Errors", "Events", "Files", "Http", "Log", "Observability", "RateLimiting", "Users"];

    private static readonly string[] CompositionRoots = ["Graph", "Data"];

    private static readonly string Source = Path.Combine(RepositoryRoot.Path, "src", "TokenIM.Server");

    private static readonly string[] Folders = [.. Directory.GetDirectories(Source).Select(Path.GetFileName).OfType<string>()
        .Where(name => name is not ("bin" or "obj" or "Properties")).Order()];

    private static string[] Features => [.. Folders.Except(SharedModules).Except(CompositionRoots).Except(["Ide"])];

    public static TheoryData<string> FeatureFolders => [.. Features];

    [Theory]
    [MemberData(nameof(FeatureFolders))]
    public void A_feature_depends_on_shared_modules_never_on_another_feature(string feature)
    {
        var others = ReferencedFolders(feature).Intersect(Features).ToList();

        Assert.True(others.Count == 0, $"{feature} references {string.Join(", ", others)}: {string.Join("; ", Where(feature, others))}");
    }

    [Theory]
    [InlineData("Log", new[] { "Api", "Data", "Errors", "Events", "Observability", "Users" })]
    [InlineData("Events", new[] { "Data", "Observability", "RateLimiting" })]
    [InlineData("Users", new[] { "Api", "Auth", "Data", "Errors" })]
    [InlineData("Api", new[] { "Auth", "Configuration", "Errors", "Events", "Observability" })]
    public void A_shared_module_knows_no_feature(string module, string[] allowed)
    {
        var referenced = ReferencedFolders(module).ToList();

        Assert.Empty(referenced.Intersect(Features));
        Assert.Empty(referenced.Except(allowed));
    }

    [Fact]
    public void The_check_sees_a_feature_named_in_a_using_and_one_named_through_the_parent_namespace()
    {
        Assert.Equal(["Groups"], Referenced("using TokenIM.Server.Groups;\nnamespace TokenIM.Server.Messages;", "Messages"));
        Assert.Equal(["Conversations"], Referenced("namespace TokenIM.Server.Messages;\nclass A { Conversations.ConversationType? t; }", "Messages"));
        Assert.Empty(Referenced("namespace TokenIM.Server.Messages;\nclass A { string s = \"Conversations.x\"; // Groups.GroupType\n}", "Messages"));
        Assert.Empty(Referenced("namespace TokenIM.Server.Messages;\nclass A { string s = $\"\"\"\n  SELECT Groups.Id FROM \"Groups\"\n  \"\"\"; }", "Messages"));
    }

    private static IEnumerable<string> ReferencedFolders(string folder) =>
        FilesOf(folder).SelectMany(file => Referenced(File.ReadAllText(file), folder)).Distinct().Order();

    private static IEnumerable<string> Where(string folder, IReadOnlyCollection<string> others) =>
        FilesOf(folder).Where(file => Referenced(File.ReadAllText(file), folder).Intersect(others).Any())
            .Select(file => Path.GetRelativePath(Source, file));

    private static IEnumerable<string> FilesOf(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Source, folder), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static IEnumerable<string> Referenced(string code, string self)
    {
        var bare = Comments().Replace(Strings().Replace(code, "\"\""), "");
        var named = Qualified().Matches(bare).Select(m => m.Groups[1].Value)
            .Concat(Folders.Where(folder => Regex.IsMatch(bare, $@"(?<![\w.]){folder}\.[A-Z]")));
        return named.Where(name => name != self && Folders.Contains(name)).Distinct();
    }

    // Raw string literals (SQL), then ordinary and verbatim ones, then characters.
    [GeneratedRegex(""""\$*"{3,}[\s\S]*?"{3,}|\$?@?\$?"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)'"""")]
    private static partial Regex Strings();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"\bTokenIM\.Server\.(\w+)")]
    private static partial Regex Qualified();
}
