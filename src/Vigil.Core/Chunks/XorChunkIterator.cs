using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Vigil.Core.Series;

namespace Vigil.Core.Chunks;

/// <summary>
/// Reads the samples of an encoded chunk (format in <see cref="XorChunk"/>) without allocating:
/// <c>foreach (var s in new XorChunkIterator(bytes))</c>. A corrupt or truncated chunk stops the iteration and
/// sets <see cref="Error"/>, which names the sample and bit offset.
/// </summary>
public ref struct XorChunkIterator
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _bitLength;
    private long _bitPosition;
    private int _read;
    private long _time;
    private long _delta;
    private ulong _bits;
    private int _leading;
    private int _trailing;

    /// <summary>Starts reading a chunk.</summary>
    public XorChunkIterator(ReadOnlySpan<byte> chunk)
    {
        _data = chunk;
        _bitLength = (long)chunk.Length * 8;
        _bitPosition = XorChunk.HeaderBytes * 8;
        _leading = -1;
        if (chunk.Length < XorChunk.HeaderBytes)
        {
            Error = $"chunk of {chunk.Length} bytes is shorter than its {XorChunk.HeaderBytes}-byte header";
        }
        else
        {
            Count = BinaryPrimitives.ReadUInt16BigEndian(chunk);
        }
    }

    /// <summary>Number of samples the header announces.</summary>
    public int Count { get; }

    /// <summary>The sample read by the last successful <see cref="MoveNext"/>.</summary>
    public readonly Sample Current => new(_time, BitConverter.UInt64BitsToDouble(_bits));

    /// <summary>Null, or what was wrong and where once <see cref="MoveNext"/> returned false on bad data.</summary>
    public string? Error { get; private set; }

    /// <summary>Returns this iterator, for <c>foreach</c>.</summary>
    public readonly XorChunkIterator GetEnumerator() => this;

    /// <summary>Reads the next sample; false at the end or on bad data (see <see cref="Error"/>).</summary>
    public bool MoveNext()
    {
        if (_read >= Count || Error is not null)
        {
            return false;
        }
        var ok = _read == 0 ? ReadFirst() : ReadTimestamp() && ReadValue();
        if (!ok)
        {
            Error ??= $"chunk truncated in sample {_read} of {Count} at bit {_bitPosition} of {_bitLength}";
            return false;
        }
        _read++;
        return true;
    }

    private bool ReadFirst()
    {
        ulong zigzag = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 63 || !TryReadBits(8, out var b))
            {
                if (shift > 63)
                {
                    Error = $"first timestamp varint too long at bit {_bitPosition}";
                }
                return false;
            }
            zigzag |= (b & 0x7f) << shift;
            if (b < 0x80)
            {
                break;
            }
        }
        _time = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
        return TryReadBits(64, out _bits);
    }

    private bool ReadTimestamp()
    {
        // Up to four control bits select the bucket.
        var bucket = 0;
        while (bucket < 4)
        {
            if (!TryReadBits(1, out var bit))
            {
                return false;
            }
            if (bit == 0)
            {
                break;
            }
            bucket++;
        }
        long dod;
        if (bucket == 0)
        {
            dod = 0;
        }
        else
        {
            var width = bucket switch { 1 => 7, 2 => 14, 3 => 20, _ => 64 };
            if (!TryReadBits(width, out var raw))
            {
                return false;
            }
            dod = width == 64 ? (long)raw : raw > 1UL << (width - 1) ? (long)raw - (1L << width) : (long)raw;
        }
        _delta += dod;
        if (_delta <= 0)
        {
            Error = $"timestamps do not ascend in sample {_read} at bit {_bitPosition}";
            return false;
        }
        _time += _delta;
        return true;
    }

    private bool ReadValue()
    {
        if (!TryReadBits(1, out var control))
        {
            return false;
        }
        if (control == 0)
        {
            return true;
        }
        if (!TryReadBits(1, out control))
        {
            return false;
        }
        if (control == 1)
        {
            if (!TryReadBits(11, out var header))
            {
                return false;
            }
            _leading = (int)(header >> 6);
            var length = (int)(header & 0x3f);
            _trailing = 64 - _leading - (length == 0 ? 64 : length);
            if (_trailing < 0)
            {
                Error = $"XOR window of {_leading} leading zeros and {length} bits exceeds 64 in sample {_read} at bit {_bitPosition}";
                return false;
            }
        }
        else if (_leading < 0)
        {
            Error = $"XOR window reused before one was set in sample {_read} at bit {_bitPosition}";
            return false;
        }
        if (!TryReadBits(64 - _leading - _trailing, out var xor))
        {
            return false;
        }
        _bits ^= xor << _trailing;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadBits(int count, out ulong value)
    {
        if (_bitPosition + count > _bitLength)
        {
            value = 0;
            return false;
        }
        if (count > 56)
        {
            value = (ReadBitsUnchecked(count - 32) << 32) | ReadBitsUnchecked(32);
            return true;
        }
        value = ReadBitsUnchecked(count);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadBitsUnchecked(int count)
    {
        var index = (int)(_bitPosition >> 3);
        var offset = (int)(_bitPosition & 7);
        // Fast path: a whole big-endian word is there. The tail (last 7 bytes) goes through a separate method,
        // because a stackalloc would keep this one from being inlined.
        var word = index + 8 <= _data.Length
            ? BinaryPrimitives.ReadUInt64BigEndian(_data.Slice(index, 8))
            : ReadTailWord(_data, index);
        _bitPosition += count;
        return count == 0 ? 0 : (word << offset) >> (64 - count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong ReadTailWord(ReadOnlySpan<byte> data, int index)
    {
        Span<byte> tail = stackalloc byte[8];
        tail.Clear();
        data[index..].CopyTo(tail);
        return BinaryPrimitives.ReadUInt64BigEndian(tail);
    }
}
