using System.Buffers.Binary;
using Vigil.Core.Series;

namespace Vigil.Core.Chunks;

/// <summary>
/// The Gorilla chunk format (Pelkonen et al., VLDB 2015) as Vigil stores it: a 2-byte big-endian sample count, then
/// a bit stream of delta-of-delta millisecond timestamps and XOR-encoded float64 values. Values round-trip bit for
/// bit (NaN payloads such as the stale marker, ±Inf, -0.0).
/// </summary>
/// <remarks>
/// Bit stream, most significant bit first:
/// <list type="bullet">
/// <item>sample 0: timestamp as a zigzag varint (8-bit groups), value as its 64 raw bits;</item>
/// <item>timestamps after it: dod = (t[i] − t[i−1]) − (t[i−1] − t[i−2]) (the first delta counts as a dod from 0):
/// <c>0</c> for dod 0; <c>10</c> + 7 bits; <c>110</c> + 14 bits; <c>1110</c> + 20 bits; <c>1111</c> + 64 bits
/// (two's complement, the bucket's range is [−2^(n−1)+1, 2^(n−1)]);</item>
/// <item>values after it: x = bits XOR previous bits; <c>0</c> when x = 0; <c>10</c> + the meaningful bits when they
/// fit the previous window; else <c>11</c> + 5 bits leading zeros (capped at 31) + 6 bits length (64 as 0) + the bits.</item>
/// </list>
/// </remarks>
public static class XorChunk
{
    /// <summary>Most samples one chunk holds (the count header is 16 bits).</summary>
    public const int MaxSamples = ushort.MaxValue;

    /// <summary>Bytes of the count header.</summary>
    public const int HeaderBytes = 2;

    /// <summary>The sample count of an encoded chunk (0 when it is shorter than its header).</summary>
    public static int CountOf(ReadOnlySpan<byte> chunk) =>
        chunk.Length < HeaderBytes ? 0 : BinaryPrimitives.ReadUInt16BigEndian(chunk);

    /// <summary>Encodes samples whose timestamps strictly ascend; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static byte[] Encode(ReadOnlySpan<Sample> samples)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samples.Length, MaxSamples, nameof(samples));
        var appender = new XorChunkAppender(Math.Max(16, samples.Length * 2));
        foreach (var s in samples)
        {
            if (appender.Append(s.TimestampMs, s.Value) != ChunkAppendResult.Appended)
            {
                throw new ArgumentException($"timestamps must strictly ascend: {s.TimestampMs} after {appender.MaxTimeMs}", nameof(samples));
            }
        }
        return appender.ToArray();
    }

    /// <summary>
    /// Encodes like <see cref="Encode"/>, choosing the XOR windows for the whole chunk at once (smaller, same format);
    /// for sealing a head chunk. Chunks longer than 4096 samples are encoded greedily.
    /// </summary>
    public static byte[] EncodeCompact(ReadOnlySpan<Sample> samples)
    {
        if (samples.Length > XorWindowPlanner.MaxSamples)
        {
            return Encode(samples);
        }
        var bits = new ulong[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            bits[i] = BitConverter.DoubleToUInt64Bits(samples[i].Value);
            if (i > 0 && samples[i].TimestampMs <= samples[i - 1].TimestampMs)
            {
                throw new ArgumentException($"timestamps must strictly ascend: {samples[i].TimestampMs} after {samples[i - 1].TimestampMs}", nameof(samples));
            }
        }
        var plan = XorWindowPlanner.Plan(bits);
        var appender = new XorChunkAppender(Math.Max(16, samples.Length * 2));
        for (var i = 0; i < samples.Length; i++)
        {
            appender.AppendPlanned(samples[i].TimestampMs, samples[i].Value, plan[i].Lead, plan[i].Trail);
        }
        return appender.ToArray();
    }

    /// <summary>Re-encodes a chunk with <see cref="EncodeCompact"/>; throws <see cref="FormatException"/> when it is corrupt.</summary>
    public static byte[] Compact(ReadOnlySpan<byte> chunk) => EncodeCompact(Decode(chunk));

    /// <summary>Decodes every sample into <paramref name="destination"/>.</summary>
    /// <returns>False with <paramref name="error"/> naming the bit offset when the chunk is corrupt or truncated.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> chunk, List<Sample> destination, out string error)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var it = new XorChunkIterator(chunk);
        destination.EnsureCapacity(destination.Count + it.Count);
        while (it.MoveNext())
        {
            destination.Add(it.Current);
        }
        error = it.Error ?? "";
        return it.Error is null;
    }

    /// <summary>Appends the samples with a timestamp in [<paramref name="minTimeMs"/>, <paramref name="maxTimeMs"/>] to <paramref name="destination"/>.</summary>
    /// <returns>False with <paramref name="error"/> naming the bit offset when the chunk is corrupt or truncated.</returns>
    public static bool TryDecodeRange(ReadOnlySpan<byte> chunk, long minTimeMs, long maxTimeMs, List<Sample> destination, out string error)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var it = new XorChunkIterator(chunk);
        while (it.MoveNext())
        {
            var sample = it.Current;
            if (sample.TimestampMs > maxTimeMs)
            {
                break; // timestamps ascend: nothing later can be in range
            }
            if (sample.TimestampMs >= minTimeMs)
            {
                destination.Add(sample);
            }
        }
        error = it.Error ?? "";
        return it.Error is null;
    }

    /// <summary>Decodes every sample; throws <see cref="FormatException"/> when the chunk is corrupt.</summary>
    public static Sample[] Decode(ReadOnlySpan<byte> chunk)
    {
        var it = new XorChunkIterator(chunk);
        var result = new Sample[it.Count];
        var n = 0;
        while (it.MoveNext())
        {
            result[n++] = it.Current;
        }
        return it.Error is null ? result : throw new FormatException(it.Error);
    }
}
