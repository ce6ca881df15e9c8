using SkiaSharp;

namespace TokenIM.Server.Files;

/// <summary>What the node could read from an image: its size as displayed, and whether a thumbnail was written.</summary>
public sealed record ImageFacts(int Width, int Height, string? ThumbnailContentType);

/// <summary>
/// Reads JPEG, PNG, GIF and WebP files with Skia (SkiaSharp: MIT, its native library ships in the package) and writes a
/// thumbnail whose longest side is <see cref="FilesOptions.ThumbnailMaxSide"/>. Only the first frame of an animation is
/// used. Never throws for the file's sake: a file Skia cannot decode is simply not an image.
/// </summary>
public sealed class ImageThumbnails(FilesOptions options, ILogger<ImageThumbnails> logger)
{
    private static readonly HashSet<SKEncodedImageFormat> Formats =
        [SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Png, SKEncodedImageFormat.Gif, SKEncodedImageFormat.Webp];

    /// <summary>
    /// The image's facts, with a thumbnail written to <paramref name="thumbnailPath"/> when it could be made (its content
    /// type is then set); null when the file is not an image this node reads.
    /// </summary>
    public ImageFacts? Read(string path, string thumbnailPath)
    {
        try
        {
            using var codec = SKCodec.Create(path, out _);
            if (codec is null || !Formats.Contains(codec.EncodedFormat)) return null;

            var (width, height) = (codec.Info.Width, codec.Info.Height);
            if (width <= 0 || height <= 0) return null;
            var origin = codec.EncodedOrigin;
            var displayed = SwapsAxes(origin) ? (Width: height, Height: width) : (Width: width, Height: height);

            var contentType = WriteThumbnail(codec, origin, thumbnailPath);
            // A file whose pixels could not be decoded is corrupt, and a corrupt file is not an image, unless it was
            // too large to try: then its header is all the node read, and that is what it reports.
            if (contentType is null && !TooLargeToDecode(codec)) return null;
            return new ImageFacts(displayed.Width, displayed.Height, contentType);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogInformation(e, "An upload looked like an image but could not be read; it is stored as a plain file");
            FileSpool.Discard(thumbnailPath);
            return null;
        }
    }

    private SKSizeI DecodeSize(SKCodec codec)
    {
        var longest = Math.Max(codec.Info.Width, codec.Info.Height);
        var wanted = Math.Min(options.ThumbnailMaxSide, longest);
        // JPEG decodes directly at k/8 of its size: the smallest such size that still covers the thumbnail. Other formats
        // answer their full size for every scale.
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var size = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Max(size.Width, size.Height) >= wanted) return size;
        }
        return codec.Info.Size;
    }

    private bool TooLargeToDecode(SKCodec codec)
    {
        var size = DecodeSize(codec);
        return (long)size.Width * size.Height > options.ThumbnailMaxPixels;
    }

    private string? WriteThumbnail(SKCodec codec, SKEncodedOrigin origin, string thumbnailPath)
    {
        if (TooLargeToDecode(codec)) return null;
        var size = DecodeSize(codec);
        var opaque = codec.Info.AlphaType == SKAlphaType.Opaque;
        var info = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        if (codec.GetPixels(info, decoded.GetPixels()) != SKCodecResult.Success) return null;

        var longest = Math.Max(size.Width, size.Height);
        var scale = Math.Min(1.0, (double)options.ThumbnailMaxSide / longest);
        var target = new SKSizeI(Math.Max(1, (int)Math.Round(size.Width * scale)), Math.Max(1, (int)Math.Round(size.Height * scale)));
        using var resized = target == size ? null : decoded.Resize(info.WithSize(target), new SKSamplingOptions(SKCubicResampler.Mitchell));
        var source = resized ?? decoded;
        using var upright = Orient(source, origin);

        var format = opaque ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png;
        using (var output = File.Create(thumbnailPath))
        {
            if (!(upright ?? source).Encode(output, format, 82)) return null;
        }
        return opaque ? "image/jpeg" : "image/png";
    }

    private static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>A copy turned the way the camera's EXIF orientation says the image is seen, or null when it already is.</summary>
    private static SKBitmap? Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default) return null;
        var (w, h) = (bitmap.Width, bitmap.Height);
        var rotated = new SKBitmap(bitmap.Info.WithSize(SwapsAxes(origin) ? new SKSizeI(h, w) : new SKSizeI(w, h)));
        using var canvas = new SKCanvas(rotated);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Scale(-1, 1, w / 2f, 0); break;
            case SKEncodedOrigin.BottomRight: canvas.RotateDegrees(180, w / 2f, h / 2f); break;
            case SKEncodedOrigin.BottomLeft: canvas.Scale(1, -1, 0, h / 2f); break;
            // The last transform given applies first: (x, y) → (y, x).
            case SKEncodedOrigin.LeftTop: canvas.Scale(-1, 1); canvas.RotateDegrees(90); break;
            // (x, y) → (h − y, x): a quarter turn clockwise.
            case SKEncodedOrigin.RightTop: canvas.Translate(h, 0); canvas.RotateDegrees(90); break;
            // (x, y) → (h − y, w − x).
            case SKEncodedOrigin.RightBottom: canvas.Translate(h, w); canvas.Scale(-1, 1); canvas.RotateDegrees(270); break;
            // (x, y) → (y, w − x): a quarter turn anticlockwise.
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, w); canvas.RotateDegrees(270); break;
        }
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return rotated;
    }
}
