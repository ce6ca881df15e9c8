namespace TokenIM.Server.Api.Relay;

public sealed record Edge<T>(string Cursor, T Node);

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
        var edges = rows.Take(pageSize).Select(r => new Edge<T>(cursor(r), r)).ToList();
        return new Connection<T>(edges,
            new PageInfo(rows.Count > pageSize, hasPrevious, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor));
    }
}
