using System.Diagnostics.CodeAnalysis;
using Vigil.Core.Ingest;

namespace Vigil.Ingest.Otlp;

/// <summary>The two encodings of an OTLP/HTTP body.</summary>
public enum OtlpEncoding
{
    /// <summary><c>application/x-protobuf</c>: binary protobuf.</summary>
    Protobuf,
    /// <summary><c>application/json</c>: protobuf's JSON mapping with OTLP's rules (lowerCamelCase keys, enums as integers).</summary>
    Json,
}

/// <summary>The compression of an OTLP/HTTP body (<c>Content-Encoding</c>).</summary>
public enum OtlpCompression
{
    /// <summary>No compression (header absent or <c>identity</c>).</summary>
    None,
    /// <summary><c>gzip</c>, the one compression OTLP/HTTP defines.</summary>
    Gzip,
}

/// <summary>How an OTLP/HTTP request body is encoded: its content type and content encoding.</summary>
/// <param name="Encoding">Protobuf or JSON.</param>
/// <param name="Compression">None or gzip.</param>
public readonly record struct OtlpContent(OtlpEncoding Encoding, OtlpCompression Compression = OtlpCompression.None)
{
    /// <summary>The content type of <see cref="Encoding"/>, for the response.</summary>
    public string ContentType => Encoding == OtlpEncoding.Json ? "application/json" : "application/x-protobuf";

    /// <summary>
    /// Reads the request's <c>Content-Type</c> and <c>Content-Encoding</c> headers. Parameters such as
    /// <c>charset</c> are ignored; anything but protobuf or JSON, gzip or identity is refused as
    /// <see cref="IngestErrorKind.UnsupportedMediaType"/> (415).
    /// </summary>
    public static bool TryParse(string? contentType, string? contentEncoding, out OtlpContent content, [NotNullWhen(false)] out IngestError? error)
    {
        content = default;
        var mediaType = (contentType ?? "").AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }
        mediaType = mediaType.Trim();
        OtlpEncoding encoding;
        if (mediaType.Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/protobuf", StringComparison.OrdinalIgnoreCase))
        {
            encoding = OtlpEncoding.Protobuf;
        }
        else if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            encoding = OtlpEncoding.Json;
        }
        else
        {
            error = new IngestError(IngestErrorKind.UnsupportedMediaType,
                $"unsupported Content-Type \"{contentType}\": OTLP/HTTP takes application/x-protobuf or application/json");
            return false;
        }

        var codings = (contentEncoding ?? "").AsSpan().Trim();
        OtlpCompression compression;
        if (codings.IsEmpty || codings.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            compression = OtlpCompression.None;
        }
        else if (codings.Equals("gzip", StringComparison.OrdinalIgnoreCase) || codings.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
        {
            compression = OtlpCompression.Gzip;
        }
        else
        {
            error = new IngestError(IngestErrorKind.UnsupportedMediaType,
                $"unsupported Content-Encoding \"{contentEncoding}\": OTLP/HTTP takes gzip or no compression");
            return false;
        }
        content = new OtlpContent(encoding, compression);
        error = null;
        return true;
    }
}
