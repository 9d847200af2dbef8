using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Snappier;
using Vigil.Core.Ingest;

namespace Vigil.Ingest.RemoteWrite;

/// <summary>
/// Decodes Prometheus remote write 1.0 requests: a snappy block-compressed <c>prometheus.WriteRequest</c>
/// becomes a validated <see cref="MetricBatch"/>, or an <see cref="IngestError"/> that names the problem and where
/// it is (series index and metric, label, byte offset). A request is taken whole or refused whole.
/// </summary>
/// <remarks>Thread-safe: each thread decodes with its own scratch state.</remarks>
public static class RemoteWriteDecoder
{
    /// <summary>The content type remote write 1.0 sends.</summary>
    public const string ContentType = "application/x-protobuf";

    /// <summary>The content encoding remote write 1.0 sends.</summary>
    public const string ContentEncoding = "snappy";

    /// <summary>The value of <c>X-Prometheus-Remote-Write-Version</c> for remote write 1.0.</summary>
    public const string ProtocolVersion = "0.1.0";

    /// <summary>The header that carries the protocol version.</summary>
    public const string VersionHeader = "X-Prometheus-Remote-Write-Version";

    // The stream identifier chunk that opens every framed (stream format) snappy body.
    private static ReadOnlySpan<byte> FramedSnappyHeader => [0xff, 0x06, 0x00, 0x00, (byte)'s', (byte)'N', (byte)'a', (byte)'P', (byte)'p', (byte)'Y'];

