using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.IO.Hashing;
using Vigil.Core.Ingest;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// Gunzips a request body into a pooled buffer, bounded by the body limit applied to the decompressed size (a small
/// gzip body can expand a thousandfold). .NET's <see cref="GZipStream"/> returns a short read, not an error, for a
/// truncated body, so the gzip trailer (CRC-32 and length of the data) is checked here: a truncated or corrupted body
/// is malformed, never silently shorter. One gzip member only, as HTTP clients send.
/// </summary>
public static class GzipBody
{
    private const int TrailerLength = 8;
    private const int MinimumLength = 10 + TrailerLength; // header + trailer

    /// <summary>Decompresses <paramref name="body"/>; the caller returns <paramref name="rented"/> to the shared pool.</summary>
    public static bool TryDecompress(ReadOnlySpan<byte> body, int maxBytes, out byte[] rented, out int length, [NotNullWhen(false)] out IngestError? error)
    {
        rented = [];
        length = 0;
        if (body.Length < MinimumLength || body[0] != 0x1f || body[1] != 0x8b)
        {
            error = IngestError.Malformed(body.Length >= 2 && (body[0] != 0x1f || body[1] != 0x8b)
                ? $"Content-Encoding is gzip but the body does not start with the gzip magic bytes 1f 8b (found {body[0]:x2} {body[1]:x2} at byte 0)"
                : $"Content-Encoding is gzip but the body is {body.Length} bytes, shorter than a gzip header and trailer");
            return false;
        }

        var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(body[^TrailerLength..]);
        var expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(body[^4..]);
        // The trailer's size is the real size mod 2^32; it lets the buffer start at the right size when it fits the limit.
        var initial = expectedSize is > 0 and <= int.MaxValue && (int)expectedSize <= maxBytes ? (int)expectedSize + 1 : Math.Min(maxBytes + 1, 64 * 1024);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
        var total = 0;
        var crc = new Crc32();
        try
        {
            // GZipStream reads streams, not spans: the compressed bytes are copied once into a pooled array
            // (a memcpy, small next to inflating them).
            var compressed = ArrayPool<byte>.Shared.Rent(body.Length);
            try
            {
                body.CopyTo(compressed);
                using var source = new MemoryStream(compressed, 0, body.Length, writable: false);
                using var gzip = new GZipStream(source, CompressionMode.Decompress);
                while (true)
                {
                    if (total == buffer.Length)
                    {
                        if (total > maxBytes)
                        {
                            break;
                        }
                        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
                        buffer.AsSpan(0, total).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    var read = gzip.Read(buffer, total, buffer.Length - total);
                    if (read == 0)
                    {
                        break;
                    }
                    total += read;
                    if (total > maxBytes)
                    {
                        break;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(compressed);
            }
        }
        catch (InvalidDataException e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            error = IngestError.Malformed($"invalid gzip body after {total} decompressed bytes: {e.Message}");
            return false;
        }

        if (total > maxBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            error = new IngestError(IngestErrorKind.TooLarge,
                $"decompressed body exceeds the limit {nameof(IngestLimits.MaxBodyBytes)}={maxBytes} bytes ({body.Length} bytes compressed)");
            return false;
        }

        crc.Append(buffer.AsSpan(0, total));
        if (crc.GetCurrentHashAsUInt32() != expectedCrc || (uint)total != expectedSize)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            error = IngestError.Malformed(
                $"gzip body is truncated or corrupt: its trailer (last 8 bytes, at byte {body.Length - TrailerLength}) promises {expectedSize} bytes with CRC-32 {expectedCrc:x8}, decompression gave {total} bytes with CRC-32 {crc.GetCurrentHashAsUInt32():x8}");
            return false;
        }

        rented = buffer;
        length = total;
        error = null;
        return true;
    }
}
