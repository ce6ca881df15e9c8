namespace TokenIM.Server.Http;

/// <summary>
/// An endpoint whose URL carries its own authorization: a signed, expiring token made for a caller who was checked when
/// it was made (a file's download URL, an upload URL). Such a request needs no Authorization header, so
/// <list type="bullet">
/// <item>a stale Authorization header (a client that adds its bearer token to every request) is ignored, not refused with 401;</item>
/// <item>it is not counted against the per-caller request limit: the URL was made by a counted request, and the
/// <c>&lt;img&gt;</c> loads of a screen of thumbnails, anonymous and counted by address, would use up the budget of
/// everyone behind one office's address;</item>
/// <item>any origin may read the answer (CORS without credentials): whoever holds the URL can fetch it anyway, and a
/// web client served from another origin must be able to fetch it or draw it on a canvas.</item>
/// </list>
/// </summary>
public static class SignedUrlEndpoint
{
    public const string CorsPolicy = "TokenIM.SignedUrl";

    public static TBuilder AuthorizedBySignedUrl<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Marker.Instance).DisableRateLimiting().RequireCors(CorsPolicy);

    public static bool Is(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null;

    private sealed class Marker
    {
        public static readonly Marker Instance = new();
    }
}
