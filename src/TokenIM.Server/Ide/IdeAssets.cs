using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;

namespace TokenIM.Server.Ide;

/// <summary>
/// The IDE files embedded in this assembly by <c>Ide/Ide.targets</c>, by their path below the build's
/// output folder: GraphiQL's bundle at the top (<c>graphiql.js</c>), Banana Cake Pop's package below
/// <c>bananacakepop/</c>. Empty when the node was built without npm; the page then says so instead of
/// loading scripts that are not there. A file is read into memory the first time it is asked for, so a
/// node keeps only the IDE it serves.
/// </summary>
public sealed class IdeAssets
{
    private const string ResourcePrefix = "TokenIM.Ide/";
    public const string BananaCakePopFolder = "bananacakepop/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".html"] = "text/html; charset=utf-8",
        [".json"] = "application/json; charset=utf-8",
        [".webmanifest"] = "application/manifest+json; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
        // LICENSE
        [""] = "text/plain; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".woff2"] = "font/woff2",
        [".ttf"] = "font/ttf",
    };

    private readonly Assembly _assembly;
    // File name → manifest resource name, for every file with a content type we serve.
    private readonly Dictionary<string, string> _resources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IdeAsset> _loaded = new(StringComparer.Ordinal);

    public IdeAssets() : this(typeof(IdeAssets).Assembly) { }

    internal IdeAssets(Assembly assembly)
    {
        _assembly = assembly;
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || resource.EndsWith(".gz", StringComparison.Ordinal)) continue;
            // A build on Windows writes the folder separator as it found it.
            var name = resource[ResourcePrefix.Length..].Replace('\\', '/');
            if (!ContentTypes.ContainsKey(Path.GetExtension(name))) continue;
            _resources[name] = resource;
        }
    }

    /// <summary>
    /// The operations both IDEs open with (<c>Ide/app/src/welcome.graphql</c>, which the GraphiQL bundle imports too),
    /// embedded with or without npm so the two can never differ.
    /// </summary>
    public static string WelcomeOperations { get; } = ReadWelcomeOperations();

    private static string ReadWelcomeOperations()
    {
        using var stream = typeof(IdeAssets).Assembly.GetManifestResourceStream("TokenIM.Ide.welcome.graphql")
                           ?? throw new InvalidOperationException("The IDE's welcome document is not embedded in this build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Whether the GraphiQL bundle was built into this node.</summary>
    public bool GraphiQLAvailable => _resources.ContainsKey("graphiql.js") && _resources.ContainsKey("graphiql.css");

    /// <summary>Whether Banana Cake Pop was built into this node.</summary>
    public bool BananaCakePopAvailable => _resources.ContainsKey(BananaCakePopFolder + "index.html");

    /// <summary>The file at this path below the embedded folder, or null. No path resolution: ".." finds nothing.</summary>
    public IdeAsset? Find(string name) =>
        _resources.TryGetValue(name, out var resource) ? _loaded.GetOrAdd(name, Load, resource) : null;

    private IdeAsset Load(string name, string resource)
    {
        var content = Read(resource);
        var gzipped = Read(resource + ".gz");
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"";
        return new IdeAsset(name, ContentTypes[Path.GetExtension(name)], content, gzipped, etag);
    }

    private byte[] Read(string resource)
    {
        using var stream = _assembly.GetManifestResourceStream(resource);
        if (stream is null) return [];
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