    /// <summary>
    /// Checks the request headers before the body is read, so an endpoint can answer 415 early.
    /// </summary>
    /// <param name="contentType">The <c>Content-Type</c> header, e.g. <c>application/x-protobuf</c>.</param>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> header; must be <c>snappy</c>.</param>
    /// <param name="protocolVersion">The <c>X-Prometheus-Remote-Write-Version</c> header; absent or 0.1.x.</param>
    /// <returns>Null when the request can be decoded, otherwise an <see cref="IngestErrorKind.UnsupportedMediaType"/> error.</returns>
    public static IngestError? CheckHeaders(string? contentType, string? contentEncoding, string? protocolVersion)
    {
        var media = (contentType ?? "").AsSpan();
        var semicolon = media.IndexOf(';');
        var parameters = semicolon < 0 ? [] : media[(semicolon + 1)..];
        media = (semicolon < 0 ? media : media[..semicolon]).Trim();
        if (!media.Equals(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Unsupported($"Content-Type \"{contentType}\" is not supported: remote write sends {ContentType}");
        }
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.StartsWith("proto=", StringComparison.OrdinalIgnoreCase))
            {
                var message = parameter["proto=".Length..].Trim().Trim('"');
                if (!message.Equals("prometheus.WriteRequest", StringComparison.Ordinal))
                {
                    return Unsupported($"protobuf message \"{message}\" is not supported: Vigil speaks remote write 1.0 (prometheus.WriteRequest); set protobuf_message: prometheus.WriteRequest in the remote_write config");
                }
            }
        }
        if (!string.Equals(contentEncoding?.Trim(), ContentEncoding, StringComparison.OrdinalIgnoreCase))
        {
            return Unsupported(string.IsNullOrEmpty(contentEncoding)
                ? $"Content-Encoding is missing: remote write bodies are {ContentEncoding}-compressed"
                : $"Content-Encoding \"{contentEncoding}\" is not supported: remote write bodies are {ContentEncoding}-compressed");
        }
        var version = protocolVersion?.Trim();
        if (!string.IsNullOrEmpty(version) && !version.StartsWith("0.1.", StringComparison.Ordinal))
        {
            return Unsupported($"{VersionHeader} \"{version}\" is not supported: Vigil speaks remote write {ProtocolVersion}");
        }
        return null;
    }

    /// <summary>Decodes a snappy block-compressed <c>WriteRequest</c> body.</summary>
    /// <param name="body">The request body as received.</param>
    /// <param name="limits">The bounds to enforce; <see cref="IngestLimits.MaxBodyBytes"/> applies after decompression.</param>
    /// <param name="result">The decoded request when the method returns true.</param>
    /// <param name="error">What was wrong and where when the method returns false.</param>
    /// <returns>True when the whole request is valid.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> body, IngestLimits limits, [NotNullWhen(true)] out RemoteWriteResult? result, [NotNullWhen(false)] out IngestError? error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        byte[]? rented = null;
        try
        {
            var protobuf = Decompress(body, limits.MaxBodyBytes, out rented);
            result = RemoteWriteParser.Rent().Parse(protobuf, limits);
            error = null;
            return true;
        }
        catch (DecodeException e)
        {
            result = null;
            error = e.Error;
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Decodes an uncompressed <c>WriteRequest</c> (tests and benchmarks; the protocol always compresses).</summary>
    internal static bool TryDecodeProtobuf(ReadOnlySpan<byte> protobuf, IngestLimits limits, [NotNullWhen(true)] out RemoteWriteResult? result, [NotNullWhen(false)] out IngestError? error)
    {
        try
        {
            if (protobuf.Length > limits.MaxBodyBytes)
            {
                DecodeException.Throw(TooLarge(protobuf.Length, limits.MaxBodyBytes));
            }
            result = RemoteWriteParser.Rent().Parse(protobuf, limits);
            error = null;
            return true;
        }
        catch (DecodeException e)
        {
            result = null;
            error = e.Error;
            return false;
        }
    }

    private static ReadOnlySpan<byte> Decompress(ReadOnlySpan<byte> body, int maxBytes, out byte[]? rented)
    {
        rented = null;
        if (body.IsEmpty)
        {
            DecodeException.Malformed("empty body: expected a snappy-compressed prometheus.WriteRequest");
        }
        if (body.StartsWith(FramedSnappyHeader))
        {
            DecodeException.Malformed("snappy: the body uses the framed (stream) format; remote write uses the snappy block format");
        }
        if (body.Length > maxBytes)
        {
            DecodeException.Throw(new IngestError(IngestErrorKind.TooLarge, $"body of {body.Length} bytes exceeds the limit {nameof(IngestLimits.MaxBodyBytes)}={maxBytes}"));
        }
        var length = ReadSnappyLength(body);
        if (length > (ulong)maxBytes)
        {
            DecodeException.Throw(TooLarge(length, maxBytes));
        }
        if (length == 0)
        {
            return [];
        }
        rented = ArrayPool<byte>.Shared.Rent((int)length);
        int written;
        try
        {
            if (!Snappy.TryDecompress(body, rented, out written))
            {
                written = -1;
            }
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            DecodeException.Malformed($"snappy: invalid block data ({e.Message})");
            return default;
        }
        if (written != (int)length)
        {
            DecodeException.Malformed($"snappy: invalid block data (the preamble announces {length} bytes, the block decodes to {(written < 0 ? "something else" : written.ToString(System.Globalization.CultureInfo.InvariantCulture))})");
        }
        return rented.AsSpan(0, written);
    }

    /// <summary>The uncompressed length from the block preamble: a little-endian base-128 varint of at most 32 bits.</summary>
    private static ulong ReadSnappyLength(ReadOnlySpan<byte> body)
    {
        ulong length = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= body.Length)
            {
                DecodeException.Malformed($"snappy: truncated length preamble at byte {i}");
            }
            length |= (ulong)(body[i] & 0x7f) << (7 * i);
            if (body[i] < 0x80)
            {
                if (length > uint.MaxValue)
                {
                    break;
                }
                return length;
            }
        }
        DecodeException.Malformed("snappy: invalid length preamble at byte 0 (not a snappy block?)");
        return 0;
    }

    private static IngestError TooLarge(ulong length, int maxBytes) =>
        new(IngestErrorKind.TooLarge, $"decompressed body of {length} bytes exceeds the limit {nameof(IngestLimits.MaxBodyBytes)}={maxBytes}");

    private static IngestError TooLarge(int length, int maxBytes) => TooLarge((ulong)length, maxBytes);

    private static IngestError Unsupported(string message) => new(IngestErrorKind.UnsupportedMediaType, message);
}
