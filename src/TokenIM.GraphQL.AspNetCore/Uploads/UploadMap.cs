using System.Collections;
using System.Globalization;
using System.Text.Json;
using GraphQL;

namespace TokenIM.GraphQL.AspNetCore.Uploads;

/// <summary>
/// The <c>map</c> part: which file part goes where in the operation's variables. Every path must already hold a null
/// (the client's placeholder), so a file can only stand where the client declared one.
/// </summary>
internal sealed class UploadMap
{
    private const string VariablesSegment = "variables";

    private readonly Dictionary<string, string[]> _paths;

    private UploadMap(Dictionary<string, string[]> paths) => _paths = paths;

    public IReadOnlyCollection<string> FileNames => _paths.Keys;

    public int Count => _paths.Count;

    public bool Names(string name) => _paths.ContainsKey(name);

    /// <summary>Parses the map and checks every path against the variables, before any file is read.</summary>
    public static UploadMap? Parse(ReadOnlyMemory<byte> json, Inputs? variables, out string? error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            error = UploadErrors.MapInvalidJson;
            return null;
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, variables, out error);
            }
            catch (InvalidOperationException)
            {
                // A stray byte that is not UTF-8 only surfaces when a name or string is decoded.
                error = TransportErrors.InvalidUtf8;
                return null;
            }
        }
    }

    private static UploadMap? Read(JsonElement root, Inputs? variables, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = UploadErrors.MapNotObject;
            return null;
        }

        var paths = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in root.EnumerateObject())
        {
            if (paths.ContainsKey(entry.Name))
            {
                error = UploadErrors.MapNameRepeated(entry.Name);
                return null;
            }
            if (entry.Value.ValueKind != JsonValueKind.Array || entry.Value.GetArrayLength() == 0)
            {
                error = UploadErrors.MapEntryNotPaths(entry.Name);
                return null;
            }

            var list = new string[entry.Value.GetArrayLength()];
            var i = 0;
            foreach (var item in entry.Value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    error = UploadErrors.MapEntryNotPaths(entry.Name);
                    return null;
                }
                var path = item.GetString()!;
                if (!seen.Add(path))
                {
                    error = UploadErrors.PathRepeated(path);
                    return null;
                }
                if (Locate(variables, path, out _) is { } problem)
                {
                    error = problem;
                    return null;
                }
                list[i++] = path;
            }

            paths.Add(entry.Name, list);
        }

        return new UploadMap(paths);
    }

    /// <summary>
    /// The variables with each file at its paths (one instance at all of them). Nested objects and lists are filled
    /// in place, as the variables were read for this request alone; the top level, a read-only <see cref="Inputs"/>, is copied.
    /// </summary>
    public Inputs? Place(Inputs? variables, IReadOnlyDictionary<string, UploadedFile> files)
    {
        if (_paths.Count == 0 || variables is null)
            return variables;
        var root = new Dictionary<string, object?>(variables, StringComparer.Ordinal);
        foreach (var (name, paths) in _paths)
        {
            var file = files[name];
            foreach (var path in paths)
            {
                Locate(root, path, out var slot);
                slot.Set(file);
            }
        }
        return new Inputs(root);
    }

    /// <summary>Finds the null a path points at, or says why it does not point at one.</summary>
    private static string? Locate(IDictionary<string, object?>? variables, string path, out Slot slot)
    {
        slot = default;
        var segments = path.Split('.');
        if (segments.Length < 2 || segments[0] != VariablesSegment || variables is null)
            return UploadErrors.PathNotFound(path);

        object? container = variables;
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            switch (container)
            {
                case IDictionary<string, object?> map when map.TryGetValue(segment, out var value):
                    if (last)
                        slot = new Slot(map, segment, -1);
                    container = value;
                    break;
                case IList list when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Count:
                    if (last)
                        slot = new Slot(list, null, index);
                    container = list[index];
                    break;
                default:
                    return UploadErrors.PathNotFound(path);
            }
        }

        return container is null ? null : UploadErrors.PathNotNull(path);
    }

    private readonly record struct Slot(object? Container, string? Key, int Index)
    {
        public void Set(UploadedFile file)
        {
            switch (Container)
            {
                case IDictionary<string, object?> map:
                    map[Key!] = file;
                    break;
                case IList list:
                    list[Index] = file;
                    break;
                default:
                    throw new InvalidOperationException("The variables cannot hold a file at this path.");
            }
        }
    }
}
