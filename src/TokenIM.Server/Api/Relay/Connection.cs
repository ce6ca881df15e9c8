namespace TokenIM.Server.Api.Relay;

/// <summary>
/// An item of a page and how to make its cursor. The cursor is encoded only when a client asks for it: most
/// pages are read as plain lists of nodes, and encoding 50 cursors nobody reads was a tenth of a page's garbage.
/// </summary>
public sealed class Edge<T>(T node, Func<T, string> cursor)
{
    public T Node { get; } = node;

    public string Cursor => cursor(Node);
}

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

/// <summary>One page of a Relay connection.</summary>
public sealed record Connection<T>(IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo)
{
    public IEnumerable<T> Nodes => Edges.Select(e => e.Node);

    /// <summary>
    /// Builds a forward page from up to <paramref name="pageSize"/> + 1 rows: the extra row only tells
    /// whether there is a next page.
    /// </summary>
    public static Connection<T> Forward(IReadOnlyList<T> rows, int pageSize, bool hasPrevious, Func<T, string> cursor)
    {
        var edges = rows.Take(pageSize).Select(r => new Edge<T>(r, cursor)).ToList();
        return new Connection<T>(edges,
            new PageInfo(rows.Count > pageSize, hasPrevious, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor));
    }
}
