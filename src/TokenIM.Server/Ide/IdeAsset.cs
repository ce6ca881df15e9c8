namespace TokenIM.Server.Ide;

/// <summary>One file of the GraphiQL bundle, held in memory with its gzipped form and a strong ETag.</summary>
public sealed record IdeAsset(string Name, string ContentType, ReadOnlyMemory<byte> Content, ReadOnlyMemory<byte> Gzipped, string ETag);
