using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Vigil.Core.Chunks;

/// <summary>
/// A head chunk: appends samples in O(1) into a Gorilla bit stream (format in <see cref="XorChunk"/>) held in a
/// compact growable buffer. The encoded bytes are readable at any time; not thread-safe (one owner appends).
/// </summary>
public sealed class XorChunkAppender
{
    // The bit writer ORs a big-endian 64-bit word at the current byte, so the buffer keeps 8 bytes of zeroed slack
    // past the last written byte; the slack is never part of Bytes.
    private const int Slack = 8;
    private const byte NoWindow = 0xff;

    private byte[] _buffer;
    private int _bitPosition;
    private int _count;
    private long _minTime;
    private long _maxTime;
    private long _previousDelta;
    private ulong _previousBits;
    private byte _leading = NoWindow;
    private byte _trailing;

    /// <summary>Creates an empty chunk.</summary>
    /// <param name="initialCapacityBytes">Initial buffer size; it grows by half as needed.</param>
    public XorChunkAppender(int initialCapacityBytes = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacityBytes);
        _buffer = new byte[Math.Max(initialCapacityBytes, XorChunk.HeaderBytes) + Slack];
        _bitPosition = XorChunk.HeaderBytes * 8;
    }

    /// <summary>Number of samples.</summary>
    public int Count => _count;

    /// <summary>First timestamp (ms); 0 when empty.</summary>
    public long MinTimeMs => _minTime;

    /// <summary>Last timestamp (ms); 0 when empty.</summary>
    public long MaxTimeMs => _maxTime;

    /// <summary>True when the chunk cannot take another sample.</summary>
    public bool IsFull => _count >= XorChunk.MaxSamples;

    /// <summary>The encoded chunk so far (header included); valid until the next append.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, (_bitPosition + 7) >> 3);

    /// <summary>Length of <see cref="Bytes"/>.</summary>
    public int ByteCount => (_bitPosition + 7) >> 3;

    /// <summary>Approximate managed memory this chunk holds: the object, its fields and its buffer.</summary>
    public int MemoryBytes => 72 + 24 + _buffer.Length; // object header + fields, array header + elements (x64)

    /// <summary>A copy of the encoded chunk, sized exactly.</summary>
    public byte[] ToArray() => Bytes.ToArray();

    /// <summary>Appends a sample whose timestamp is after every previous one.</summary>
    public ChunkAppendResult Append(long timestampMs, double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        if (_count == 0)
        {
            AppendFirst(timestampMs, bits);
            return ChunkAppendResult.Appended;
        }
        if (timestampMs <= _maxTime)
        {
            return timestampMs == _maxTime && bits == _previousBits ? ChunkAppendResult.Duplicate : ChunkAppendResult.OutOfOrder;
        }
        if (_count >= XorChunk.MaxSamples)
        {
            return ChunkAppendResult.Full;
        }

        var delta = timestampMs - _maxTime;
        WriteTimestampDod(delta - _previousDelta);
        _previousDelta = delta;
        WriteValue(bits);
        _maxTime = timestampMs;
        _count++;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, (ushort)_count);
        return ChunkAppendResult.Appended;
    }

    /// <summary>Empties the chunk, keeping its buffer.</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        _bitPosition = XorChunk.HeaderBytes * 8;
        _count = 0;
        _minTime = _maxTime = _previousDelta = 0;
        _previousBits = 0;
        _leading = NoWindow;
        _trailing = 0;
    }

    private void AppendFirst(long timestampMs, ulong bits)
    {
        // Zigzag varint: 6 bytes for today's millisecond timestamps instead of 8.
        var zigzag = (ulong)((timestampMs << 1) ^ (timestampMs >> 63));
        while (zigzag >= 0x80)
        {
            WriteBits((zigzag & 0x7f) | 0x80, 8);
            zigzag >>= 7;
        }
        WriteBits(zigzag, 8);
        WriteBits(bits, 64);
        _minTime = _maxTime = timestampMs;
        _previousBits = bits;
        _count = 1;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, 1);
    }

    private void WriteTimestampDod(long dod)
    {
        switch (dod)
        {
            case 0:
                WriteBits(0b0, 1);
                break;
            case >= -63 and <= 64:
                WriteBits((0b10UL << 7) | ((ulong)dod & 0x7f), 9);
                break;
            case >= -8191 and <= 8192:
                WriteBits((0b110UL << 14) | ((ulong)dod & 0x3fff), 17);
                break;
            case >= -524287 and <= 524288:
                WriteBits((0b1110UL << 20) | ((ulong)dod & 0xfffff), 24);
                break;
            default:
                WriteBits(0b1111, 4);
                WriteBits((ulong)dod, 64);
                break;
        }
    }

    /// <summary>Appends with a planned XOR window (see <see cref="XorWindowPlanner"/>); the caller checked the order.</summary>
    internal void AppendPlanned(long timestampMs, double value, sbyte lead, sbyte trail)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        if (_count == 0 || lead < 0)
        {
            Append(timestampMs, value);
            return;
        }
        var delta = timestampMs - _maxTime;
        WriteTimestampDod(delta - _previousDelta);
        _previousDelta = delta;
        var xor = bits ^ _previousBits;
        _previousBits = bits;
        if (lead == _leading && trail == _trailing)
        {
            WriteBits(0b10, 2);
            WriteBits(xor >> trail, 64 - lead - trail);
        }
        else
        {
            _leading = (byte)lead;
            _trailing = (byte)trail;
            var length = 64 - lead - trail;
            WriteBits((0b11UL << 11) | ((ulong)lead << 6) | ((ulong)length & 0x3f), 13);
            WriteBits(xor >> trail, length);
        }
        _maxTime = timestampMs;
        _count++;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, (ushort)_count);
    }

    private void WriteValue(ulong bits)
    {
        var xor = bits ^ _previousBits;
        _previousBits = bits;
        if (xor == 0)
        {
            WriteBits(0b0, 1);
            return;
        }
        var leading = Math.Min(BitOperations.LeadingZeroCount(xor), 31);
        var trailing = BitOperations.TrailingZeroCount(xor);
        if (_leading != NoWindow && leading >= _leading && trailing >= _trailing)
        {
            var significant = 64 - _leading - _trailing;
            WriteBits(0b10, 2);
            WriteBits(xor >> _trailing, significant);
            return;
        }
        _leading = (byte)leading;
        _trailing = (byte)trailing;
        var length = 64 - leading - trailing;
        // 2 control bits, 5 bits leading, 6 bits length (64 wraps to 0): one write.
        WriteBits((0b11UL << 11) | ((ulong)leading << 6) | ((ulong)length & 0x3f), 13);
        WriteBits(xor >> trailing, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteBits(ulong value, int count)
    {
        if (count > 56)
        {
            WriteBits(value >> 32, count - 32);
            value &= 0xffff_ffff;
            count = 32;
        }
        var index = _bitPosition >> 3;
        if (index + Slack > _buffer.Length)
        {
            Grow();
        }
        value &= (1UL << count) - 1;
        var shift = 64 - (_bitPosition & 7) - count;
        var span = _buffer.AsSpan(index, 8);
        BinaryPrimitives.WriteUInt64BigEndian(span, BinaryPrimitives.ReadUInt64BigEndian(span) | (value << shift));
        _bitPosition += count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow() => Array.Resize(ref _buffer, _buffer.Length + Math.Max(16, _buffer.Length >> 1));
}
