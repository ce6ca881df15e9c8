using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TokenIM.Server.Data;

/// <summary>
/// A list or a set of rows as one JSON text, for SQLite statements that read it with <c>json_each</c>: SQLite has no
/// arrays, and one parameter whatever the count keeps a statement's text the same, so it is compiled once. Values are
/// written the way Microsoft.Data.Sqlite binds them, so a column receives exactly what EF Core would store:
/// timestamps as its text (<see cref="SqliteTimestamp.Format"/>), booleans as 0 and 1, nulls as JSON null (SQL NULL out of <c>-&gt;&gt;</c>).
/// </summary>
public static class JsonRows
{
    // Message bodies are most of what is written: escaping only what JSON requires keeps them short and cheap to write.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON array of ids: <c>[1,2,3]</c>.</summary>
    public static string Ids(IEnumerable<long> ids)
    {
        var text = new StringBuilder("[");
        foreach (var id in ids)
        {
            if (text.Length > 1) text.Append(',');
            text.Append(id.ToString(CultureInfo.InvariantCulture));
        }
        return text.Append(']').ToString();
    }

    /// <summary>A JSON array with one array per item, its values in the order <paramref name="write"/> adds them (read by <c>value -&gt;&gt; 0</c>, …).</summary>
    public static string Of<T>(IEnumerable<T> items, Action<Row, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteStartArray();
                write(new Row(writer), item);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One row's values, in column order.</summary>
    public readonly struct Row(Utf8JsonWriter writer)
    {
        public Row Add(long value)
        {
            writer.WriteNumberValue(value);
            return this;
        }

        public Row Add(long? value)
        {
            if (value is { } v) writer.WriteNumberValue(v);
            else writer.WriteNullValue();
            return this;
        }

        public Row Add(bool value) => Add(value ? 1L : 0L);

        public Row Add(string? value)
        {
            if (value is null) writer.WriteNullValue();
            else writer.WriteStringValue(value);
            return this;
        }

        public Row Add(DateTime value)
        {
            writer.WriteStringValue(SqliteTimestamp.Format(value));
            return this;
        }
    }
}
