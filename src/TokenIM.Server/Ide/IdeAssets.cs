using System.Security.Cryptography;

namespace TokenIM.Server.Ide;

/// <summary>
/// The GraphiQL bundle embedded in this assembly by <c>Ide/Ide.targets</c>. Empty when the node was
/// built without npm; the page then says so instead of loading scripts that are not there.
/// </summary>
public sealed class IdeAssets
{
    private const string ResourcePrefix = "TokenIM.Ide/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    private readonly Dictionary<string, IdeAsset> _assets;

    public IdeAssets() : this(typeof(IdeAssets).Assembly) { }

    internal IdeAssets(System.Reflection.Assembly assembly)
    {
        _assets = new Dictionary<string, IdeAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || resource.EndsWith(".gz", StringComparison.Ordinal)) continue;
            var name = resource[ResourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType)) continue;
            var content = Read(assembly, resource);
            var gzipped = Read(assembly, resource + ".gz");
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"";
            _assets[name] = new IdeAsset(name, contentType, content, gzipped, etag);
        }
    }

    /// <summary>Whether the bundle was built into this node.</summary>
    public bool Available => _assets.ContainsKey("graphiql.js") && _assets.ContainsKey("graphiql.css");

    public IReadOnlyCollection<IdeAsset> All => _assets.Values;

    public IdeAsset? Find(string name) => _assets.GetValueOrDefault(name);

    private static byte[] Read(System.Reflection.Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource);
        if (stream is null) return [];
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
