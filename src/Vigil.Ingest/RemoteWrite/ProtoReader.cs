using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Vigil.Ingest.RemoteWrite;

/// <summary>Protobuf wire types (the low three bits of a tag).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>
/// A forward-only protobuf reader over a span that knows its absolute byte offset, so that every error names the
/// byte where the message stops making sense. Malformed input throws <see cref="DecodeException"/>.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _base;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> buffer, int baseOffset = 0)
    {
        _buffer = buffer;
        _base = baseOffset;
        _position = 0;
    }

    /// <summary>The absolute offset of the next byte.</summary>
    public readonly int Offset => _base + _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _position >= _buffer.Length;

    /// <summary>Reads a tag: the field number and the wire type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (int Field, WireType Wire) ReadTag()
    {
        var start = Offset;
        var tag = ReadVarint();
        var field = tag >> 3;
        if (field == 0 || field > int.MaxValue)
        {
            DecodeException.Malformed($"protobuf: invalid field number {field} at byte {start}");
        }
        return ((int)field, (WireType)(tag & 7));
    }

    /// <summary>Reads a base-128 varint of up to ten bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        var span = _buffer;
        var i = _position;
        if ((uint)i < (uint)span.Length && span[i] < 0x80)
        {
            _position = i + 1;
            return span[i];
        }
        return ReadVarintSlow();
    }

    private ulong ReadVarintSlow()
    {
        ulong result = 0;
        var shift = 0;
        var start = Offset;
        while (true)
        {
            if (_position >= _buffer.Length)
            {
                DecodeException.Malformed($"protobuf: truncated varint at byte {start}");
            }
            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
            shift += 7;
            if (shift >= 70)
            {
                DecodeException.Malformed($"protobuf: varint longer than 10 bytes at byte {start}");
            }
        }
    }

    /// <summary>Reads a little-endian 64-bit value (wire type 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadFixed64()
    {
        if (_position > _buffer.Length - 8)
        {
            Truncated("fixed64 value", 8);
        }
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.Slice(_position, 8));
        _position += 8;
        return value;
    }

    /// <summary>Reads a length prefix and the bytes it covers (wire type 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadBytes(out int offset)
    {
        var lengthAt = Offset;
        var length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
        {
            DecodeException.Malformed(
                $"protobuf: length {length} at byte {lengthAt} runs past the end of its message (which ends at byte {_base + _buffer.Length}): truncated body?");
        }
        offset = Offset;
        var bytes = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    /// <summary>Reads a nested message as a reader of its own, keeping absolute offsets.</summary>
    public ProtoReader ReadMessage()
    {
        var bytes = ReadBytes(out var offset);
        return new ProtoReader(bytes, offset);
    }

    /// <summary>Checks that a known field arrived with the wire type its schema gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Expect(WireType actual, WireType expected, string field, int tagOffset)
    {
        if (actual != expected)
        {
            DecodeException.Malformed($"protobuf: field {field} at byte {tagOffset} has wire type {(int)actual}, expected {(int)expected}");
        }
    }

    /// <summary>Skips a field this decoder does not use (forward compatibility).</summary>
    public void Skip(WireType wire, int tagOffset)
    {
        switch (wire)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Advance(8, "fixed64 value");
                break;
            case WireType.LengthDelimited:
                ReadBytes(out _);
                break;
            case WireType.Fixed32:
                Advance(4, "fixed32 value");
                break;
            default:
                DecodeException.Malformed($"protobuf: unsupported wire type {(int)wire} at byte {tagOffset}");
                break;
        }
    }

    private void Advance(int count, string what)
    {
        if (_position > _buffer.Length - count)
        {
            Truncated(what, count);
        }
        _position += count;
    }

    private readonly void Truncated(string what, int size) =>
        DecodeException.Malformed($"protobuf: truncated {what} at byte {Offset} ({size} bytes needed, {_buffer.Length - _position} left)");
}
